/** Options briefings and follows share: the outlet filter (only / except) and the one role a post may ping. */
import { UsageError } from '../errors.js';
import { filtersSources, NO_SOURCE_FILTER, type SourceFilter } from '../store/store.js';

export const MAX_OUTLETS = 20;
const MAX_OUTLET_LENGTH = 80;

/** "BBC, Reuters" -> ['bbc', 'reuters']: names compared case-insensitively, each once. */
function outletNames(option: string, text: string): string[] {
  const names = [
    ...new Set(
      text
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new UsageError(`${option}: give outlet names separated by commas, e.g. "BBC, Reuters"`);
  if (names.length > MAX_OUTLETS) throw new UsageError(`${option}: at most ${MAX_OUTLETS} outlets`);
  const long = names.find((name) => name.length > MAX_OUTLET_LENGTH);
  if (long !== undefined) throw new UsageError(`${option}: each outlet name must be at most ${MAX_OUTLET_LENGTH} characters`);
  return names;
}

/** The `only` and `except` options as a filter; one of them at most. */
export function parseSourceFilter(only: string | undefined, except: string | undefined): SourceFilter {
  if (only !== undefined && except !== undefined) throw new UsageError('only, except: give one of them, not both');
  if (only !== undefined) return { only: outletNames('only', only), except: [] };
  if (except !== undefined) return { only: [], except: outletNames('except', except) };
  return NO_SOURCE_FILTER;
}

/** "only bbc, reuters" / "except fox": the filter as /briefing list and /follow list show it; '' for none. */
export function describeSources(filter: SourceFilter): string {
  if (!filtersSources(filter)) return '';
  return filter.only.length ? `only ${filter.only.join(', ')}` : `except ${filter.except.join(', ')}`;
}

/** The role a post pings, checked: never @everyone (its id is the server's). */
export function parseMentionRole(role: string | undefined, guildId: string): string | null {
  if (role === undefined) return null;
  if (!/^\d{17,20}$/.test(role)) throw new UsageError('mention: pick a role');
  if (role === guildId) throw new UsageError('mention: pick a role other than @everyone');
  return role;
}

/** Checks the Discord face plugs in: posting in a channel, pinging a role there (a reason, or null when fine). */
export interface SubscriptionChecks {
  checkChannel?: (channelId: string, guildId: string) => Promise<string | null>;
  checkMention?: (roleId: string, channelId: string, guildId: string) => Promise<string | null>;
}

/** Refuses a channel the bot cannot post in, and a role it may not ping there, with the face's one-line reason. */
export async function checkDelivery(
  checks: SubscriptionChecks,
  channelId: string,
  guildId: string,
  mentionRole: string | null,
): Promise<void> {
  const channelProblem = await checks.checkChannel?.(channelId, guildId);
  if (channelProblem) throw new UsageError(`channel: ${channelProblem}`);
  if (mentionRole === null) return;
  const mentionProblem = await checks.checkMention?.(mentionRole, channelId, guildId);
  if (mentionProblem) throw new UsageError(`mention: ${mentionProblem}`);
}
