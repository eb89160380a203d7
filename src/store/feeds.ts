/**
 * Feeds and the items they have seen, as every backend keeps them (sqlite-feeds.ts,
 * postgres/feeds.ts): what the poller, /source and the sources file work on.
 */

export type FeedStatus = 'active' | 'disabled';
/** How a feed came to exist: the operator's sources file, an OPML import, /source add, or the CLI. */
export type FeedOrigin = 'file' | 'opml' | 'command' | 'cli';

export interface FeedRecord {
  id: number;
  /** null: an operator feed, seen by every guild. */
  guildId: string | null;
  url: string;
  origin: FeedOrigin;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  intervalMs: number;
  nextPoll: number;
  lastPolled: number | null;
  lastSuccess: number | null;
  /** Successful polls so far; the first indexes the backlog without flooding briefings. */
  polls: number;
  /** Consecutive failures. */
  failures: number;
  status: FeedStatus;
  statusReason: string | null;
  createdBy: string | null;
  createdAt: number;
  /**
   * The scope its articles are stored under (UpsertOptions.guildId): null operator-wide, else a
   * guild's id, or a shared source's own scope, which every subscribing guild sees (sourceScope).
   * Absent: the feed's guildId.
   */
  articleScope?: string | null;
}

/** What starts a shared source's scope (guild ids are digits, so never this). */
export const SOURCE_SCOPE_PREFIX = 'source:';

/** The scope of a shared source's articles: seen by every guild subscribing to it, and no other. */
export function sourceScope(sourceId: number): string {
  return `${SOURCE_SCOPE_PREFIX}${sourceId}`;
}

export interface NewFeed {
  guildId: string | null;
  url: string;
  origin: FeedOrigin;
  title?: string | null;
  intervalMs: number;
  createdBy?: string | null;
}

export interface SeenItem {
  guid: string;
  url: string | null;
  articleId: string | null;
}

export interface PollSuccess {
  etag: string | null;
  lastModified: string | null;
  /** null when items were left for the next poll, so an unchanged body is still read again. */
  bodyHash: string | null;
  title: string | null;
  nextPoll: number;
  /** True when this poll parsed the feed (counts toward `polls`). */
  parsed: boolean;
}

export interface PollFailure {
  failures: number;
  nextPoll: number;
  status: FeedStatus;
  reason: string;
}

/** An item a feed's source has seen, and when. */
export interface SeenRecord extends SeenItem {
  seenAt: number;
}

/**
 * A feed as one subscriber sees it (its FeedRecord: the source's state, the subscription's scope,
 * origin and author), with the items its source has seen (on the first subscription of a source
 * only: one source, one list): what newsbrief copy carries.
 */
export interface FeedExport {
  feed: FeedRecord;
  seen: SeenRecord[];
}

/**
 * A server to tell that a feed it subscribes to was disabled (docs/adr/0028-feed-health-notices.md):
 * the feed as that server sees it, and which of the feed's disablings the notice is about.
 */
export interface FeedNotice {
  guildId: string;
  feed: FeedRecord;
  /** The feed's count of disablings when listed: a claim for it wins once, a later disabling is a new notice. */
  disabling: number;
}

/** Keys that identify an article already stored, whichever feed brought it. */
export interface DuplicateKeys {
  canonicalUrl?: string | null;
  guid?: string | null;
  bodyHash?: string | null;
}

/** Feed state: what polling needs (the first nine) and what /source and the sources file add. */
export interface FeedStore {
  addFeed(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }>;
  /** One scope's feeds: a guild's, or the operator's (null). */
  listFeeds(guildId: string | null): Promise<FeedRecord[]>;
  getFeed(id: number): Promise<FeedRecord | null>;
  /** Removes a feed of that scope (a guild can remove only its own); its articles stay. */
  removeFeed(id: number, guildId: string | null): Promise<boolean>;
  /**
   * Active feeds whose next poll is due, soonest first. A backend shared by several processes hands
   * each due feed to one caller only (it is not due again until its poll is recorded, or a lease ends).
   */
  dueFeeds(now: number, limit: number): Promise<FeedRecord[]>;
  /** Gives back the claim on a feed whose poll was cut short (shutdown): it is due again at `dueAt`. */
  releaseClaim(id: number, dueAt: number): Promise<void>;
  recordSuccess(id: number, result: PollSuccess, now: number): Promise<void>;
  recordFailure(id: number, result: PollFailure, now: number): Promise<void>;
  /** The guids of these that the feed has already seen. */
  seenGuids(feedId: number, guids: string[]): Promise<Set<string>>;
  markSeen(feedId: number, items: SeenItem[], now: number): Promise<void>;
  /** Re-enables a disabled feed and makes it due now. */
  enableFeed(id: number, now: number): Promise<void>;
  /**
   * The stored article these keys point at (same canonical URL, guid seen in another feed, or same
   * body) that this scope can already see: operator-wide, or the guild's own.
   */
  findDuplicate(keys: DuplicateKeys, guildId: string | null): Promise<string | null>;
  /** Makes the operator's file feeds exactly these URLs (others from the file are removed); returns what changed. */
  syncFileFeeds(feeds: NewFeed[], now: number): Promise<{ added: number; removed: number }>;
  countFeeds(guildId: string | null): Promise<number>;
  /**
   * Notices due: servers' subscriptions (never the operator's) to a disabled feed whose disabling
   * they have not been told about; one guild's, these guilds', or every guild's (null). Oldest subscription first.
   */
  pendingNotices(guilds: string | readonly string[] | null, limit: number): Promise<FeedNotice[]>;
  /** Claims a notice for telling: true for exactly one caller per (feed, guild, disabling), across processes. */
  claimNotice(feedId: number, guildId: string, disabling: number): Promise<boolean>;
  /** Gives a claimed notice back (it could not be delivered): it is due again. */
  releaseNotice(feedId: number, guildId: string, disabling: number): Promise<void>;
}
