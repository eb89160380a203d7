/** The embedded Store: better-sqlite3 with an FTS5 index (porter + unicode61), BM25 blended with recency. */
import type Database from 'better-sqlite3';
import type { Article, DateOrigin } from '../articles/model.js';
import { lowerWords } from '../text.js';
import { MIGRATIONS } from './migrations.js';
import { articlesUnder, removeArticles, removeArticlesBefore } from './sqlite-removal.js';
import { backfillSketches, findCopy, sketchOf, writeSketch } from './sqlite-copies.js';
import { applyArticleScope, SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import { dropNote, isLive, notedLoads, noteLoad } from './sqlite-loads.js';
import { IN_STORIES, SqliteStories, STORY_COLUMN } from './sqlite-stories.js';
import { openForWriting, openReadOnly, retryWhileBusy, StoreOpenError } from './sqlite-open.js';
import {
  BULK_WAL_CHECKPOINT_PAGES,
  finishWrites,
  newPendingWrites,
  type NameCount,
  type PendingWrites,
  setIndexMerging,
  SQLITE_WAL_CHECKPOINT_PAGES,
} from './sqlite-writes.js';
import { exportSqlite } from './sqlite-export.js';
import { importSqlite } from './sqlite-import.js';
import type {
  ArticleRef, CopyCounts, SearchOptions, Store, StoredQuote, StoreRecords, TopicQuery, UpsertOptions, UpsertOutcome,
} from './store.js';

const PARAGRAPH_SEPARATOR = '\n\n';
const DAY_MS = 86_400_000;
// Title matches weigh more than body matches in BM25.
const TITLE_WEIGHT = 10.0;
const BODY_WEIGHT = 1.0;

export interface SqliteStoreOptions {
  /** Age in days at which a search score is halved. */
  recencyHalfLifeDays?: number;
  /** Clock for recency ranking (tests pin it). */
  now?: () => number;
  /** Rank the newest matches first when that provably gives the same answer (default); off, rank every match (tests compare). */
  newestFirst?: boolean;
  /** Group new articles into stories as they are written (default); off, each is its own story (the bench compares). */
  stories?: boolean;
  /**
   * Open for reading only (the reading commands): no page of the database is written, and a
   * read-only file or folder works (see openReadOnly); the summary cache is not kept. A database
   * older than this code cannot be read so: StoreOpenError says to open it once with write access.
   */
  readonly?: boolean;
}

interface ArticleRow {
  rowid: number;
  id: string;
  origin: string;
  url: string | null;
  source: string | null;
  title: string;
  section: string | null;
  byline: string | null;
  published: string | null;
  published_from: DateOrigin | null;
  body: string;
  content_hash: string;
  ingested_at: string;
}

/** A quote with its article's reference columns, from one query. */
interface QuoteRow extends ArticleRef {
  text: string;
  speaker: string | null;
  paragraph: number;
}

const REF_COLUMNS = `a.id, a.title, a.url, a.source, a.published, ${STORY_COLUMN}`;

/** The migration that added article_sketches (see sqlite-copies.ts). */
const SKETCH_MIGRATION = 10;

/** Topic suggestions for a guild count names over this many of its newest articles. */
const SUGGESTION_WINDOW = 5000;

/** A bulk load in progress in this process (see SqliteStore.bulkLoad). */
interface BulkLoad {
  /** Its note in store_state. */
  key: string;
  /** Articles stored when it began. */
  before: number;
  /** Writing without syncing (a first load, alone). */
  unsynced: boolean;
}

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
}

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
function matches(sinceFilter: string): string {
  return `FROM articles_fts JOIN articles a INDEXED BY articles_ranking_by_time ON a.time_key = articles_fts.rowid
  WHERE articles_fts MATCH @match AND ${sinceFilter} AND ${SCOPE_FILTER}
    AND (@with_quotes = 0 OR EXISTS (SELECT 1 FROM quotes q WHERE q.article_rowid = a.rowid))`;
}
/** Ranks every match, then reads the full rows of the page alone. */
// Equal scores go newest first, then by key: the order is total, and the same in both queries.
function fullSearch(sinceFilter: string): string {
  return `SELECT ${REF_COLUMNS}, r.rank_score
  FROM (
    SELECT a.rowid AS rid, a.sort_ts, articles_fts.rowid AS key, ${RANK} AS rank_score ${matches(sinceFilter)}
    ORDER BY rank_score, a.sort_ts DESC, key DESC LIMIT @limit OFFSET @offset
  ) r
  JOIN articles a ON a.rowid = r.rid
  ORDER BY r.rank_score, r.sort_ts DESC, r.key DESC`;
}
/** The full query without and with a `since`. */
const FULL_SEARCH = { all: fullSearch(SINCE_DATED), since: fullSearch(SINCE_OR_UNDATED) };
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
function newestFirstScan(sinceFilter: string): string {
  return `SELECT a.rowid AS rid, a.sort_ts, articles_fts.rowid AS key, ${RANK} AS rank_score ${matches(sinceFilter)}
  ORDER BY articles_fts.rowid DESC`;
}
const NEWEST_FIRST_SCAN = { all: newestFirstScan(SINCE_DATED), since: newestFirstScan(SINCE_OR_UNDATED) };

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
const TIME_KEY_SLOTS = 1_048_576;
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

/** Sort key for an article: its publication time (trusted when the article was built), else UNDATED_SORT_TS. */
function sortTimestamp(article: Article): number {
  const published = article.published ? Date.parse(article.published) : Number.NaN;
  return Number.isFinite(published) ? published : UNDATED_SORT_TS;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly halfLifeMs: number;
  private readonly now: () => number;
  private readonly newestFirst: boolean;
  /** Story grouping of new articles; null when reading only, or turned off. */
  private readonly stories: SqliteStories | null;
  private readonly readonly: boolean;
  private readonly statements = new Map<string, Database.Statement>();
  /** How searches were answered: from the newest matches, or by ranking every match (the bench reports it). */
  readonly searchStats = { newestFirst: 0, full: 0 };
  /** Articles matching each phrase, valid while the database is unchanged (see bm25Bound). */
  private phraseHits: { generation: string; counts: Map<string, number> } = { generation: '', counts: new Map() };

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.readonly = options.readonly === true && path !== ':memory:';
    this.db = this.readonly ? openReadOnly(path) : openForWriting(path);
    this.halfLifeMs = (options.recencyHalfLifeDays ?? 30) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.newestFirst = options.newestFirst ?? true;
    this.stories = this.readonly || options.stories === false ? null : new SqliteStories(this.sql);
    try {
      if (this.readonly) this.checkReadableSchema(path);
      else {
        this.migrate();
        retryWhileBusy(() => this.settleEndedLoads(path));
      }
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** A prepared statement, compiled once per SQL text. */
  private readonly sql = (text: string): Database.Statement => {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  };

  /**
   * Applies every migration newer than the database's user_version, all in one IMMEDIATE transaction
   * that reads the version again once it holds the write lock: processes opening one new file at
   * once wait for each other, and only the first migrates (the others find the schema done).
   */
  private migrate(): void {
    if (this.checkedVersion() === MIGRATIONS.length) return;
    const migrateNow = this.db.transaction(() => {
      const from = this.checkedVersion();
      MIGRATIONS.slice(from).forEach((sql, index) => {
        const version = from + index + 1;
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
        // Migration 10 made the table; the articles stored before it are sketched here, in code, in the same transaction.
        if (version === SKETCH_MIGRATION && from > 0) backfillSketches(this.db);
      });
    });
    retryWhileBusy(() => migrateNow.immediate());
  }

  /** The schema version, refused when it is newer than this code. */
  private checkedVersion(): number {
    const version = this.schemaVersion();
    if (version > MIGRATIONS.length) {
      throw new StoreOpenError(`database schema version ${version} is newer than this newsbrief (${MIGRATIONS.length})`);
    }
    return version;
  }

  /** Read-only, nothing can be migrated: a database from an older newsbrief is refused, saying what to do. */
  private checkReadableSchema(path: string): void {
    const version = this.checkedVersion();
    if (version === 0) throw new StoreOpenError(`${path} is not a newsbrief database (it holds no newsbrief schema)`);
    if (version < MIGRATIONS.length) {
      throw new StoreOpenError(
        `the database ${path} was written by an older newsbrief (schema ${version}, this one reads ${MIGRATIONS.length}) and is read-only here: ` +
          `run one command that writes (e.g. newsbrief ingest) with write access to it once to upgrade it`,
      );
    }
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async upsert(article: Article, options: UpsertOptions = {}): Promise<UpsertOutcome> {
    return this.writeArticle(article, options);
  }

  // IMMEDIATE: the write lock is taken (waiting for another process's) before anything is read, so
  // what the transaction reads is still true when it writes (a deferred one fails at once instead).
  private readonly writeArticle = (article: Article, options: UpsertOptions): UpsertOutcome =>
    this.db.transaction(() => {
      this.stories?.beginWrites();
      const pending = newPendingWrites();
      const outcome = this.writeArticleRows(article, options, pending);
      finishWrites(this.sql, pending);
      return outcome;
    }).immediate();

  /**
   * The writes of one article, inside the caller's transaction (a savepoint per article would flush
   * FTS5 each time). A new article's full-text entry and name counts are left in pending for the
   * caller to write once the transaction's other writes are done (see finishWrites).
   */
  private readonly writeArticleRows = (a: Article, o: UpsertOptions, pending: PendingWrites): UpsertOutcome => {
      const existing = this.sql('SELECT rowid, content_hash, sort_ts, time_key FROM articles WHERE id = ?').get(a.id) as
        | { rowid: number; content_hash: string; sort_ts: number; time_key: number }
        | undefined;
      if (existing?.content_hash === a.contentHash) {
        applyArticleScope(this.sql, existing.rowid, o.guildId ?? null);
        return 'unchanged';
      }
      const sketch = sketchOf(a);
      if (!existing && o.onCopy) {
        const original = findCopy(this.sql, a, sketch);
        if (original !== null) {
          o.onCopy(a, original);
          return 'unchanged';
        }
      }
      const values = {
        id: a.id,
        origin: a.origin,
        url: a.url,
        source: a.source,
        title: a.title,
        section: a.section,
        byline: a.byline,
        published: a.published,
        published_from: a.published ? a.publishedFrom : null,
        sort_ts: sortTimestamp(a),
        body: a.paragraphs.join(PARAGRAPH_SEPARATOR),
        content_hash: a.contentHash,
        ingested_at: a.ingestedAt,
        guild_id: o.guildId ?? null,
        canonical_url: o.canonicalUrl ?? null,
        body_hash: o.bodyHash ?? null,
      };
      let rowid: number;
      if (existing) {
        // A new publication time moves the article to a key of its new second, so key order stays time order.
        const time_key = existing.sort_ts === values.sort_ts ? existing.time_key : this.freeTimeKey(values.sort_ts);
        // The update's triggers replace the article's entry and uncount its names: what waits goes first.
        finishWrites(this.sql, pending);
        this.sql(
            `UPDATE articles SET origin = @origin, url = @url, source = @source, title = @title, section = @section,
               byline = @byline, published = @published, published_from = @published_from, sort_ts = @sort_ts,
               time_key = @time_key, body = @body, content_hash = @content_hash, ingested_at = @ingested_at,
               canonical_url = coalesce(@canonical_url, canonical_url), body_hash = coalesce(@body_hash, body_hash)
             WHERE rowid = @rowid`,
          )
          .run({ ...values, time_key, rowid: existing.rowid });
        this.sql('DELETE FROM quotes WHERE article_rowid = ?').run(existing.rowid);
        rowid = existing.rowid;
      } else {
        const time_key = this.freeTimeKey(values.sort_ts);
        const story = this.stories?.storyOf(a) ?? null;
        const result = this.sql(
            `INSERT INTO articles (id, origin, url, source, title, section, byline, published, published_from, sort_ts, time_key, body,
               content_hash, ingested_at, guild_id, canonical_url, body_hash, story)
             VALUES (@id, @origin, @url, @source, @title, @section, @byline, @published, @published_from, @sort_ts, @time_key, @body,
               @content_hash, @ingested_at, @guild_id, @canonical_url, @body_hash, @story)`,
          )
          .run({ ...values, time_key, story });
        rowid = Number(result.lastInsertRowid);
        this.stories?.written(rowid, story);
        pending.index.push({ key: time_key, title: values.title, body: values.body });
      }
      const insertQuote = this.sql(
        'INSERT INTO quotes (article_rowid, position, text, speaker, paragraph) VALUES (?, ?, ?, ?, ?)',
      );
      a.quotes.forEach((q, position) => insertQuote.run(rowid, position, q.text, q.speaker, q.paragraph));
      this.writeEntities(rowid, a.entities ?? [], values.sort_ts, existing !== undefined, pending.names);
      writeSketch(this.sql, rowid, sketch, existing !== undefined);
      // A new article was inserted with its scope; only a guild's feed adds a row for the guild.
      if (existing || o.guildId) applyArticleScope(this.sql, rowid, o.guildId ?? null);
      return existing ? 'updated' : 'added';
    };

  /**
   * An unused time key for an article published at sortTs: the next free slot of its second, or of
   * the first later second with room (a million articles in one second). Never below timeKey(sortTs),
   * which is all newest-first search relies on.
   */
  private freeTimeKey(sortTs: number): number {
    for (let base = timeKey(sortTs); ; base += TIME_KEY_SLOTS) {
      const last = (this.sql('SELECT max(time_key) AS k FROM articles WHERE time_key >= ? AND time_key < ?')
        .get(base, base + TIME_KEY_SLOTS) as { k: number | null }).k;
      if (last === null) return base;
      if (last + 1 < base + TIME_KEY_SLOTS) return last + 1;
    }
  }

  /**
   * Writes an article's names (replacing those it had: the delete trigger uncounts them), and counts
   * each new one in names for countNames.
   */
  private writeEntities(rowid: number, entities: string[], sortTs: number, replace: boolean, names: Map<string, NameCount>): void {
    if (replace) this.sql('DELETE FROM article_entities WHERE article_rowid = ?').run(rowid);
    const insert = this.sql('INSERT OR IGNORE INTO article_entities (article_rowid, name, sort_ts, position) VALUES (?, ?, ?, ?)');
    for (let position = 0; position < entities.length; position++) {
      const name = entities[position]!;
      if (insert.run(rowid, name, sortTs, position).changes === 0) continue; // the same name twice
      const count = names.get(name);
      if (count) {
        count.articles++;
        count.lastTs = Math.max(count.lastTs, sortTs);
      } else {
        names.set(name, { articles: 1, lastTs: sortTs });
      }
    }
  }

  /** Absent guildId (the console) counts every article; a guild (or null, a DM) only the articles it can see. */
  async suggestTopics(prefix: string, limit: number, guildId?: string | null): Promise<string[]> {
    const word = prefix.trim().replace(/[%_\\]/g, '');
    const matches = (column: string) =>
      `(@word = '' OR ${column} LIKE @word || '%' ESCAPE '\\' OR ${column} LIKE '% ' || @word || '%' ESCAPE '\\')`;
    // Frequent names first, discounted by how long ago they were last in the news.
    const sql = guildId === undefined
      ? `SELECT name FROM entity_stats WHERE ${matches('name')}
         ORDER BY articles / (1.0 + max(0, @now - last_ts) / @halfLife) DESC, name
         LIMIT @limit`
      // entity_stats counts every guild's articles, so a guild's names are counted from what it can
      // see, among its most recent articles: "recent frequent" names, at a bounded cost per keystroke.
      : `SELECT e.name AS name
         FROM (SELECT a.rowid AS rid FROM articles a WHERE ${SCOPE_FILTER} ORDER BY a.sort_ts DESC LIMIT ${SUGGESTION_WINDOW}) r
         JOIN article_entities e ON e.article_rowid = r.rid
         WHERE ${matches('e.name')}
         GROUP BY e.name COLLATE NOCASE
         ORDER BY count(*) / (1.0 + max(0, @now - max(e.sort_ts)) / @halfLife) DESC, e.name
         LIMIT @limit`;
    const scope = guildId === undefined ? {} : scopeParameters({ guildId });
    const rows = this.sql(sql).all({ word, now: this.now(), halfLife: this.halfLifeMs, limit, ...scope }) as { name: string }[];
    return rows.map((row) => row.name);
  }

  async contentHash(id: string): Promise<string | null> {
    const row = this.sql('SELECT content_hash FROM articles WHERE id = ?').get(id) as
      | { content_hash: string }
      | undefined;
    return row?.content_hash ?? null;
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
      now: this.now(),
      halfLife: this.halfLifeMs,
      limit: options.limit,
      offset: options.offset ?? 0,
      ...scopeParameters(options),
      with_quotes: options.withQuotes ? 1 : 0,
    };
    let rows = this.newestFirst ? this.searchNewestFirst(query, params, options.since ? 'since' : 'all') : null;
    if (rows) this.searchStats.newestFirst++;
    else {
      rows = this.sql(FULL_SEARCH[options.since ? 'since' : 'all']).all(params) as RankedRef[];
      this.searchStats.full++;
    }
    return rows.map(({ rank_score: _score, ...ref }) => ref);
  }

  /** Newest first; undated articles (at the bottom) last, the latest written first. */
  async latest(options: SearchOptions): Promise<ArticleRef[]> {
    const since = options.since ? Date.parse(options.since) : Number.NaN;
    return this.sql(
        `SELECT ${REF_COLUMNS} FROM articles a
         WHERE (a.sort_ts >= @since OR (a.sort_ts = @undated AND a.ingested_at >= @sinceIso)) AND ${SCOPE_FILTER}
         ORDER BY a.sort_ts DESC, a.rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        since: Number.isFinite(since) ? since : -8.64e15,
        sinceIso: Number.isFinite(since) ? new Date(since).toISOString() : '',
        undated: UNDATED_SORT_TS,
        limit: options.limit,
        offset: options.offset ?? 0,
        ...scopeParameters(options),
      }) as ArticleRef[];
  }

  async storyArticles(stories: number[], options: { guildId?: string | null; perStory: number }): Promise<ArticleRef[]> {
    if (stories.length === 0) return [];
    const rows = this.sql(
        `SELECT id, title, url, source, published, story FROM (
           SELECT ${REF_COLUMNS}, a.sort_ts, a.rowid AS rid,
             row_number() OVER (PARTITION BY coalesce(a.story, a.rowid) ORDER BY a.sort_ts DESC, a.rowid DESC) AS nth
           FROM articles a WHERE ${IN_STORIES} AND ${SCOPE_FILTER})
         WHERE nth <= @perStory ORDER BY sort_ts DESC, rid DESC`,
      )
      .all({ stories: JSON.stringify(stories), perStory: options.perStory, ...scopeParameters(options) });
    return rows as ArticleRef[];
  }

  async get(ids: string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const rows = this.sql(`SELECT * FROM articles WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ArticleRow[];
    const quotesById = new Map<string, Article['quotes']>();
    for (const q of this.quoteRows(ids)) {
      const list = quotesById.get(q.id) ?? [];
      list.push({ text: q.text, speaker: q.speaker, paragraph: q.paragraph });
      quotesById.set(q.id, list);
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          id: row.id,
          origin: row.origin,
          url: row.url,
          source: row.source,
          title: row.title,
          section: row.section,
          byline: row.byline,
          published: row.published,
          publishedFrom: row.published_from,
          paragraphs: row.body === '' ? [] : row.body.split(PARAGRAPH_SEPARATOR),
          quotes: quotesById.get(id) ?? [],
          contentHash: row.content_hash,
          ingestedAt: row.ingested_at,
        },
      ];
    });
  }

  /** The quotes of some articles, each row with its article's reference, in article then quote order. */
  private quoteRows(articleIds: string[]): QuoteRow[] {
    if (articleIds.length === 0) return [];
    return this.sql(
      `SELECT ${REF_COLUMNS}, q.text, q.speaker, q.paragraph
       FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
       WHERE a.id IN (SELECT value FROM json_each(?))
       ORDER BY q.article_rowid, q.position`,
    ).all(JSON.stringify(articleIds)) as QuoteRow[];
  }

  async quotesOf(articleIds: string[]): Promise<StoredQuote[]> {
    const order = new Map(articleIds.map((id, index) => [id, index]));
    return this.quoteRows(articleIds)
      .map(({ text, speaker, paragraph, ...article }) => ({ text, speaker, paragraph, article }))
      .sort((x, y) => order.get(x.article.id)! - order.get(y.article.id)!);
  }

  async cacheGet(key: string): Promise<string | null> {
    const row = this.sql('SELECT value FROM summary_cache WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async cachePut(key: string, value: string): Promise<void> {
    if (this.readonly) return; // a cache: a read-only store answers without keeping it
    this.sql('INSERT OR REPLACE INTO summary_cache (key, value, created_at) VALUES (?, ?, ?)').run(key, value, this.now());
  }

  exportAll(batchSize: number): AsyncIterable<StoreRecords> {
    return exportSqlite(this.db, batchSize);
  }

  async importRecords(batch: StoreRecords): Promise<Partial<CopyCounts>> {
    return retryWhileBusy(() => importSqlite({ db: this.db, sql: this.sql, freeTimeKey: (sortTs) => this.freeTimeKey(sortTs) }, batch));
  }

  /** The open database, for sibling stores (schedules, feeds) that share the file and its migrations. */
  get database(): Database.Database {
    return this.db;
  }

  async count(): Promise<number> {
    return (this.sql('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
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
  private searchNewestFirst(query: TopicQuery, params: SearchParams, filter: 'all' | 'since'): RankedRef[] | null {
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
      (this.sql(`SELECT a.rowid AS rid, ${REF_COLUMNS} FROM articles a WHERE a.rowid IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(page.map((row) => row.rid))) as (ArticleRef & { rid: number })[]).map(({ rid, ...ref }) => [rid, ref]),
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

  /**
   * FTS5 merges its index segments a little on every commit (automerge), which a bulk load pays for
   * again and again as segments grow. Here merging waits: afterwards, when the load wrote at least
   * half of the index, it is merged into one segment (a few seconds per 100,000 articles, and the
   * quickest index to search); otherwise automerge resumes and catches up over the next writes.
   * Measured on 20,000 articles: 0.83 -> 0.72 ms per article written, merge included; holding off
   * crisis merges and checkpointing the WAL less often then took 0.48 -> 0.40 ms.
   *
   * A first load (into a store holding no articles, feeds or schedules) also writes without waiting
   * for the disk (see beginUnsyncedLoad): there is nothing older to lose, and the load is made
   * durable in one go at its end.
   */
  async bulkLoad<T>(run: () => Promise<T>): Promise<T> {
    const load = this.beginLoad();
    let result: T;
    try {
      result = await run();
    } catch (error) {
      try {
        this.endLoad(load);
      } catch {
        // The load's own error is the one to report (a full disk fails both); the next open settles the load.
      }
      throw error;
    }
    this.endLoad(load);
    return result;
  }

  /**
   * Notes the load and holds merging off, in one transaction that decides whether it writes unsynced:
   * only a first load (no articles, feeds or schedules) that no other process is loading alongside.
   * Two loads at once each keep their own synchronous setting (it is per connection); the merging
   * settings live in the file, so they are shared, and the last load to end restores them.
   */
  private beginLoad(): BulkLoad {
    const begin = this.db.transaction((): BulkLoad => {
      const before = this.countNow();
      const alone = notedLoads(this.db).every(({ note }) => !isLive(note));
      const unsynced = before === 0 && alone && !this.holdsFeedsOrSchedules();
      setIndexMerging(this.db, false);
      return { key: noteLoad(this.db, new Date(this.now()), unsynced), before, unsynced };
    });
    const load = retryWhileBusy(() => begin.immediate());
    this.db.pragma(`wal_autocheckpoint = ${BULK_WAL_CHECKPOINT_PAGES}`);
    if (load.unsynced) load.unsynced = this.beginUnsyncedLoad();
    return load;
  }

  /**
   * Ends a load: synced again, its note removed, and, when no other load is running, merging back on
   * and (when the load wrote at least half of the index) the index merged into one segment.
   */
  private endLoad(load: BulkLoad): void {
    this.db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`);
    const synced = !load.unsynced || this.endUnsyncedLoad();
    const end = this.db.transaction((): boolean => {
      // Not synced (a reader kept the checkpoint short): the note stays as a load that ended, for the next open to check.
      if (synced) dropNote(this.db, load.key);
      else this.db.prepare(`UPDATE store_state SET value = json_set(value, '$.pid', 0) WHERE key = ?`).run(load.key);
      const last = notedLoads(this.db).every(({ key, note }) => key === load.key || !isLive(note));
      if (last) setIndexMerging(this.db, true);
      return last;
    });
    const last = retryWhileBusy(() => end.immediate());
    if (last && this.countNow() >= 2 * load.before) {
      retryWhileBusy(() => this.db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`));
    }
  }

  private countNow(): number {
    return (this.sql('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  }

  /** Whether the store holds a feed or a schedule (with no articles either, it is a new database). */
  private holdsFeedsOrSchedules(): boolean {
    return this.db.prepare(`SELECT EXISTS (SELECT 1 FROM feeds) OR EXISTS (SELECT 1 FROM schedules)`).pluck().get() === 1;
  }

  /**
   * Turns syncing off for a first load. With synchronous = NORMAL, every WAL checkpoint waits for
   * the disk (fsync) while the writer stands still: at 100,000 articles the load went from 1,539 to
   * 1,780 articles/s without it. The risk is only to a machine that crashes or loses power during the
   * load (a process that dies loses nothing SQLite was handed): the database may then be damaged. So
   * the load's note (beginLoad) is made to reach the disk before anything unsynced is written; a store
   * that opens on the note of a load that is not running checks the database (see settleEndedLoads).
   * False, and the load stays synced, when a reader kept the note from reaching the database file.
   */
  private beginUnsyncedLoad(): boolean {
    if (!this.syncEverything()) return false;
    this.db.pragma('synchronous = OFF');
    return true;
  }

  /** Syncs again, and makes everything the load wrote reach the disk; false when a reader stopped that short. */
  private endUnsyncedLoad(): boolean {
    this.db.pragma('synchronous = NORMAL');
    return this.syncEverything();
  }

  /**
   * Copies the whole WAL into the database and empties it (a TRUNCATE checkpoint, under synchronous =
   * NORMAL: the WAL is synced first and the database file after). False when a reader kept it from
   * copying everything, so the database file was not synced.
   */
  private syncEverything(): boolean {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result !== undefined && result.busy === 0 && result.log === result.checkpointed;
  }

  /**
   * On open, the notes of loads that are no longer running (their process died, or the machine
   * stopped): after an unsynced one the machine may have stopped mid-load, so the database is checked.
   * Whole, it is kept as it is (the articles written so far stay); damaged, it cannot be used, and the
   * error says what to do. When no load is running, merging a dead load left off is turned back on.
   * Notes of loads still running in other processes are left alone, and so are their settings.
   */
  private settleEndedLoads(path: string): void {
    const loads = notedLoads(this.db);
    const ended = loads.filter(({ note }) => !isLive(note));
    for (const { key, note } of ended) {
      if (note.unsynced) {
        this.checkIntact(path, note.started);
        this.syncEverything();
      }
      dropNote(this.db, key);
    }
    const automerge = this.db.prepare(`SELECT v FROM articles_fts_config WHERE k = 'automerge'`).get() as { v: number } | undefined;
    if (automerge?.v !== 0) return;
    this.db.transaction(() => {
      if (notedLoads(this.db).every(({ note }) => !isLive(note))) setIndexMerging(this.db, true);
    }).immediate();
  }

  /** Refuses a database that an unsynced load left damaged. */
  private checkIntact(path: string, started: string): void {
    let problems: string[];
    try {
      problems = (this.db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
    } catch (error) {
      problems = [(error as Error).message]; // damage bad enough that the check itself stops
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new StoreOpenError(
        `the database ${path} was damaged during its first load (started ${started}), which wrote without syncing ` +
          `and never finished: ${problems.slice(0, 3).join('; ')}. Delete it and load the articles again.`,
      );
    }
  }

  /**
   * Writes many articles in one transaction, each exactly as upsert() writes it (options the same for
   * all, or per article): bulk ingest pays one commit per batch instead of one per article. All or
   * nothing: a failure writes none. Outcomes come back in the order given, and a batch holding one
   * id twice is written in that order: the later wins. (The full-text entries go in key order at the
   * end, see finishWrites, so the batch itself needs no sorting.)
   */
  async upsertMany(articles: readonly Article[], options: UpsertOptions | ((article: Article) => UpsertOptions) = {}): Promise<UpsertOutcome[]> {
    const optionsOf = typeof options === 'function' ? options : () => options;
    return this.db.transaction(() => {
      this.stories?.beginWrites();
      const pending = newPendingWrites();
      const outcomes = articles.map((article) => this.writeArticleRows(article, optionsOf(article), pending));
      finishWrites(this.sql, pending);
      return outcomes;
    }).immediate(); // see writeArticle
  }

  async remove(ids: string[]): Promise<string[]> {
    return removeArticles(this.db, ids);
  }

  async removeOlderThan(before: Date): Promise<number> {
    return removeArticlesBefore(this.db, before);
  }

  async articlesUnder(folder: string): Promise<{ id: string; origin: string }[]> {
    return articlesUnder(this.db, folder);
  }
}
