/**
 * What the fake Discord remembers between requests: channels (and whether the bot may post in
 * them), the messages in them, and the registered application commands.
 */
import { snowflake } from './discord-fake-ids.js';
import { applyEdit, buildMessage, type MessageInit } from './discord-fake-payloads.js';
import type { FakeChannelSpec, JsonObject, MessageOrigin, PostedMessage } from './discord-fake-types.js';
import { isJsonObject } from './discord-fake-types.js';

interface StoredMessage {
  wire: JsonObject;
  allowedMentions: unknown;
  via: MessageOrigin;
  interactionId: string | undefined;
}

export interface MessageMeta {
  via: MessageOrigin;
  interactionId?: string;
}

function asObjects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function toPosted(stored: StoredMessage): PostedMessage {
  const { wire } = stored;
  return {
    id: String(wire.id),
    channelId: String(wire.channel_id),
    content: typeof wire.content === 'string' ? wire.content : '',
    embeds: asObjects(wire.embeds),
    components: asObjects(wire.components),
    flags: typeof wire.flags === 'number' ? wire.flags : 0,
    allowedMentions: stored.allowedMentions,
    via: stored.via,
    interactionId: stored.interactionId,
    wire: structuredClone(wire),
  };
}

export class MessageStore {
  private readonly channels = new Map<string, FakeChannelSpec>();
  private readonly messages = new Map<string, StoredMessage>();

  addChannel(spec: FakeChannelSpec): void {
    this.channels.set(spec.id, { canPost: true, ...spec });
  }

  channel(id: string): FakeChannelSpec | undefined {
    return this.channels.get(id);
  }

  setCanPost(channelId: string, canPost: boolean): void {
    const spec = this.channels.get(channelId);
    if (spec === undefined) throw new Error(`discord-fake: no channel ${channelId} to change`);
    this.channels.set(channelId, { ...spec, canPost });
  }

  create(init: MessageInit, meta: MessageMeta): PostedMessage {
    return this.put(buildMessage(init), init.body.allowed_mentions, meta);
  }

  /** Stores a message object made elsewhere (a component interaction's message). */
  put(wire: JsonObject, allowedMentions: unknown, meta: MessageMeta): PostedMessage {
    const stored: StoredMessage = { wire, allowedMentions, via: meta.via, interactionId: meta.interactionId };
    this.messages.set(String(wire.id), stored);
    return toPosted(stored);
  }

  get(id: string): PostedMessage | undefined {
    const stored = this.messages.get(id);
    return stored === undefined ? undefined : toPosted(stored);
  }

  edit(id: string, body: JsonObject): PostedMessage | undefined {
    const stored = this.messages.get(id);
    if (stored === undefined) return undefined;
    stored.wire = applyEdit(stored.wire, body);
    if (body.allowed_mentions !== undefined) stored.allowedMentions = body.allowed_mentions;
    return toPosted(stored);
  }

  delete(id: string): boolean {
    return this.messages.delete(id);
  }

  inChannel(channelId: string): PostedMessage[] {
    return [...this.messages.values()].filter((m) => m.wire.channel_id === channelId).map(toPosted);
  }
}

/** Registered application commands, per scope: 'global' or a guild id. */
export class CommandStore {
  private readonly scopes = new Map<string, JsonObject[]>();

  constructor(private readonly applicationId: string) {}

  /** Bulk overwrite, as PUT does; a command keeps its id when its name and type stay the same. */
  overwrite(scope: string, commands: JsonObject[]): JsonObject[] {
    const before = this.list(scope);
    const stored = commands.map((command) => this.withIds(scope, command, before));
    this.scopes.set(scope, stored);
    return stored;
  }

  /** Create-or-replace one command by name, as POST does. */
  upsert(scope: string, command: JsonObject): JsonObject {
    const before = this.list(scope);
    const stored = this.withIds(scope, command, before);
    this.scopes.set(scope, [...before.filter((c) => c.id !== stored.id), stored]);
    return stored;
  }

  list(scope: string): JsonObject[] {
    return this.scopes.get(scope) ?? [];
  }

  /** The id of a registered command named `name` (guild scope first), if any. */
  idFor(name: string, guildId: string | undefined): string | undefined {
    const scoped = guildId === undefined ? [] : this.list(guildId);
    const found = [...scoped, ...this.list('global')].find((c) => c.name === name);
    return typeof found?.id === 'string' ? found.id : undefined;
  }

  private withIds(scope: string, command: JsonObject, before: JsonObject[]): JsonObject {
    const type = command.type ?? 1;
    const previous = before.find((c) => c.name === command.name && c.type === type);
    return {
      default_member_permissions: null,
      nsfw: false,
      description: '',
      ...command,
      type,
      id: typeof previous?.id === 'string' ? previous.id : snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
  }
}
