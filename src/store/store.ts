/** The Store: where articles live. Async, so a server-backed implementation can come later. */
import type { Article, DateOrigin, Quote } from '../articles/model.js';
import type { FeedExport } from './feeds.js';
import type { Follow } from './follows.js';
import type { ScheduleExport } from './schedules.js';

/**
 * A topic query: groups of alternative phrases; an article must match one phrase of every group,
 * and none of the excluded phrases (which never add to its score).
 */
export interface TopicQuery {
  groups: string[][];
  exclude?: string[];
}

/**
 * Outlets (an article's source) to keep or leave out, lower-cased and compared case-insensitively:
 * with `only`, just those; `except` leaves those out. Empty lists filter nothing.
 */
export interface SourceFilter {
  only: string[];
  except: string[];
}

export const NO_SOURCE_FILTER: SourceFilter = { only: [], except: [] };

/** True when the filter leaves some outlet out. */
export function filtersSources(filter: SourceFilter | undefined): filter is SourceFilter {
  return filter !== undefined && (filter.only.length > 0 || filter.except.length > 0);
}

export interface SearchOptions {
  limit: number;
  offset?: number;
  /** Only articles published (or ingested) at or after this ISO date-time. */
  since?: string;
  /**
   * Whose view: a guild id sees operator-wide articles plus its own feeds' articles; null sees
   * operator-wide articles only (a DM); absent sees everything (the operator, the console).
   */
  guildId?: string | null;
  /** Only articles holding at least one quote (for /quotes). */
  withQuotes?: boolean;
  /** Only (or all but) these outlets (search only). */
  sources?: SourceFilter;
}

/**
 * A span of publication time, [from, to) as ISO date-times, and whose view (as in SearchOptions).
 * Undated articles (UNDATED_SORT_TS) are never in one.
 */
export interface TimeWindow {
  from: string;
  to: string;
  guildId?: string | null;
}

/** How many stories (ArticleRef.story; an article without one is its own) had a matching report on one UTC day. */
export interface DayCount {
  /** YYYY-MM-DD, in UTC. */
  day: string;
  stories: number;
}

/** A story within a window: its newest matching report there, and how many of its reports match there. */
export interface WindowStory {
  lead: ArticleRef;
  reports: number;
}

/** Where an upserted article came from, for guild scope and dedupe. */
export interface UpsertOptions {
  /** The guild whose feed brought it; null or absent for operator-wide (files, operator feeds). */
  guildId?: string | null;
  /** Tracking parameters stripped (sources/urls.ts), to find the same story under another spelling. */
  canonicalUrl?: string | null;
  /** Hash of the cleaned body, to find a copy under another URL. */
  bodyHash?: string | null;
  /**
   * Given, a new article whose body copies a stored one (the same page under another file or format,
   * see articles/fingerprint.ts) is not written: its outcome is 'unchanged' and this names the original.
   */
  onCopy?: (article: Article, originalId: string) => void;
}

/** Article metadata without its body: enough for a headline or a citation. */
export interface ArticleRef {
  id: string;
  title: string;
  url: string | null;
  source: string | null;
  published: string | null;
  /** The lead image's address (Article.image); absent where it was not read from the store, null when there is none. */
  image?: string | null;
  /**
   * The story it reports (the same event, any outlet): articles with the same number are one story.
   * Absent or null where grouping did not run (an article read from a file, not the store).
   */
  story?: number | null;
}

export interface StoredQuote extends Quote {
  article: ArticleRef;
}

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** An article as the store holds it, every column: what `newsbrief copy` carries between backends (copy.ts). */
export interface ArticleRecord {
  id: string;
  origin: string;
  url: string | null;
  source: string | null;
  title: string;
  section: string | null;
  byline: string | null;
  published: string | null;
  publishedFrom: DateOrigin | null;
  image: string | null;
  /** Publication time (ms), or UNDATED_SORT_TS. */
  sortTs: number;
  body: string;
  contentHash: string;
  ingestedAt: string;
  canonicalUrl: string | null;
  bodyHash: string | null;
  /** null: operator-wide; else the scope that first brought it (a guild, or a shared source's sourceScope). */
  guildId: string | null;
  /** Every scope that may see it (its article_guilds rows). */
  guilds: string[];
  /**
   * The id of the article whose row numbers its story in a copy: the story's earliest stored article
   * (its founder, unless that was removed). null when this article is that one.
   */
  storyFounder: string | null;
  /** Its names in the order the article gave them (story grouping reads the first ones). */
  names: string[];
  quotes: Quote[];
  /** The body sketch as stored (encodeSketch in articles/fingerprint.ts); null when it has none. */
  sketch: Buffer | null;
}

/** A summary cache entry. */
export interface CacheRecord {
  key: string;
  value: string;
  createdAt: number;
}

/**
 * A batch of what a database holds, as any backend writes it back (newsbrief copy): feeds come
 * first (articles' scopes may name them), then articles in the order they were stored (a story's
 * founder before the rest), schedules with their runs, follows (after the articles: a follow starts
 * at the target's newest row, as row numbers do not travel) and the summary cache.
 */
export type StoreRecords =
  | { kind: 'feeds'; records: FeedExport[] }
  | { kind: 'articles'; records: ArticleRecord[] }
  | { kind: 'schedules'; records: ScheduleExport[] }
  | { kind: 'follows'; records: Follow[] }
  | { kind: 'cache'; records: CacheRecord[] };

/** What a copy counts: feeds are subscriptions (a guild's or the operator's), seen items are their sources' feed items. */
export type CopyKind = 'articles' | 'feeds' | 'seenItems' | 'schedules' | 'runs' | 'follows' | 'cache';
export type CopyCounts = Record<CopyKind, number>;

export interface Store {
  /** Writes an article (and its quotes) in one transaction; an unchanged content hash writes nothing. */
  upsert(article: Article, options?: UpsertOptions): Promise<UpsertOutcome>;
  /** Writes a batch of articles in one transaction (bulk ingest); all or nothing. */
  upsertMany(articles: readonly Article[], options?: UpsertOptions): Promise<UpsertOutcome[]>;
  /**
   * Runs a bulk load (many upsertMany calls): index upkeep that pays off only for small writes waits
   * until the load is done. Writes made inside are the same as outside.
   */
  bulkLoad<T>(run: () => Promise<T>): Promise<T>;
  /** The stored content hash for an article id, to skip unchanged inputs before cleaning them. */
  contentHash(id: string): Promise<string | null>;
  /** Articles matching a topic, ranked by BM25 blended with recency. */
  search(query: TopicQuery, options: SearchOptions): Promise<ArticleRef[]>;
  /** The newest articles. */
  latest(options: SearchOptions): Promise<ArticleRef[]>;
  /**
   * The articles of the given stories (ArticleRef.story) the caller may see (scope as in
   * SearchOptions), newest first, at most `perStory` of each.
   */
  storyArticles(stories: number[], options: { guildId?: string | null; perStory: number }): Promise<ArticleRef[]>;
  /**
   * Per UTC day of the window, the stories with at least one report matching the topic and published
   * that day (a story reported on two days counts on both); days without one are left out. Oldest first.
   */
  storyCountsByDay(query: TopicQuery, window: TimeWindow): Promise<DayCount[]>;
  /**
   * The stories with the most reports matching the topic published in the window, most first (then
   * the newest report first), at most `limit`.
   */
  topStories(query: TopicQuery, window: TimeWindow & { limit: number }): Promise<WindowStory[]>;
  /** Full articles by id, in the order asked. */
  get(ids: string[]): Promise<Article[]>;
  /** Quotes of the given articles, in article order then position. */
  quotesOf(articleIds: string[]): Promise<StoredQuote[]>;
  /**
   * Names the index holds that start with a prefix (any word of them), frequent and recent first;
   * with a guildId (as in SearchOptions) only names from articles that guild can see.
   */
  suggestTopics(prefix: string, limit: number, guildId?: string | null): Promise<string[]>;
  count(): Promise<number>;
  /** Deletes articles by id (with their quotes, names and index entries); returns the ids that were there. */
  remove(ids: string[]): Promise<string[]>;
  /** Deletes articles published before a time (undated ones: ingested before it); returns how many. */
  removeOlderThan(before: Date): Promise<number>;
  /** Ids and origins of the articles read from files under a folder (an absolute path). */
  articlesUnder(folder: string): Promise<{ id: string; origin: string }[]>;
  /** A cached value (JSON) by key, e.g. an LLM summary; null when absent. */
  cacheGet(key: string): Promise<string | null>;
  cachePut(key: string, value: string): Promise<void>;
  /**
   * Everything the database holds (articles, feeds with their state and seen items, schedules with
   * their runs, the summary cache), in batches of at most `batchSize` records, read as they are
   * asked for: a large database is never held in memory.
   */
  exportAll(batchSize: number): AsyncIterable<StoreRecords>;
  /**
   * Writes a batch another store's exportAll gave, each record in one transaction with its rows;
   * what is here already (an article's id, a scope's feed URL, the same schedule, a cache key, a
   * seen item or run) is left as it is. Story founders are looked up by id. Returns what was new.
   */
  importRecords(batch: StoreRecords): Promise<Partial<CopyCounts>>;
  close(): Promise<void>;
}
