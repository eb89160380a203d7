/**
 * Posting disabled-feed notices into briefing channels (docs/adr/0028-feed-health-notices.md): each
 * round reads the notices due, and for a server with an active briefing claims them and posts one
 * message in that briefing's channel. A claim is made before posting, so a notice is posted at most
 * once (as a briefing slot, ADR 9); a post that fails for a while gives its claims back, one that
 * cannot reach the channel pauses that briefing too, and the notices then go to the next /source answer.
 */
import { describeError, type Logger } from '../log.js';
import { claimNotices, MAX_NOTICES_PER_ANSWER, type NoticeStores, noticeBriefing, releaseNotices } from '../news/feed-notices.js';
import type { FeedNotice } from '../store/feeds.js';
import type { ScheduleStore } from '../store/schedules.js';
import { PostFailure } from './scheduler.js';

/** Notices read per round; more wait for the next. */
const NOTICES_PER_ROUND = 100;
const NOTICE_TICK_MS = 60_000;

export interface NoticePoster {
  /** Posts one message telling about these disabled feeds into a channel; throws PostFailure saying how to treat a failure. */
  post(channelId: string, notices: FeedNotice[]): Promise<void>;
}

export interface NoticeDeps {
  stores: NoticeStores & { schedules: Pick<ScheduleStore, 'listSchedules' | 'setScheduleStatus'> };
  poster: NoticePoster;
  /** Whether this process speaks for a guild (its shard's); every guild when absent. */
  owns?: (guildId: string) => boolean;
  log?: Logger;
}

function byGuild(notices: readonly FeedNotice[]): Map<string, FeedNotice[]> {
  const groups = new Map<string, FeedNotice[]>();
  for (const notice of notices) groups.set(notice.guildId, [...(groups.get(notice.guildId) ?? []), notice]);
  return groups;
}

/** Posts one server's notices in its first active briefing's channel; how many (0 when it has none: they wait for a /source answer). */
async function deliverToGuild(deps: NoticeDeps, guildId: string, pending: FeedNotice[]): Promise<number> {
  const { feeds, schedules } = deps.stores;
  const briefing = await noticeBriefing(schedules, guildId);
  if (!briefing) return 0;
  // One message shows every notice it claims in full: a few per round, the rest on the next.
  const claimed = await claimNotices(feeds, pending.slice(0, MAX_NOTICES_PER_ANSWER));
  if (claimed.length === 0) return 0;
  try {
    await deps.poster.post(briefing.channelId, claimed);
    return claimed.length;
  } catch (error) {
    const failure = error instanceof PostFailure ? error : new PostFailure('retry', describeError(error));
    deps.log?.warn(`feed notices for guild ${guildId} not posted in channel ${briefing.channelId}: ${failure.message}`);
    if (failure.kind === 'fail') return 0; // refused for good: at most once, as a briefing slot
    if (failure.kind === 'pause') await schedules.setScheduleStatus(briefing.id, guildId, 'paused', failure.message);
    await releaseNotices(feeds, claimed);
    return 0;
  }
}

/**
 * One round: the due notices of the guilds this process speaks for that have an active briefing
 * (those without one are left to /source answers, and never crowd these out); returns how many were posted.
 */
export async function deliverFeedNotices(deps: NoticeDeps): Promise<number> {
  const briefed = (await deps.stores.schedules.listSchedules()).filter((s) => s.status === 'active').map((s) => s.guildId);
  const guilds = [...new Set(briefed)].filter((guildId) => !deps.owns || deps.owns(guildId));
  if (guilds.length === 0) return 0;
  const pending = await deps.stores.feeds.pendingNotices(guilds, NOTICES_PER_ROUND);
  let posted = 0;
  for (const [guildId, notices] of byGuild(pending)) posted += await deliverToGuild(deps, guildId, notices);
  return posted;
}

/** Runs a round now and then every minute, one at a time, until stopped. */
export function startFeedNotices(deps: NoticeDeps, options: { tickMs?: number } = {}): { stop(): Promise<void> } {
  let round: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = true;
    round = deliverFeedNotices(deps)
      .then((posted) => {
        if (posted > 0) deps.log?.info(`posted ${posted} disabled-feed notice${posted === 1 ? '' : 's'}`);
      })
      .catch((error: unknown) => deps.log?.error(`feed notices failed: ${describeError(error)}`))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? NOTICE_TICK_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
