/**
 * Telling a server once that a feed it reads was disabled (docs/adr/0028-feed-health-notices.md):
 * in the channel of its first active briefing when it has one (src/schedule/notices.ts posts there),
 * else in the next /source answer a member with Manage Server gets in that server. Each notice is
 * claimed in the store before it is shown, so it is shown once, across restarts and processes.
 */
import type { FeedNotice, FeedRecord, FeedStore } from '../store/feeds.js';
import type { Schedule, ScheduleStore } from '../store/schedules.js';

/** Most notices one answer delivers; the rest come with the next one. */
export const MAX_NOTICES_PER_ANSWER = 10;

export interface NoticeStores {
  feeds: Pick<FeedStore, 'pendingNotices' | 'claimNotice' | 'releaseNotice'>;
  schedules: Pick<ScheduleStore, 'listSchedules'>;
}

/** The briefing whose channel a server's notices go to: its first (oldest) active one; null when it has none. */
export async function noticeBriefing(schedules: NoticeStores['schedules'], guildId: string): Promise<Schedule | null> {
  const active = (await schedules.listSchedules(guildId)).filter((s) => s.status === 'active');
  return active.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)[0] ?? null;
}

/** The notices of this list that this caller won the claim for. */
export async function claimNotices(feeds: NoticeStores['feeds'], notices: readonly FeedNotice[]): Promise<FeedNotice[]> {
  const won: FeedNotice[] = [];
  for (const notice of notices) {
    if (await feeds.claimNotice(notice.feed.id, notice.guildId, notice.disabling)) won.push(notice);
  }
  return won;
}

/** Gives claimed notices back, so they are shown later (their post failed). */
export async function releaseNotices(feeds: NoticeStores['feeds'], notices: readonly FeedNotice[]): Promise<void> {
  for (const notice of notices) await feeds.releaseNotice(notice.feed.id, notice.guildId, notice.disabling);
}

/**
 * The disabled feeds a /source answer in this server tells about: only when the server has no active
 * briefing (else they are posted in its channel), claimed here so no other answer or post repeats them.
 */
export async function takeReplyNotices(stores: NoticeStores, guildId: string | null): Promise<FeedRecord[]> {
  if (guildId === null || (await noticeBriefing(stores.schedules, guildId))) return [];
  const pending = await stores.feeds.pendingNotices(guildId, MAX_NOTICES_PER_ANSWER);
  if (pending.length === 0) return [];
  return (await claimNotices(stores.feeds, pending)).map((notice) => notice.feed);
}
