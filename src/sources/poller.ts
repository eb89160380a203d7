/**
 * Polling one feed: conditional GET, skip an unchanged body, parse, hand new items to an indexer,
 * then schedule the next poll (back-off on failure, disabled after repeated failures). Storage,
 * fetching and indexing are interfaces, and the clock is injected, so every decision is testable.
 */
import { describeForUser, FOR_OPERATOR, IN_FEED_STATUS, IN_REPORT } from '../errors.js';
import { sha256 } from '../hash.js';
import type { FeedRecord, FeedStore } from '../store/feeds.js';
import { type Feed, type FeedItem, parseFeed } from './feeds.js';
import { FetchError } from './fetch.js';
import { canonicalUrl } from './urls.js';

// The storage side of polling lives with the other store interfaces (src/store/feeds.ts).
export type {
  FeedOrigin,
  FeedRecord,
  FeedStatus,
  FeedStore,
  NewFeed,
  PollFailure,
  PollSuccess,
  SeenItem,
} from '../store/feeds.js';

export type ItemOutcome = 'added' | 'updated' | 'unchanged' | 'duplicate' | 'skipped' | 'failed';

export interface ItemResult {
  outcome: ItemOutcome;
  articleId: string | null;
  /** Why an item was skipped or failed. */
  reason?: string;
}

export interface FeedBody {
  url: string;
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  body: Buffer;
  text: string;
}

export interface PollPolicy {
  /** Most new items indexed per poll; the rest wait for the next one (on a first poll, they are dropped). */
  maxItemsPerPoll: number;
  /** Consecutive failures after which a feed is disabled. */
  maxFailures: number;
  /** Longest wait between retries of a failing feed. */
  maxBackoffMs: number;
}

export const DEFAULT_POLICY: PollPolicy = { maxItemsPerPoll: 25, maxFailures: 8, maxBackoffMs: 24 * 3_600_000 };

// Answers that mean the feed is gone for good: disable at once instead of backing off.
const GONE_STATUSES: ReadonlySet<number> = new Set([410]);

export interface PollerDeps {
  feeds: FeedStore;
  fetchFeed(feed: FeedRecord): Promise<FeedBody>;
  /** Reads the feed's XML (default parseFeed, here): a multi-megabyte feed may be read on another thread. */
  parseFeed?(text: string, url: string): Promise<Feed>;
  indexItem(feed: FeedRecord, item: FeedItem, context: { backlog: boolean }): Promise<ItemResult>;
  now(): number;
  policy?: Partial<PollPolicy>;
  /** Aborted on shutdown: no further feed or item is started, and what is in flight is not recorded. */
  signal?: AbortSignal;
}

export interface PollReport {
  feedId: number;
  url: string;
  result: 'not-modified' | 'unchanged' | 'polled' | 'failed';
  items: Partial<Record<ItemOutcome, number>>;
  error?: string;
}

/** The key an item is remembered by: its guid, else its canonical URL, else a hash of its title and content. */
export function itemKey(item: FeedItem): string {
  if (item.guid) return item.guid;
  const url = item.url ? canonicalUrl(item.url) : null;
  return url ?? `hash:${sha256(`${item.title ?? ''}\n${item.content ?? ''}`).slice(0, 32)}`;
}

/** New items, newest first (undated ones keep feed order after dated ones), at most `max`; and those left over. */
export function selectNewItems(items: FeedItem[], seen: Set<string>, max: number): { fresh: FeedItem[]; leftover: FeedItem[] } {
  const keys = new Set(seen);
  const unseen = items.filter((item) => {
    const key = itemKey(item);
    if (keys.has(key)) return false;
    keys.add(key); // an item listed twice in one feed counts once
    return true;
  });
  const ranked = unseen
    .map((item, index) => ({ item, index, time: item.published ? Date.parse(item.published) : Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .map((entry) => entry.item);
  return { fresh: ranked.slice(0, max), leftover: ranked.slice(max) };
}

/** Wait before retrying after `failures` consecutive failures: the interval doubled per failure, capped; at least Retry-After. */
export function backoffDelay(failures: number, intervalMs: number, maxBackoffMs: number, retryAfterSeconds?: number): number {
  const doubled = Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(0, failures - 1));
  return Math.max(doubled, (retryAfterSeconds ?? 0) * 1000);
}

/** True when a failure should disable the feed: too many in a row, or an answer that says it is gone. */
export function shouldDisable(failures: number, error: unknown, maxFailures: number): boolean {
  if (error instanceof FetchError && error.status !== undefined && GONE_STATUSES.has(error.status)) return true;
  return failures >= maxFailures;
}

function tally(report: PollReport, outcome: ItemOutcome): void {
  report.items[outcome] = (report.items[outcome] ?? 0) + 1;
}

/** Polls one feed and records the outcome; never throws (a broken feed is that feed's problem only). */
export async function pollFeed(feed: FeedRecord, deps: PollerDeps): Promise<PollReport> {
  const policy = { ...DEFAULT_POLICY, ...deps.policy };
  const report: PollReport = { feedId: feed.id, url: feed.url, result: 'polled', items: {} };
  try {
    const fetched = await deps.fetchFeed(feed);
    const nextPoll = deps.now() + feed.intervalMs;
    const validators = { etag: fetched.etag ?? feed.etag, lastModified: fetched.lastModified ?? feed.lastModified };
    if (fetched.notModified) {
      await deps.feeds.recordSuccess(
        feed.id,
        { ...validators, bodyHash: feed.bodyHash, title: feed.title, nextPoll, parsed: false },
        deps.now(),
      );
      return { ...report, result: 'not-modified' };
    }
    const bodyHash = sha256(fetched.body);
    if (bodyHash === feed.bodyHash) {
      await deps.feeds.recordSuccess(feed.id, { ...validators, bodyHash, title: feed.title, nextPoll, parsed: false }, deps.now());
      return { ...report, result: 'unchanged' };
    }
    const parsed = deps.parseFeed ? await deps.parseFeed(fetched.text, feed.url) : parseFeed(fetched.text, feed.url);
    const leftover = await indexNewItems(feed, parsed, deps, policy, report);
    if (deps.signal?.aborted) return await stillDue(feed, deps, report); // the items indexed so far are already marked seen
    const success = { ...validators, bodyHash: leftover ? null : bodyHash, title: parsed.title ?? feed.title, nextPoll, parsed: true };
    await deps.feeds.recordSuccess(feed.id, success, deps.now());
    return report;
  } catch (error) {
    // A poll cut short by shutdown is not the feed's failure: it stays due and is polled again.
    if (deps.signal?.aborted) return await stillDue(feed, deps, { ...report, result: 'failed', error: 'stopped' });
    const failures = feed.failures + 1;
    const disable = shouldDisable(failures, error, policy.maxFailures);
    // The reason is stored and shown in /source list; the operator's log gets the detail.
    const reason = describeForUser(error, IN_FEED_STATUS);
    const retryAfter = error instanceof FetchError ? error.retryAfterSeconds : undefined;
    await deps.feeds.recordFailure(
      feed.id,
      {
        failures,
        nextPoll: deps.now() + backoffDelay(failures, feed.intervalMs, policy.maxBackoffMs, retryAfter),
        status: disable ? 'disabled' : 'active',
        reason: disable && !(error instanceof FetchError && error.status === 410) ? `${reason} (${failures} failures in a row)` : reason,
      },
      deps.now(),
    );
    const described = describeForUser(error, FOR_OPERATOR);
    const logged = error instanceof FetchError && error.logDetail ? `${described} (${error.logDetail})` : described;
    return { ...report, result: 'failed', error: logged };
  }
}

/** A poll cut short by shutdown: the feed's claim is given back, so it is due again at once (not when the claim's lease ends). */
async function stillDue(feed: FeedRecord, deps: PollerDeps, report: PollReport): Promise<PollReport> {
  await deps.feeds.releaseClaim(feed.id, feed.nextPoll).catch(() => {}); // at worst, it waits out the lease
  return report;
}

/** Indexes a feed's unseen items; returns true when some were left for the next poll. */
async function indexNewItems(feed: FeedRecord, parsed: Feed, deps: PollerDeps, policy: PollPolicy, report: PollReport): Promise<boolean> {
  const backlog = feed.polls === 0;
  const seen = await deps.feeds.seenGuids(feed.id, parsed.items.map(itemKey));
  const { fresh, leftover } = selectNewItems(parsed.items, seen, policy.maxItemsPerPoll);
  for (const item of fresh) {
    if (deps.signal?.aborted) return true;
    const result = await deps
      .indexItem(feed, item, { backlog })
      .catch((error: unknown): ItemResult => ({ outcome: 'failed', articleId: null, reason: describeForUser(error, IN_REPORT) }));
    if (deps.signal?.aborted) return true; // not marked seen: the next poll indexes it again
    tally(report, result.outcome);
    await deps.feeds.markSeen(
      feed.id,
      [{ guid: itemKey(item), url: item.url ? canonicalUrl(item.url) : null, articleId: result.articleId }],
      deps.now(),
    );
  }
  if (backlog && leftover.length > 0) {
    // A first poll indexes the current items, not the feed's whole history.
    const dropped = leftover.map((item) => ({ guid: itemKey(item), url: item.url ? canonicalUrl(item.url) : null, articleId: null }));
    await deps.feeds.markSeen(feed.id, dropped, deps.now());
    return false;
  }
  return leftover.length > 0;
}

/** Runs tasks with at most `limit` at a time. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Polls every due feed (a few at a time); returns what happened to each. */
export async function pollDueFeeds(deps: PollerDeps, options: { limit?: number; concurrency?: number } = {}): Promise<PollReport[]> {
  const due = await deps.feeds.dueFeeds(deps.now(), options.limit ?? 100);
  const reports: PollReport[] = [];
  await eachLimited(due, options.concurrency ?? 4, async (feed) => {
    if (!deps.signal?.aborted) reports.push(await pollFeed(feed, deps));
    else await stillDue(feed, deps, { feedId: feed.id, url: feed.url, result: 'failed', items: {} });
  });
  return reports;
}
