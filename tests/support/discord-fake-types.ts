/**
 * Shapes shared by the loopback Discord (see discord-fake.ts for the entry point).
 * Wire payloads stay `unknown`/`JsonObject` on purpose: the fake must accept whatever a client
 * sends and judge it, so it never trusts a static type for what came over the socket.
 */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Discord user as the API returns it. */
export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

/** A text channel the fake knows; `canPost: false` makes posts answer 403 50013. */
export interface FakeChannelSpec {
  id: string;
  name?: string;
  /** Discord channel type; 0 (guild text) unless set. */
  type?: number;
  guildId?: string;
  canPost?: boolean;
  /** false denies the bot Mention @everyone, @here and All Roles in the channel (it may ping only mentionable roles there). */
  canMentionRoles?: boolean;
}

/** A role of a fake guild (besides @everyone). */
export interface FakeRoleSpec {
  id: string;
  name?: string;
  mentionable?: boolean;
}

/** A guild announced on the gateway (READY lists it unavailable, then GUILD_CREATE fills it in). */
export interface FakeGuildSpec {
  id: string;
  name?: string;
  channels?: FakeChannelSpec[];
  roles?: FakeRoleSpec[];
}

export interface DiscordFakeOptions {
  /** Bot token the REST side accepts (`Authorization: Bot <token>`); default FAKE_TOKEN. */
  token?: string;
  applicationId?: string;
  botUser?: Partial<FakeUser>;
  /** HELLO heartbeat_interval; Discord's is 41250 ms. */
  heartbeatIntervalMs?: number;
  /** Time allowed for the first interaction callback; Discord's is 3000 ms. */
  interactionDeadlineMs?: number;
  /** How long an interaction token accepts edits and follow-ups; Discord's is 15 minutes. */
  tokenLifetimeMs?: number;
  /** Guilds sent on the gateway; [] (Discord's answer for a bot with no cache yet) by default. */
  guilds?: FakeGuildSpec[];
  /** Channels known to REST besides the guilds' channels; default one postable channel. */
  channels?: FakeChannelSpec[];
}

/** The headers a test may want to assert on, copied off each request. */
export interface RecordedHeaders {
  authorization: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
  auditLogReason: string | undefined;
}

/** A file part of a multipart request: its form field (`files[0]`), file name and bytes. */
export interface UploadedFile {
  name: string;
  filename: string;
  data: Buffer;
  /** The bytes read as UTF-8 (a text file's content). */
  content: string;
}

/** One HTTP request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or the `payload_json` part of a multipart body); undefined when empty. */
  body: unknown;
  /** The files of a multipart body, as uploaded; absent when it had none. */
  files?: UploadedFile[];
  headers: RecordedHeaders;
  receivedAt: number;
  /** Status the fake answered with; 0 while the answer is being written. */
  status: number;
  /** True when a scripted fault (failNext) answered instead of the route. */
  faulted: boolean;
}

/** Which requests a scripted fault applies to: `'POST /interactions/x/y/callback'` with `*`
 * matching one path segment (method optional), a RegExp over `'METHOD /path'`, or a predicate. */
export type RequestMatcher = string | RegExp | ((request: RecordedRequest) => boolean);

export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests to fail; 1 unless set. */
  times?: number;
  /** Never answer (the status is only recorded): the client's request times out. */
  stall?: boolean;
}

/** The first (initial) callback an interaction got. */
export interface InteractionCallback {
  type: number;
  data: JsonObject | undefined;
  receivedAt: number;
  /** receivedAt minus the time the INTERACTION_CREATE was sent. */
  latencyMs: number;
  request: RecordedRequest;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete. */
  type: number;
  payload: JsonObject;
  dispatchedAt: number;
  /** Resolves with the interaction's first accepted callback. */
  firstCallback(timeoutMs?: number): Promise<InteractionCallback>;
}

export type MessageOrigin = 'channel' | 'interaction-reply' | 'follow-up' | 'component-message';

/** A message as it now stands in a channel, with what the client asked for alongside. */
export interface PostedMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  flags: number;
  /** `allowed_mentions` as the client sent it (Discord does not echo it back). */
  allowedMentions: unknown;
  via: MessageOrigin;
  interactionId: string | undefined;
  /** The message object exactly as the API returns it. */
  wire: JsonObject;
}

export interface GatewayFrame {
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
  at: number;
}

/** What a route decided: a status and an optional JSON body (none means 204-style empty). */
export interface RouteAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave the request unanswered (a scripted stall). */
  stall?: boolean;
}
