/**
 * Builders for the objects Discord sends: users, members, channels, guilds, messages and
 * INTERACTION_CREATE payloads. They are complete enough that discord.js builds its structures
 * from them without falling over (it needs `entitlements`, `authorizing_integration_owners`,
 * `member.user`, and a whole `message` on component interactions).
 */
import { interactionToken, snowflake } from './discord-fake-ids.js';
import type { FakeChannelSpec, FakeGuildSpec, FakeUser, JsonObject } from './discord-fake-types.js';

/** The permissions bit for SEND_MESSAGES; denied on channels configured with canPost false. */
const SEND_MESSAGES = 1n << 11n;
/** Everything but ADMINISTRATOR: what the bot's @everyone role gets in a fake guild. */
const EVERYONE_PERMISSIONS = ((1n << 50n) - 1n) & ~(1n << 3n);

export function buildUser(fields: Partial<FakeUser> & { id: string }): FakeUser {
  return {
    username: 'reader',
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...fields,
  };
}

export function buildMember(user: FakeUser, permissions: string, roles: string[]): JsonObject {
  return {
    user,
    roles,
    permissions,
    nick: null,
    avatar: null,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

/** The permissions bit for MENTION_EVERYONE (also: ping any role); denied on channels configured with canMentionRoles false. */
const MENTION_EVERYONE = 1n << 17n;

export function buildChannel(spec: FakeChannelSpec, botUserId: string): JsonObject {
  const denied = (spec.canPost === false ? SEND_MESSAGES : 0n) | (spec.canMentionRoles === false ? MENTION_EVERYONE : 0n);
  const overwrites = denied ? [{ id: botUserId, type: 1, allow: '0', deny: denied.toString() }] : [];
  return {
    id: spec.id,
    type: spec.type ?? 0,
    name: spec.name ?? `channel-${spec.id.slice(-4)}`,
    ...(spec.guildId === undefined ? {} : { guild_id: spec.guildId }),
    position: 0,
    permission_overwrites: overwrites,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

/** GUILD_CREATE `d`: the guild with its channels, its @everyone role and the bot as a member,
 * so `channel.permissionsFor(client.user)` works in the client. */
export function buildGuildCreate(guild: FakeGuildSpec, bot: FakeUser): JsonObject {
  // Channels inside GUILD_CREATE carry no guild_id; the client takes it from the guild.
  const channels = (guild.channels ?? []).map((channel) => buildChannel({ ...channel, guildId: undefined }, bot.id));
  return {
    id: guild.id,
    name: guild.name ?? 'Newsroom',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: snowflake(),
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      everyoneRole(guild.id),
      ...(guild.roles ?? []).map((role, i) => ({
        ...everyoneRole(role.id),
        name: role.name ?? `role-${role.id.slice(-4)}`,
        position: i + 1,
        permissions: '0',
        mentionable: role.mentionable ?? false,
      })),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [buildMember(bot, EVERYONE_PERMISSIONS.toString(), [])],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

function everyoneRole(guildId: string): JsonObject {
  return {
    id: guildId,
    name: '@everyone',
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: EVERYONE_PERMISSIONS.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export interface MessageInit {
  channelId: string;
  guildId: string | undefined;
  author: FakeUser;
  body: JsonObject;
  /** Set for interaction replies and follow-ups: Discord marks them with the webhook and app. */
  applicationId?: string;
}

/** A message object as the API returns it, from the body the client sent. */
export function buildMessage(init: MessageInit): JsonObject {
  const { body } = init;
  const now = new Date().toISOString();
  return {
    id: snowflake(),
    type: 0,
    channel_id: init.channelId,
    ...(init.guildId === undefined ? {} : { guild_id: init.guildId }),
    author: init.author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: now,
    edited_timestamp: null,
    tts: body.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    ...(init.applicationId === undefined ? {} : { webhook_id: init.applicationId, application_id: init.applicationId }),
  };
}

/** A message edited with a PATCH body: only the fields sent change, as on Discord. */
export function applyEdit(message: JsonObject, body: JsonObject): JsonObject {
  const edited: JsonObject = { ...message, edited_timestamp: new Date().toISOString() };
  for (const key of ['content', 'embeds', 'components', 'attachments'] as const) {
    if (body[key] !== undefined) edited[key] = body[key] ?? (key === 'content' ? '' : []);
  }
  // Editing a deferred ("thinking...") reply clears the LOADING flag but keeps EPHEMERAL.
  const flags = typeof edited.flags === 'number' ? edited.flags : 0;
  edited.flags = flags & ~128;
  return edited;
}

/** Everything about the invoking user and place that an interaction payload carries. */
export interface InteractionContext {
  applicationId: string;
  guildId: string | undefined;
  channelId: string;
  channelName: string;
  user: FakeUser;
  /** The member's permissions, e.g. '8' (administrator) or '0'. */
  permissions: string;
  roles: string[];
  appPermissions: string;
  locale: string;
}

/** The parts every interaction type shares; `type` and `data` are added by the caller. */
export function baseInteraction(ctx: InteractionContext, type: number, data: JsonObject): JsonObject {
  const inGuild = ctx.guildId !== undefined;
  return {
    id: snowflake(),
    application_id: ctx.applicationId,
    type,
    token: interactionToken(),
    version: 1,
    data,
    channel_id: ctx.channelId,
    channel: inGuild
      ? {
          id: ctx.channelId,
          type: 0,
          guild_id: ctx.guildId,
          name: ctx.channelName,
          permissions: ctx.permissions,
          flags: 0,
          nsfw: false,
          last_message_id: null,
        }
      : { id: ctx.channelId, type: 1, flags: 0, last_message_id: null, recipients: [ctx.user] },
    ...(inGuild
      ? {
          guild_id: ctx.guildId,
          guild: { id: ctx.guildId, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          member: buildMember(ctx.user, ctx.permissions, ctx.roles),
        }
      : { user: ctx.user }),
    app_permissions: ctx.appPermissions,
    locale: ctx.locale,
    entitlements: [],
    authorizing_integration_owners: inGuild ? { '0': ctx.guildId } : { '1': ctx.user.id },
    context: inGuild ? 0 : 1,
    attachment_size_limit: 10_485_760,
  };
}

export type OptionValue = string | number | boolean;

/** Option type for a plain value: 3 string, 4 integer, 10 number, 5 boolean. */
function optionType(value: OptionValue): number {
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 5;
  return Number.isInteger(value) ? 4 : 10;
}

/** `{topic: 'iran'}` → `[{name:'topic', type:3, value:'iran'}]`, marking `focused` for autocomplete. */
export function buildOptions(values: Record<string, OptionValue>, focused?: string): JsonObject[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    type: optionType(value),
    value,
    ...(name === focused ? { focused: true } : {}),
  }));
}

/** A button's message when the test gives none: a bot message carrying that button. */
export function defaultComponentMessage(ctx: InteractionContext, bot: FakeUser, customId: string): JsonObject {
  const row = { type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: customId }] };
  return buildMessage({
    channelId: ctx.channelId,
    guildId: ctx.guildId,
    author: bot,
    body: { content: 'Briefing', components: [row] },
    applicationId: ctx.applicationId,
  });
}
