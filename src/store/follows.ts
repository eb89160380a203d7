/** Follows (a topic's new stories posted to a channel as they are indexed) and their post records, as the store keeps them. */
import type { ArticleRef, SourceFilter, TopicQuery } from './store.js';

export type FollowStatus = 'active' | 'paused';

export interface Follow {
  id: number;
  guildId: string;
  channelId: string;
  /** The topic as typed (topic syntax, ADR 25). */
  topic: string;
  maxPerHour: number;
  /** Quiet hours "HH-HH" in `timezone` (start inclusive, end exclusive), or null. */
  quiet: string | null;
  timezone: string;
  /** The one role each post pings, or null (mention-free). */
  mentionRole: string | null;
  sources: SourceFilter;
  status: FollowStatus;
  statusReason: string | null;
  createdBy: string | null;
  createdAt: number;
  /** The last article row when the follow was added: a story founded at or before it is not new. */
  startRow: number;
  /** High-water mark: every article row up to this one has been looked at. */
  lastRow: number;
}

export type NewFollow = Pick<
  Follow,
  'guildId' | 'channelId' | 'topic' | 'maxPerHour' | 'quiet' | 'timezone' | 'mentionRole' | 'sources' | 'createdBy'
>;

/** What became of a story for a follow: claimed then posted (or failed), or skipped (over the hourly limit, quiet hours). */
export type FollowPostState = 'claimed' | 'posted' | 'failed' | 'skipped';

export interface FollowPost {
  followId: number;
  /** The story (ArticleRef.story): one post per story, whichever outlet reports it first. */
  story: number;
  articleId: string;
  state: FollowPostState;
  claimedBy: string;
  claimedAt: number;
  finishedAt: number | null;
  /** Why it was skipped or failed. */
  detail: string | null;
}

/** A new article matching a follow, with its row (the high-water mark's unit). */
export interface FollowMatch {
  row: number;
  article: ArticleRef & { story: number };
}

export interface FollowMatchQuery {
  query: TopicQuery;
  /** Only rows after this one, up to and including `upTo`. */
  afterRow: number;
  upTo: number;
  guildId: string;
  sources: SourceFilter;
  limit: number;
}

export interface ClaimPost {
  followId: number;
  story: number;
  articleId: string;
  claimant: string;
  now: number;
  /** Posts claimed in the hour before `now` allowed before this one is skipped as over the limit. */
  maxPerHour: number;
  /** Given, the story is recorded as skipped for this reason (quiet hours) instead of claimed. */
  skip?: string;
}

/** 'claimed': this caller posts it; 'skipped': recorded as skipped (over the hourly limit, or `skip`); 'taken': already handled. */
export type ClaimOutcome = 'claimed' | 'skipped' | 'taken';

/** Why a story over the hourly limit was skipped (the post record's detail, counted by /follow list). */
export const OVER_LIMIT = 'over the hourly limit';

export interface FollowStore {
  /** Saves a follow whose marks start at the newest article row: only later articles are new to it. */
  addFollow(follow: NewFollow, now: number): Promise<Follow>;
  /** Every follow, or one guild's. */
  listFollows(guildId?: string): Promise<Follow[]>;
  getFollow(id: number): Promise<Follow | null>;
  /** false when the id is not one of that guild's follows. */
  removeFollow(id: number, guildId: string | null): Promise<boolean>;
  /**
   * Pauses or resumes (of that guild, when given); false when there is no such follow. Resuming
   * moves the high-water mark to the newest row, so what was indexed during the pause is not posted.
   */
  setFollowStatus(id: number, guildId: string | null, status: FollowStatus, reason: string | null): Promise<boolean>;
  /** The newest article row (0 when there is none). */
  articleHead(): Promise<number>;
  /** Articles stored after a row that match a topic in a guild's view and source filter, oldest row first. */
  newMatches(query: FollowMatchQuery): Promise<FollowMatch[]>;
  /**
   * Records a story for a follow, atomically (one caller per (follow, story), across processes),
   * counting the posts of the last hour in the same transaction for the limit.
   */
  claimPost(claim: ClaimPost): Promise<ClaimOutcome>;
  finishPost(followId: number, story: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void>;
  /** Moves the high-water mark forward (never back). */
  advanceMark(followId: number, row: number): Promise<void>;
  /** Post records claimed at or after `since`, by state and, for skipped ones, reason. */
  tallyPosts(followId: number, since: number): Promise<{ state: FollowPostState; detail: string | null; count: number }[]>;
  postsOf(followId: number): Promise<FollowPost[]>;
}
