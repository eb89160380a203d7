/** What /follow does, face-neutral: validate and save follows, list them with what they posted and skipped, pause, resume, remove. */
import { UsageError } from '../errors.js';
import { expandTopic } from '../news/topics.js';
import { type Follow, type FollowStore, OVER_LIMIT } from '../store/follows.js';
import { FollowInputSchema, MAX_FOLLOWS_PER_GUILD } from './follow-spec.js';
import { checkDelivery, parseMentionRole, parseSourceFilter, type SubscriptionChecks } from './subscription-options.js';

export interface FollowServiceDeps extends SubscriptionChecks {
  follows: FollowStore;
  now?: () => number;
  /** Told when follows change, so the watcher looks at once. */
  onChange?: () => Promise<void>;
}

export interface AddFollow {
  guildId: string;
  channelId: string;
  topic: string;
  /** Comma-separated words or phrases a story must not hold: added to the topic as exclusions. */
  exclude?: string;
  maxPerHour?: number;
  quiet?: string;
  timezone?: string;
  mention?: string;
  only?: string;
  except?: string;
  createdBy: string | null;
}

/** What a follow did over the last day, for /follow list. */
export interface FollowActivity {
  posted: number;
  overLimit: number;
  quiet: number;
  failed: number;
}

export interface ListedFollow {
  follow: Follow;
  lastDay: FollowActivity;
}

const DAY_MS = 24 * 3_600_000;
/** Why a story was skipped in quiet hours (the post record's detail). */
export const QUIET_HOURS = 'quiet hours';

function firstProblem(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue ? `${String(issue.path[0] ?? 'input')}: ${issue.message}` : 'invalid input';
}

export class FollowService {
  constructor(private deps: FollowServiceDeps) {}

  /** The face that posts follows plugs in its checks and its watcher here. */
  attach(hooks: Pick<FollowServiceDeps, 'checkChannel' | 'checkMention' | 'onChange' | 'now'>): void {
    this.deps = { ...this.deps, ...hooks };
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Validates everything first; nothing is saved unless all of it is right. */
  async add(input: AddFollow): Promise<Follow> {
    const topic = withExclusions(input.topic, input.exclude);
    const parsed = FollowInputSchema.safeParse({ topic, max_per_hour: input.maxPerHour, quiet: input.quiet, timezone: input.timezone });
    if (!parsed.success) throw new UsageError(firstProblem(parsed.error.issues));
    expandTopic(parsed.data.topic); // topic syntax errors now, not at the first article
    const sources = parseSourceFilter(input.only, input.except);
    const mentionRole = parseMentionRole(input.mention, input.guildId);
    if ((await this.deps.follows.listFollows(input.guildId)).length >= MAX_FOLLOWS_PER_GUILD) {
      throw new UsageError(`this server already has ${MAX_FOLLOWS_PER_GUILD} follows; remove one first`);
    }
    await checkDelivery(this.deps, input.channelId, input.guildId, mentionRole);
    const follow = await this.deps.follows.addFollow(
      {
        guildId: input.guildId,
        channelId: input.channelId,
        topic: parsed.data.topic,
        maxPerHour: parsed.data.max_per_hour,
        quiet: parsed.data.quiet,
        timezone: parsed.data.timezone,
        mentionRole,
        sources,
        createdBy: input.createdBy,
      },
      this.now(),
    );
    await this.deps.onChange?.();
    return follow;
  }

  async list(guildId: string): Promise<ListedFollow[]> {
    const since = this.now() - DAY_MS;
    const follows = await this.deps.follows.listFollows(guildId);
    return Promise.all(
      follows.map(async (follow) => ({ follow, lastDay: activityOf(await this.deps.follows.tallyPosts(follow.id, since)) })),
    );
  }

  async remove(id: number, guildId: string): Promise<void> {
    if (!(await this.deps.follows.removeFollow(id, guildId))) throw new UsageError(`no follow #${id} in this server`);
    await this.deps.onChange?.();
  }

  /** Resuming starts from what is indexed now: stories that came during the pause are not posted late. */
  async setPaused(id: number, guildId: string, paused: boolean): Promise<void> {
    const ok = await this.deps.follows.setFollowStatus(id, guildId, paused ? 'paused' : 'active', paused ? 'paused by a moderator' : null);
    if (!ok) throw new UsageError(`no follow #${id} in this server`);
    await this.deps.onChange?.();
  }
}

/** "iran" + "trump, white house" -> 'iran -trump -"white house"' (topic syntax, ADR 25). */
export function withExclusions(topic: string, exclude: string | undefined): string {
  if (exclude === undefined) return topic;
  const terms = exclude
    .split(',')
    .map((term) => term.trim().replace(/^-+/, '').replace(/"/g, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (terms.length === 0) throw new UsageError('exclude: give words or phrases separated by commas, e.g. "trump, white house"');
  return [topic.trim(), ...terms.map((term) => (term.includes(' ') ? `-"${term}"` : `-${term}`))].join(' ');
}

function activityOf(tally: { state: string; detail: string | null; count: number }[]): FollowActivity {
  const count = (state: string, detail?: string) =>
    tally.filter((t) => t.state === state && (detail === undefined || t.detail === detail)).reduce((sum, t) => sum + t.count, 0);
  return {
    posted: count('posted'),
    overLimit: count('skipped', OVER_LIMIT),
    quiet: count('skipped', QUIET_HOURS),
    failed: count('failed'),
  };
}
