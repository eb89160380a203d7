/**
 * Search in the SQLite store: topics as FTS5 MATCH expressions, BM25 blended with recency, and the
 * newest matches read first, stopping once no older article can enter the answer (ADR 10).
 */
import type Database from 'better-sqlite3';
import { lowerWords } from '../text.js';
import { SQLITE_SOURCE_FILTER, sqliteSourceParameters } from './source-filter.js';
import { SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import { STORY_COLUMN } from './sqlite-stories.js';
import { type ArticleRef, filtersSources, type SearchOptions, type TopicQuery } from './store.js';

// Title matches weigh more than body matches in BM25.
const TITLE_WEIGHT = 10.0;
const BODY_WEIGHT = 1.0;

/** An article reference's columns, in a query over `articles a`. */
export const REF_COLUMNS = `a.id, a.title, a.url, a.source, a.published, a.image, ${STORY_COLUMN}`;

/** A search row with its blended score, which the caller drops. */
type RankedRef = ArticleRef & { rank_score: number };
/** Topics matching fewer articles than this are ranked in full: it is quick. */
const NEWEST_FIRST_MIN_HITS = 1500;
/** Deeper pages than this go straight to the full query. */
const NEWEST_FIRST_MAX_ROWS = 200;
/** Phrase match counts kept for the bm25 bound before the cache starts over. */
const PHRASE_CACHE_SIZE = 10_000;
/** FTS5's bm25 uses k1 = 1.2: one phrase's term-frequency factor stays below k1 + 1. */
const BM25_K1_PLUS_1 = 2.2;

interface SearchParams {
  match: string;
  since: number;
  /** timeKey(since): no dated article's key below it can hold a match. */
  sinceKey: number;
  /** `since` as an ISO string, for undated articles' ingestion time (see SINCE_OR_UNDATED). */
  sinceIso: string;
  undated: number;
  /** The first key above every undated article's (when fewer than 2^20 of them). */
  undatedKeyEnd: number;
  now: number;
  halfLife: number;
  limit: number;
  offset: number;
  scope_all: number;
  scope_guild: string | null;
  with_quotes: number;
  sources_only: string;
  sources_except: string;
}

/** Which statement a search runs: with or without `since`, with or without an outlet filter (kept out of the SQL when unused). */
type Filters = 'all' | 'since' | 'all+sources' | 'since+sources';

// bm25() is negative (lower is better); scaling it toward 0 with age ranks older articles lower.
const RANK = `bm25(articles_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) / (1.0 + max(0, @now - a.sort_ts) / @halfLife)`;
/** Articles published since `since` (every article when there is none): FTS5 skips the keys below sinceKey. */
const SINCE_DATED = `articles_fts.rowid >= @sinceKey AND a.sort_ts >= @since`;
/**
 * With a `since`: also the undated articles (keys at the bottom, docs/adr/0012-undated-articles.md)
 * ingested since, so a briefing still shows what arrived undated. FTS5 takes no OR of key ranges,
 * so such a search reads the older matches too; searches without `since` keep SINCE_DATED.
 */
const SINCE_OR_UNDATED = `(articles_fts.rowid >= @sinceKey OR articles_fts.rowid < @undatedKeyEnd)
    AND (a.sort_ts >= @since OR (a.sort_ts = @undated AND a.ingested_at >= @sinceIso))`;
/** Matches joined to the narrow ranking index (not the rows with their bodies), in the caller's scope. */
function matches(sinceFilter: string, sources = false): string {
  return `FROM articles_fts JOIN articles a INDEXED BY articles_ranking_by_time ON a.time_key = articles_fts.rowid
  WHERE articles_fts MATCH @match AND ${sinceFilter} AND ${SCOPE_FILTER}${sources ? ` AND ${SQLITE_SOURCE_FILTER}` : ''}
    AND (@with_quotes = 0 OR EXISTS (SELECT 1 FROM quotes q WHERE q.article_rowid = a.rowid))`;
}
/** Ranks every match, then reads the full rows of the page alone. */
// Equal scores go newest first, then by key: the order is total, and the same in both queries.
function fullSearch(sinceFilter: string, sources = false): string {
  return `SELECT ${REF_COLUMNS}, r.rank_score
  FROM (
    SELECT a.rowid AS rid, a.sort_ts, articles_fts.rowid AS key, ${RANK} AS rank_score ${matches(sinceFilter, sources)}
    ORDER BY rank_score, a.sort_ts DESC, key DESC LIMIT @limit OFFSET @offset
  ) r
  JOIN articles a ON a.rowid = r.rid
  ORDER BY r.rank_score, r.sort_ts DESC, r.key DESC`;
}
/** The full query without and with a `since`. */
const FULL_SEARCH: Record<Filters, string> = {
  all: fullSearch(SINCE_DATED),
  since: fullSearch(SINCE_OR_UNDATED),
  'all+sources': fullSearch(SINCE_DATED, true),
  'since+sources': fullSearch(SINCE_OR_UNDATED, true),
};
/** A match as newest-first search reads it. */
interface ScannedRow {
  rid: number;
  sort_ts: number;
  key: number;
  rank_score: number;
}

/** The full query's order: best score first, then newest, then highest key. */
function rankOrder(x: ScannedRow, y: ScannedRow): number {
  return x.rank_score - y.rank_score || y.sort_ts - x.sort_ts || y.key - x.key;
}

/** Where a row goes in a list kept in rankOrder (after its equals). */
function insertionPoint(sorted: readonly ScannedRow[], row: ScannedRow): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rankOrder(sorted[middle]!, row) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every match with its score, newest key first: FTS5 reads keys in that order, and the caller stops reading. */
// An outlet filter only takes matches away, so the bound newest-first reading stops on still holds.
function newestFirstScan(sinceFilter: string, sources = false): string {
  return `SELECT a.rowid AS rid, a.sort_ts, articles_fts.rowid AS key, ${RANK} AS rank_score ${matches(sinceFilter, sources)}
  ORDER BY articles_fts.rowid DESC`;
}
const NEWEST_FIRST_SCAN: Record<Filters, string> = {
  all: newestFirstScan(SINCE_DATED),
  since: newestFirstScan(SINCE_OR_UNDATED),
  'all+sources': newestFirstScan(SINCE_DATED, true),
  'since+sources': newestFirstScan(SINCE_OR_UNDATED, true),
};

/** Turns a word or phrase into an FTS5 string literal holding only its words, or null when it has none. */
function ftsPhrase(phrase: string): string | null {
  const words = lowerWords(phrase);
  return words.length ? `"${words.join(' ')}"` : null;
}

/** A group's phrases as FTS5 literals, each once; empty when none holds a word. */
function ftsPhrases(group: readonly string[]): string[] {
  return [...new Set(group.map(ftsPhrase).filter((p): p is string => p !== null))];
}

/**
 * Builds an FTS5 MATCH expression: phrases within a group are OR-ed, groups are AND-ed, and the
 * excluded phrases taken away with NOT. An excluded phrase is absent from every row that matches,
 * so it adds nothing to bm25: exclusions only remove rows, and bm25Bound stays an upper bound.
 */
export function toFtsQuery(query: TopicQuery): string | null {
  const groups = query.groups
    .map(ftsPhrases)
    .filter((group) => group.length > 0)
    .map((group) => (group.length === 1 ? group[0]! : `(${group.join(' OR ')})`));
  if (groups.length === 0) return null;
  const excluded = ftsPhrases(query.exclude ?? []);
  const required = groups.join(' AND ');
  return excluded.length ? `(${required}) NOT (${excluded.join(' OR ')})` : required;
}

/** Articles per second of publication time that get a time key of their own second (2^20). */
export const TIME_KEY_SLOTS = 1_048_576;
/** Publication times are clamped to +-8e12 ms (years 1716-2223) so every key stays a safe integer. */
const TIME_KEY_LIMIT_MS = 8e12;

/**
 * The first full-text key of an article published at sortTs: its second times 2^20, so keys sort
 * by publication time (to the second) and the newest matches of a search come first. Migration 6
 * computes the same value in SQL (integer division truncates toward zero there too).
 */
export function timeKey(sortTs: number): number {
  const clamped = Math.max(-TIME_KEY_LIMIT_MS, Math.min(TIME_KEY_LIMIT_MS, sortTs));
  return Math.trunc(clamped / 1000) * TIME_KEY_SLOTS;
}

/**
 * The end (ms, exclusive) of the second a key belongs to: an article with a smaller key was published
 * before it, since its key is at least timeKey(its time), even when a full second pushed it later.
 */
function keySecondEnd(key: number): number {
  return (Math.floor(key / TIME_KEY_SLOTS) + 1) * 1000;
}

/**
 * The sort time of an undated article: the bottom of the time-key range, so "latest" lists it after
 * every dated article and ranking gives it no recency (docs/adr/0012-undated-articles.md).
 * Migration 9 writes the same value.
 */
export const UNDATED_SORT_TS = -TIME_KEY_LIMIT_MS;

/** How a store searches: its statements, clock and recency, and whether newest-first reading is on. */
export interface SearchContext {
  sql: (text: string) => Database.Statement;
  now: () => number;
  halfLifeMs: number;
  newestFirst: boolean;
}

export class SqliteSearch {
  /** How searches were answered: from the newest matches, or by ranking every match (the bench reports it). */
  readonly stats = { newestFirst: 0, full: 0 };
  /** Articles matching each phrase, valid while the database is unchanged (see bm25Bound). */
  private phraseHits: { generation: string; counts: Map<string, number> } = { generation: '', counts: new Map() };

  constructor(private readonly context: SearchContext) {}

  private get sql(): (text: string) => Database.Statement {
    return this.context.sql;
  }

  async search(query: TopicQuery, options: SearchOptions): Promise<ArticleRef[]> {
    const match = toFtsQuery(query);
    if (!match) return [];
    const since = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
    const params: SearchParams = {
      match,
      since: Number.isFinite(since) ? since : -8.64e15,
      sinceKey: Number.isFinite(since) ? timeKey(since) : -9e15,
      sinceIso: Number.isFinite(since) ? new Date(since).toISOString() : '',
      undated: UNDATED_SORT_TS,
      undatedKeyEnd: timeKey(UNDATED_SORT_TS) + TIME_KEY_SLOTS,
      now: this.context.now(),
      halfLife: this.context.halfLifeMs,
      limit: options.limit,
      offset: options.offset ?? 0,
      ...scopeParameters(options),
      with_quotes: options.withQuotes ? 1 : 0,
      ...sqliteSourceParameters(options.sources),
    };
    const filters: Filters = `${options.since ? 'since' : 'all'}${filtersSources(options.sources) ? '+sources' : ''}`;
    let rows = this.context.newestFirst ? this.searchNewestFirst(query, params, filters) : null;
    if (rows) this.stats.newestFirst++;
    else {
      rows = this.sql(FULL_SEARCH[filters]).all(params) as RankedRef[];
      this.stats.full++;
    }
    return rows.map(({ rank_score: _score, ...ref }) => ref);
  }

  /**
   * The same ranking as a full search, computed over the newest matches only, when that provably
   * gives the same answer: bm25 for every match is what makes a common topic slow on a big index.
   * No article scores better than -bound / (1 + age / halfLife), where bound exceeds any |bm25|
   * (FTS5's bm25 stays below (k1 + 1) x the sum of its phrases' idf). Keys are in time order (to
   * the second), so FTS5 hands over the matches newest first; the best `need` so far are kept, and
   * once every match still to come is older than what could beat the last of them, reading stops.
   * Same rows, same order as the full query. Null when that is as quick: deep pages, small match sets.
   */
  private searchNewestFirst(query: TopicQuery, params: SearchParams, filter: Filters): RankedRef[] | null {
    const need = params.limit + params.offset;
    if (need > NEWEST_FIRST_MAX_ROWS) return null;
    const bound = this.bm25Bound(query);
    if (bound === null) return null;
    const best: ScannedRow[] = [];
    let reach = Number.POSITIVE_INFINITY;
    for (const row of this.sql(NEWEST_FIRST_SCAN[filter]).iterate(params) as IterableIterator<ScannedRow>) {
      // This match and every later one has a key at most row.key: published before that second ends.
      if (params.now - keySecondEnd(row.key) > reach) break;
      if (best.length === need && rankOrder(row, best[need - 1]!) >= 0) continue;
      best.splice(insertionPoint(best, row), 0, row);
      if (best.length > need) best.pop();
      // An article scores below the last kept one only when 1 + age / halfLife < bound / |its score|.
      const last = best[need - 1];
      if (last !== undefined && last.rank_score < 0) reach = params.halfLife * (bound / -last.rank_score - 1);
    }
    const page = best.slice(params.offset);
    const refs = new Map(
      (
        this.sql(`SELECT a.rowid AS rid, ${REF_COLUMNS} FROM articles a WHERE a.rowid IN (SELECT value FROM json_each(?))`).all(
          JSON.stringify(page.map((row) => row.rid)),
        ) as (ArticleRef & { rid: number })[]
      ).map(({ rid, ...ref }) => [rid, ref]),
    );
    return page.map((row) => ({ ...refs.get(row.rid)!, rank_score: row.rank_score }));
  }

  /**
   * An upper bound on |bm25| for any article and this query: (k1 + 1) x the sum of idf over its
   * phrases. Null when the whole match set is small: ranking it in full is quick. Phrase counts are
   * kept until the index changes (data_version moves for other connections' commits,
   * total_changes() for this one's), so a topic asked again, or sharing a phrase, counts nothing.
   */
  private bm25Bound(query: TopicQuery): number | null {
    // Each phrase as often as the MATCH holds it (once per group it is in): bm25 adds them all up.
    const phrases = query.groups.flatMap(ftsPhrases);
    const state = this.sql('SELECT data_version AS v, total_changes() AS c FROM pragma_data_version').get() as { v: number; c: number };
    const generation = `${state.v}:${state.c}`;
    if (this.phraseHits.generation !== generation || this.phraseHits.counts.size > PHRASE_CACHE_SIZE) {
      this.phraseHits = { generation, counts: new Map() };
    }
    const counts = this.phraseHits.counts;
    // max(rowid) >= the row count bm25 uses, and idf grows with it: the bound stays an upper bound.
    const rows = (this.sql('SELECT max(rowid) AS n FROM articles').get() as { n: number | null }).n ?? 0;
    let sum = 0;
    let hitsTotal = 0;
    for (const phrase of phrases) {
      let hits = counts.get(phrase);
      if (hits === undefined) {
        hits = (this.sql('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?').get(phrase) as { n: number }).n;
        counts.set(phrase, hits);
      }
      hitsTotal += hits;
      const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
      sum += idf > 1e-6 ? idf : 1e-6; // FTS5 floors idf the same way
    }
    return hitsTotal < NEWEST_FIRST_MIN_HITS ? null : BM25_K1_PLUS_1 * sum;
  }
}
