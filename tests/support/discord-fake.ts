// biome-ignore-all format: the fake's surface kept one member a line, within the 400-line limit
/**
 * A loopback Discord for tests: the REST API and gateway a discord.js bot uses, on 127.0.0.1,
 * enforcing what real Discord enforces (3 s to acknowledge, one initial reply, message limits)
 * and recording everything the bot sent so tests can assert on it.
 *
 *   const fake = await DiscordFake.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 *   await client.login(fake.token);                       // GET /gateway/bot, IDENTIFY → READY
 *   const sent = fake.sendCommand('summary', { topic: 'iran' });
 *   const reply = await sent.firstCallback();             // { type: 4, data, latencyMs, ... }
 *   fake.messagesIn(DEFAULT_IDS.channel);                 // what the channel now shows
 *   await client.destroy(); await fake.close();
 *
 * Pieces: -rest (HTTP routes, faults), -gateway (websocket), -interactions (callback rules),
 * -limits (50035 checks), -store (channels, messages, commands), -payloads (object builders).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord-fake-gateway.js';
import { DEFAULT_IDS, FAKE_TOKEN, snowflake } from './discord-fake-ids.js';
import { InteractionLedger, type LedgerTiming } from './discord-fake-interactions.js';
import {
  baseInteraction,
  buildOptions,
  buildUser,
  defaultComponentMessage,
  type InteractionContext,
  type OptionValue,
} from './discord-fake-payloads.js';
import { compileMatcher, RestApi } from './discord-fake-rest.js';
import { Signal } from './discord-fake-signal.js';
import { CommandStore, MessageStore } from './discord-fake-store.js';
import type {
  DiscordFakeOptions,
  FakeChannelSpec,
  FakeUser,
  FaultResponse,
  GatewayFrame,
  InteractionCallback,
  JsonObject,
  PostedMessage,
  RecordedRequest,
  RequestMatcher,
  SentInteraction,
} from './discord-fake-types.js';

export { DEFAULT_IDS, FAKE_TOKEN } from './discord-fake-ids.js';
export type * from './discord-fake-types.js';

/** What a regular member may do: view, send, embed, read history, use application commands. */
export const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 31n)).toString();
/** What the bot may do in a channel it can post in: view, send, embed, attach, read history. */
const BOT_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n);
const SEND_MESSAGES = 1n << 11n;
const DEFAULT_WAIT_MS = 5_000;

/** Who invokes an interaction, and where. Defaults: the first configured guild (or
 * DEFAULT_IDS.guild) and its first channel (or DEFAULT_IDS.channel), user DEFAULT_IDS.user. */
export interface InteractionOptions {
  /** null sends the interaction from a DM (user instead of member, context 1). */
  guildId?: string | null;
  channelId?: string;
  /** The member's permissions bitfield, e.g. '8' (administrator) or '0'; MEMBER_PERMISSIONS by default. */
  permissions?: string;
  user?: Partial<FakeUser>;
  roles?: string[];
  locale?: string;
  /** The bot's permissions in the channel; derived from the channel's canPost when unset. */
  appPermissions?: string;
}

export interface CommandOptions extends InteractionOptions {
  subcommand?: string;
  subcommandGroup?: string;
  /** `data.resolved` as Discord sends it, e.g. `{attachments: {id: {...}}}` for an attachment option. */
  resolved?: JsonObject;
}

export interface ButtonOptions extends InteractionOptions {
  /** The message the button is on: a full message object, the id of a message the fake stores
   * (one the bot posted), or nothing for a bot message carrying just this button. */
  message?: JsonObject | string;
}

export class DiscordFake {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  private readonly signal = new Signal();
  private readonly store = new MessageStore();
  private readonly commandStore: CommandStore;
  private readonly ledger: InteractionLedger;
  private readonly timing: LedgerTiming;
  private readonly rest: RestApi;
  private readonly gateway: FakeGateway;
  private readonly defaultGuildId: string;
  private readonly defaultChannelId: string;
  private server: Server | undefined;
  private port = 0;

  private constructor(options: DiscordFakeOptions) {
    this.token = options.token ?? FAKE_TOKEN;
    this.applicationId = options.applicationId ?? DEFAULT_IDS.application;
    this.botUser = buildUser({ id: DEFAULT_IDS.botUser, username: 'newsbrief', bot: true, ...options.botUser });
    this.timing = { deadlineMs: options.interactionDeadlineMs ?? 3_000, tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000 };
    this.commandStore = new CommandStore(this.applicationId);
    this.ledger = new InteractionLedger(this.store, this.botUser, this.timing);
    const guilds = options.guilds ?? [];
    const channels = options.channels ?? [{ id: DEFAULT_IDS.channel, guildId: DEFAULT_IDS.guild, name: 'news', canPost: true }];
    for (const channel of channels) this.store.addChannel(channel);
    for (const guild of guilds) for (const channel of guild.channels ?? []) this.store.addChannel({ ...channel, guildId: guild.id });
    this.defaultGuildId = guilds[0]?.id ?? DEFAULT_IDS.guild;
    this.defaultChannelId = guilds[0]?.channels?.[0]?.id ?? DEFAULT_IDS.channel;
    const notify = (): void => this.signal.notify();
    this.rest = new RestApi({
      token: this.token, applicationId: this.applicationId, bot: this.botUser, gatewayUrl: () => this.gatewayUrl,
      store: this.store, commands: this.commandStore, ledger: this.ledger,
    }, notify);
    this.gateway = new FakeGateway({
      token: this.token, applicationId: this.applicationId, bot: this.botUser,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250, guilds, url: () => this.gatewayUrl,
    }, notify);
  }

  /** Starts listening on 127.0.0.1 on an ephemeral port. */
  static async start(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
    const fake = new DiscordFake(options);
    await fake.listen();
    return fake;
  }

  /** For `rest: { api }` in Client and REST options; requests go to `${apiBase}/v10/...`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** What GET /gateway/bot answers; no query string, the client appends `?v=10&encoding=json`. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  // ── REST: records, messages, faults ──────────────────────────────────────────────────────

  /** Every HTTP request received, in order (faulted ones included, flagged `faulted`). */
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  requestsMatching(matcher: RequestMatcher): RecordedRequest[] {
    const matches = compileMatcher(matcher);
    return this.rest.requests.filter(matches);
  }

  /** Every callback request for an interaction, accepted or refused, in order. */
  callbacksFor(interactionId: string): RecordedRequest[] {
    return this.rest.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`));
  }

  /** Resolves with the first answered request (past or future) that matches. */
  waitForRequest(matcher: RequestMatcher, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedRequest> {
    const matches = compileMatcher(matcher);
    return this.signal.waitFor(() => this.rest.requests.find((r) => r.status !== 0 && matches(r)), timeoutMs, `a request matching ${String(matcher)}`);
  }

  /** The messages a channel now shows: posts, interaction replies and follow-ups, as edited. */
  messagesIn(channelId: string): PostedMessage[] {
    return this.store.inChannel(channelId);
  }

  waitForMessage(channelId: string, predicate: (m: PostedMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<PostedMessage> {
    return this.signal.waitFor(() => this.store.inChannel(channelId).find(predicate), timeoutMs, `a message in ${channelId}`);
  }

  /** Answers the next matching request(s) with this response instead of the route's. */
  failNext(matcher: RequestMatcher, response: FaultResponse): void {
    this.rest.failNext(matcher, response);
  }

  /** A 429 with the headers discord.js reads: Retry-After (seconds), X-RateLimit-Scope, and
   * X-RateLimit-Global when global. */
  rateLimitNext(matcher: RequestMatcher, limit: { retryAfterSeconds?: number; global?: boolean; scope?: 'user' | 'global' | 'shared' } = {}): void {
    const retryAfter = limit.retryAfterSeconds ?? 1;
    const global = limit.global ?? false;
    const headers: Record<string, string> = {
      'Retry-After': String(retryAfter),
      'X-RateLimit-Scope': limit.scope ?? (global ? 'global' : 'user'),
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    };
    this.rest.failNext(matcher, { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 } });
  }

  /** Registered commands: global, or a guild's. */
  commands(guildId?: string): JsonObject[] {
    return this.commandStore.list(guildId ?? 'global');
  }

  addChannel(spec: FakeChannelSpec): void {
    this.store.addChannel(spec);
  }

  setCanPost(channelId: string, canPost: boolean): void {
    this.store.setCanPost(channelId, canPost);
  }

  /** Changes the time allowed for a first callback, for interactions already sent too. */
  setInteractionDeadline(ms: number): void {
    this.timing.deadlineMs = ms;
  }

  setTokenLifetime(ms: number): void {
    this.timing.tokenLifetimeMs = ms;
  }

  // ── Gateway ──────────────────────────────────────────────────────────────────────────────

  /** Sends a dispatch; if no client is connected it waits in the session log for a RESUME. */
  dispatch(t: string, d: unknown): void {
    this.gateway.dispatch(t, d);
  }

  sendReconnect(): void {
    this.gateway.sendReconnect();
  }

  sendInvalidSession(resumable: boolean): void {
    this.gateway.sendInvalidSession(resumable);
  }

  dropConnection(): void {
    this.gateway.dropConnection();
  }

  /** Closes the next IDENTIFY with this code, as Discord does for a token it no longer accepts
   * (4004) even though REST took it, or for disallowed intents (4014). */
  closeNextIdentify(code = 4004, reason = 'Authentication failed.'): void {
    this.gateway.identifyRefusals.push({ code, reason });
  }

  /** Stop (or resume) answering heartbeats, to make the client see a zombie connection. */
  setHeartbeatAck(ack: boolean): void {
    this.gateway.ackHeartbeats = ack;
  }

  /** True while a client holds an identified (or resumed) gateway connection. */
  get gatewayConnected(): boolean {
    return this.gateway.connected;
  }

  get gatewayFrames(): readonly GatewayFrame[] {
    return this.gateway.frames;
  }

  get gatewayConnectionUrls(): readonly string[] {
    return this.gateway.connectionUrls;
  }

  get identifyCount(): number {
    return this.gateway.identifies;
  }

  get resumeCount(): number {
    return this.gateway.resumes;
  }

  get heartbeatCount(): number {
    return this.gateway.heartbeats;
  }

  /** Resolves once `count` IDENTIFYs (READY answered) have happened since start. */
  /** The [shard, count] of each IDENTIFY so far. */
  get identifiedShards(): readonly number[][] {
    return this.gateway.identifiedShards;
  }

  waitForIdentify(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.signal.waitFor(() => (this.gateway.identifies >= count ? this.gateway.identifies : undefined), timeoutMs, `${count} IDENTIFY`);
  }

  /** Resolves once `count` heartbeats have been received (and ACKed, unless turned off). */
  waitForHeartbeats(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.signal.waitFor(() => (this.gateway.heartbeats >= count ? this.gateway.heartbeats : undefined), timeoutMs, `${count} heartbeats`);
  }

  /** Resolves once `count` RESUMEs have been accepted (replayed and answered RESUMED). */
  waitForResume(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<number> {
    return this.signal.waitFor(() => (this.gateway.resumes >= count ? this.gateway.resumes : undefined), timeoutMs, `${count} RESUME`);
  }

  // ── Interactions ─────────────────────────────────────────────────────────────────────────

  /** A slash command; `options` as `{topic: 'iran'}` (types inferred) or raw option objects. */
  sendCommand(name: string, options: Record<string, OptionValue> | JsonObject[] = {}, ctx: CommandOptions = {}): SentInteraction {
    return this.sendInteraction(2, this.commandData(name, options, ctx), this.interactionContext(ctx));
  }

  /** An autocomplete request with `focusedName` marked focused. */
  sendAutocomplete(name: string, options: Record<string, OptionValue>, focusedName: string, ctx: CommandOptions = {}): SentInteraction {
    return this.sendInteraction(4, this.commandData(name, buildOptions(options, focusedName), ctx), this.interactionContext(ctx));
  }

  /** A button click (component_type 2) on a message, carrying the whole message as Discord does. */
  sendButton(customId: string, ctx: ButtonOptions = {}): SentInteraction {
    const context = this.interactionContext(ctx);
    const message = this.componentMessage(context, customId, ctx.message);
    return this.sendInteraction(3, { custom_id: customId, component_type: 2 }, context, { message });
  }

  /** The first accepted callback of an interaction, with its latency from dispatch. */
  firstCallback(interactionId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionCallback> {
    return this.signal.waitFor(() => this.ledger.get(interactionId)?.initial, timeoutMs, `the first callback of interaction ${interactionId}`);
  }

  async close(): Promise<void> {
    this.signal.abort('closed');
    this.gateway.close();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    // A request the client aborts mid-body must not become an unhandled rejection in the test run.
    const server = createServer((req, res) => void this.rest.handle(req, res).catch(() => res.destroy()));
    server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private sendInteraction(type: number, data: JsonObject, context: InteractionContext, extra: JsonObject = {}): SentInteraction {
    const payload = { ...baseInteraction(context, type, data), ...extra };
    const id = String(payload.id);
    const token = String(payload.token);
    const dispatchedAt = Date.now();
    this.ledger.register({
      id, token, type, applicationId: this.applicationId, channelId: context.channelId, guildId: context.guildId,
      payload, dispatchedAt, initial: undefined, originalId: undefined,
    });
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return { id, token, type, payload, dispatchedAt, firstCallback: (timeoutMs) => this.firstCallback(id, timeoutMs) };
  }

  private interactionContext(ctx: InteractionOptions): InteractionContext {
    const guildId = ctx.guildId === null ? undefined : ctx.guildId ?? this.defaultGuildId;
    const channelId = ctx.channelId ?? this.defaultChannelId;
    const channel = this.store.channel(channelId);
    const appPermissions = channel?.canPost === false ? BOT_PERMISSIONS & ~SEND_MESSAGES : BOT_PERMISSIONS;
    return {
      applicationId: this.applicationId,
      guildId,
      channelId,
      channelName: channel?.name ?? 'news',
      user: buildUser({ id: DEFAULT_IDS.user, ...ctx.user }),
      permissions: ctx.permissions ?? MEMBER_PERMISSIONS,
      roles: ctx.roles ?? [],
      appPermissions: ctx.appPermissions ?? appPermissions.toString(),
      locale: ctx.locale ?? 'en-US',
    };
  }

  private commandData(name: string, options: Record<string, OptionValue> | JsonObject[], ctx: CommandOptions): JsonObject {
    const leaf = Array.isArray(options) ? options : buildOptions(options);
    const sub = ctx.subcommand === undefined ? leaf : [{ name: ctx.subcommand, type: 1, options: leaf }];
    const nested = ctx.subcommandGroup === undefined ? sub : [{ name: ctx.subcommandGroup, type: 2, options: sub }];
    const guildId = ctx.guildId === null ? undefined : ctx.guildId ?? this.defaultGuildId;
    return {
      id: this.commandStore.idFor(name, guildId) ?? snowflake(),
      name,
      type: 1,
      ...(nested.length > 0 ? { options: nested } : {}),
      ...(ctx.resolved ? { resolved: ctx.resolved } : {}),
    };
  }

  /** The message a button sits on; stored so a type 7 update has something to change. */
  private componentMessage(context: InteractionContext, customId: string, given: JsonObject | string | undefined): JsonObject {
    if (typeof given === 'string') {
      const stored = this.store.get(given);
      if (stored === undefined) throw new Error(`discord-fake: no stored message ${given} to click a button on`);
      return stored.wire;
    }
    const message = given ?? defaultComponentMessage(context, this.botUser, customId);
    if (typeof message.id === 'string' && this.store.get(message.id) === undefined) {
      this.store.put(message, undefined, { via: 'component-message' });
    }
    return message;
  }
}
