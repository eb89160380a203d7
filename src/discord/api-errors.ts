/**
 * Discord failures as one line that says what went wrong and what to do: a refused token, a bot
 * invited without `applications.commands`, an unknown application or server, a rate limit, an
 * unreachable API. Used by the deploy script and the bot's login; the CLI prints the line as-is.
 */
// Types only: the CLI imports DiscordFailure on every run, and loading discord.js costs ~1 s.

import type { DiscordAPIError, HTTPError, RateLimitData, RateLimitError } from 'discord.js';
import { OperatorError } from '../errors.js';

/** Discord's REST base when DISCORD_API_BASE is unset (discord.js' default). */
export const DISCORD_API_BASE = 'https://discord.com/api';

/** A wait discord.js may sit out on its own; a longer one fails at once with "retry in ...". */
export const MAX_RATE_LIMIT_WAIT_MS = 10_000;

/** A Discord step that failed; its message is one line, safe to print, with the advice in it. */
export class DiscordFailure extends OperatorError {
  override name = 'DiscordFailure';
}

const TOKEN_ADVICE =
  'check DISCORD_TOKEN (reset it on the Bot page of your application in the Discord developer portal and set the new one)';
const INVITE_ADVICE = 'invite the bot with the "bot" and "applications.commands" scopes (developer portal, OAuth2, URL Generator)';
const APPLICATION_ADVICE =
  "check DISCORD_APPLICATION_ID (the Application ID on the General Information page of the developer portal), or leave it unset to use the bot's own";
const SERVER_ADVICE = 'check the server id (Developer Mode on, right-click the server, Copy Server ID)';

/** Network error codes (node, undici) that mean Discord was never reached. */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+)$/;

/** Runs a Discord step; any failure becomes a DiscordFailure "<step>: <what happened>: <what to do>". */
export async function discordStep<T>(step: string, where: { apiBase?: string; token: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const line = `${step}: ${describeDiscordFailure(error, where.apiBase)}`;
    throw new DiscordFailure(blank(line, where.token));
  }
}

/** For REST's `rejectOnRateLimit`: sit out a short limit, fail at once on a long or unstated one
 * (a 429 without Retry-After makes discord.js retry at once, forever). Only `routes` when given. */
export function failOnLongRateLimit(routes?: string[]): (limit: RateLimitData) => boolean {
  return (limit) =>
    (routes === undefined || routes.includes(limit.route)) && (limit.retryAfter <= 0 || limit.retryAfter > MAX_RATE_LIMIT_WAIT_MS);
}

/** What went wrong talking to Discord at `apiBase`, and what to do about it, in one line. */
export function describeDiscordFailure(error: unknown, apiBase: string = DISCORD_API_BASE): string {
  if (isRateLimitError(error)) return rateLimited(error.retryAfter);
  if (isApiError(error)) return describeApiError(error);
  if (isHttpError(error)) return `Discord answered HTTP ${error.status} (no error code): ${error.message || 'no message'}; try again later`;
  const refusal = tokenRefusal(error);
  if (refusal !== undefined) return `Discord refused the token (${refusal}): ${TOKEN_ADVICE}`;
  const network = networkProblem(error);
  if (network !== undefined)
    return `cannot reach Discord at ${withoutCredentials(apiBase)} (${network}): check the network, or DISCORD_API_BASE if set`;
  return error instanceof Error ? oneLine(error.message) || error.name : oneLine(String(error));
}

function describeApiError(error: DiscordAPIError): string {
  const { applicationId, guildId } = routeIds(error.url);
  const said = `${error.status} ${apiMessage(error)} (${error.code})`;
  if (error.status === 401) return `Discord refused the token (HTTP 401): ${TOKEN_ADVICE}`;
  if (error.status === 429) return rateLimited(retryAfterMs(error));
  if (error.code === 50001) {
    const inServer = guildId === undefined ? '' : `, and check the bot is in server ${guildId}`;
    return `Discord answered ${said}: ${INVITE_ADVICE}${inServer}`;
  }
  if (error.code === 10002) return `Discord knows no application ${applicationId ?? 'of that id'} (${said}): ${APPLICATION_ADVICE}`;
  if (error.code === 10004) return `Discord knows no server ${guildId ?? 'of that id'} (${said}): ${SERVER_ADVICE}`;
  if (error.code === 50035) return invalidForm(error, said);
  return `Discord answered HTTP ${error.status} (${error.code}): ${oneLine(error.message)}`;
}

/** 50035 lists each bad field ("application_id[NUMBER_TYPE_COERCE]: ..."); name the id to fix when it is one. */
function invalidForm(error: DiscordAPIError, said: string): string {
  const fields = error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/\.$/, ''))
    .filter(Boolean);
  const detail = fields.length > 0 ? `: ${fields.join('; ')}` : '';
  const advice = fields.some((f) => f.startsWith('application_id'))
    ? `; ${APPLICATION_ADVICE}`
    : fields.some((f) => f.startsWith('guild_id'))
      ? `; ${SERVER_ADVICE}`
      : '';
  return `Discord rejected the request as invalid (${said})${detail}${advice}`;
}

function rateLimited(retryAfterMs: number | undefined): string {
  const when = retryAfterMs !== undefined && retryAfterMs > 0 ? `retry in ${duration(retryAfterMs)}` : 'retry later';
  return `Discord is rate limiting this bot (HTTP 429): ${when}`;
}

/** Seconds to two minutes, minutes to two hours, then hours (discord.js adds 50 ms to Discord's wait). */
function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

function retryAfterMs(error: DiscordAPIError): number | undefined {
  const raw = error.rawError as { retry_after?: unknown };
  return typeof raw.retry_after === 'number' ? raw.retry_after * 1000 : undefined;
}

/** Discord's own message without the field list discord.js appends to it. */
function apiMessage(error: DiscordAPIError): string {
  return oneLine(error.message.split('\n')[0] ?? '');
}

/** discord.js' "An invalid token was provided." (its word for a 401 at login), and @discordjs/ws'
 * "Authentication failed" (the gateway's 4004 close): how Discord refused the token, if it did. */
function tokenRefusal(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if ((error as { code?: unknown }).code === 'TokenInvalid') return 'HTTP 401';
  return error.message === 'Authentication failed' ? 'gateway close 4004' : undefined;
}

// @discordjs/rest's errors, recognised by shape (see the import note) and by their names:
// DiscordAPIError[50001], RateLimitError[/route], HTTPError.
function isApiError(error: unknown): error is DiscordAPIError {
  return (
    error instanceof Error &&
    error.name.startsWith('DiscordAPIError') &&
    'rawError' in error &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function isRateLimitError(error: unknown): error is RateLimitError {
  return (
    error instanceof Error && error.name.startsWith('RateLimitError') && typeof (error as { retryAfter?: unknown }).retryAfter === 'number'
  );
}

function isHttpError(error: unknown): error is HTTPError {
  return error instanceof Error && error.name === 'HTTPError' && typeof (error as { status?: unknown }).status === 'number';
}

/** The network code (or "timed out") when the request never got an answer. */
function networkProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timed out';
  for (const candidate of [error, error.cause]) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && UNREACHABLE.test(code)) return code;
  }
  return undefined;
}

/** The application and guild ids a failed request was about, read off its URL. */
function routeIds(url: string): { applicationId?: string; guildId?: string } {
  const path = new URL(url).pathname;
  return { applicationId: /\/applications\/([^/]+)/.exec(path)?.[1], guildId: /\/guilds\/([^/]+)/.exec(path)?.[1] };
}

/** A proxy URL may carry user:password; the line shows only where it points. */
function withoutCredentials(base: string): string {
  try {
    const url = new URL(base);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return base;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}

function blank(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join('[DISCORD_TOKEN]') : text;
}
