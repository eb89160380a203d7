/** The embedded Store: better-sqlite3 with an FTS5 index (porter + unicode61), BM25 blended with recency. */
import type Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
import { MIGRATIONS } from './migrations.js';
import { type ArticleColumns, articlesInOrder, type QuoteRow } from './sql-rows.js';
import { ArticleRows } from './sqlite-article-rows.js';
import { BulkLoads } from './sqlite-bulk.js';
import { backfillSketches } from './sqlite-copies.js';
import { exportSqlite } from './sqlite-export.js';
import { SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import { importSqlite } from './sqlite-import.js';
import { openForWriting, openReadOnly, retryWhileBusy, StoreOpenError } from './sqlite-open.js';
import { articlesUnder, removeArticles, removeArticlesBefore } from './sqlite-removal.js';
import { REF_COLUMNS, SqliteSearch, UNDATED_SORT_TS } from './sqlite-search.js';
import { IN_STORIES, SqliteStories } from './sqlite-stories.js';
import { storyCountsByDay, topStories } from './sqlite-trend.js';
import { finishWrites, newPendingWrites } from './sqlite-writes.js';
import type {
  ArticleRef,
  CopyCounts,
  DayCount,
  SearchOptions,
  Store,
  StoredQuote,
  StoreRecords,
  TimeWindow,
  TopicQuery,
  UpsertOptions,
  UpsertOutcome,
  WindowStory,
} from './store.js';

// Search's pieces live in sqlite-search.ts; these stay importable from here, where they always were.
export { timeKey, toFtsQuery, UNDATED_SORT_TS } from './sqlite-search.js';

const DAY_MS = 86_400_000;

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

/** The migration that added article_sketches (see sqlite-copies.ts). */
const SKETCH_MIGRATION = 10;

/** Topic suggestions for a guild count names over this many of its newest articles. */
const SUGGESTION_WINDOW = 5000;

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly halfLifeMs: number;
  private readonly now: () => number;
  private readonly newestFirst: boolean;
  /** Story grouping of new articles; null when reading only, or turned off. */
  private readonly stories: SqliteStories | null;
  private readonly readonly: boolean;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly searching: SqliteSearch;
  private readonly loads: BulkLoads;
  private readonly rows: ArticleRows;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.readonly = options.readonly === true && path !== ':memory:';
    this.db = this.readonly ? openReadOnly(path) : openForWriting(path);
    this.halfLifeMs = (options.recencyHalfLifeDays ?? 30) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.newestFirst = options.newestFirst ?? true;
    this.stories = this.readonly || options.stories === false ? null : new SqliteStories(this.sql);
    this.searching = new SqliteSearch({ sql: this.sql, now: this.now, halfLifeMs: this.halfLifeMs, newestFirst: this.newestFirst });
    this.loads = new BulkLoads(this.db, this.sql, this.now);
    this.rows = new ArticleRows(this.sql, this.stories);
    try {
      if (this.readonly) this.checkReadableSchema(path);
      else {
        this.migrate();
        retryWhileBusy(() => this.loads.settleEndedLoads(path));
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
    this.writing(() => {
      const pending = newPendingWrites();
      const outcome = this.rows.write(article, options, pending);
      finishWrites(this.sql, pending);
      return outcome;
    });

  /** A write transaction that inserts articles, IMMEDIATE (see writeArticle), telling the stories when it begins and how it ends. */
  private writing<T>(write: () => T): T {
    let result: T;
    try {
      result = this.db
        .transaction(() => {
          this.stories?.beginWrites();
          return write();
        })
        .immediate();
    } catch (error) {
      this.stories?.rolledBack();
      throw error;
    }
    this.stories?.committed();
    return result;
  }

  /** Absent guildId (the console) counts every article; a guild (or null, a DM) only the articles it can see. */
  async suggestTopics(prefix: string, limit: number, guildId?: string | null): Promise<string[]> {
    const word = prefix.trim().replace(/[%_\\]/g, '');
    const matches = (column: string) =>
      `(@word = '' OR ${column} LIKE @word || '%' ESCAPE '\\' OR ${column} LIKE '% ' || @word || '%' ESCAPE '\\')`;
    // Frequent names first, discounted by how long ago they were last in the news.
    const sql =
      guildId === undefined
        ? `SELECT name FROM entity_stats WHERE ${matches('name')}
         ORDER BY articles / (1.0 + max(0, @now - last_ts) / @halfLife) DESC, name
         LIMIT @limit`
        : // entity_stats counts every guild's articles, so a guild's names are counted from what it can
          // see, among its most recent articles: "recent frequent" names, at a bounded cost per keystroke.
          `SELECT e.name AS name
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
    const row = this.sql('SELECT content_hash FROM articles WHERE id = ?').get(id) as { content_hash: string } | undefined;
    return row?.content_hash ?? null;
  }

  /** How searches were answered: from the newest matches, or by ranking every match (the bench reports it). */
  get searchStats(): { newestFirst: number; full: number } {
    return this.searching.stats;
  }

  async search(query: TopicQuery, options: SearchOptions): Promise<ArticleRef[]> {
    return this.searching.search(query, options);
  }

  /** Newest first; undated articles (at the bottom) last, the latest written first. */
  async latest(options: SearchOptions): Promise<ArticleRef[]> {
    const since = options.since ? Date.parse(options.since) : Number.NaN;
    return this.sql(
      `SELECT ${REF_COLUMNS} FROM articles a
         WHERE (a.sort_ts >= @since OR (a.sort_ts = @undated AND a.ingested_at >= @sinceIso)) AND ${SCOPE_FILTER}
         ORDER BY a.sort_ts DESC, a.rowid DESC LIMIT @limit OFFSET @offset`,
    ).all({
      since: Number.isFinite(since) ? since : -8.64e15,
      sinceIso: Number.isFinite(since) ? new Date(since).toISOString() : '',
      undated: UNDATED_SORT_TS,
      limit: options.limit,
      offset: options.offset ?? 0,
      ...scopeParameters(options),
    }) as ArticleRef[];
  }

  async storyCountsByDay(query: TopicQuery, window: TimeWindow): Promise<DayCount[]> {
    return storyCountsByDay(this.sql, query, window);
  }

  async topStories(query: TopicQuery, window: TimeWindow & { limit: number }): Promise<WindowStory[]> {
    return topStories(this.sql, query, window);
  }

  async storyArticles(stories: number[], options: { guildId?: string | null; perStory: number }): Promise<ArticleRef[]> {
    if (stories.length === 0) return [];
    const rows = this.sql(
      `SELECT id, title, url, source, published, image, story FROM (
           SELECT ${REF_COLUMNS}, a.sort_ts, a.rowid AS rid,
             row_number() OVER (PARTITION BY coalesce(a.story, a.rowid) ORDER BY a.sort_ts DESC, a.rowid DESC) AS nth
           FROM articles a WHERE ${IN_STORIES} AND ${SCOPE_FILTER})
         WHERE nth <= @perStory ORDER BY sort_ts DESC, rid DESC`,
    ).all({ stories: JSON.stringify(stories), perStory: options.perStory, ...scopeParameters(options) });
    return rows as ArticleRef[];
  }

  async get(ids: string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const rows = this.sql(`SELECT * FROM articles WHERE id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as ArticleColumns[];
    return articlesInOrder(ids, rows, this.quoteRows(ids));
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
    return retryWhileBusy(() =>
      importSqlite({ db: this.db, sql: this.sql, freeTimeKey: (sortTs) => this.rows.freeTimeKey(sortTs) }, batch),
    );
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

  /** Runs a bulk load: index merging waits until it is done, and a first load writes without syncing (sqlite-bulk.ts). */
  async bulkLoad<T>(run: () => Promise<T>): Promise<T> {
    const stories = this.stories;
    if (!stories) return this.loads.run(run);
    return this.loads.run(async () => {
      stories.beginBulk();
      let result: T;
      try {
        result = await run();
      } catch (error) {
        // What the thread answered is stored if it can be; the load's own error is the one to report.
        await stories.endBulk(() => this.writing(() => {})).catch(() => {});
        throw error;
      }
      await stories.endBulk(() => this.writing(() => {}));
      return result;
    });
  }

  /**
   * Writes many articles in one transaction, each exactly as upsert() writes it (options the same for
   * all, or per article): bulk ingest pays one commit per batch instead of one per article. All or
   * nothing: a failure writes none. Outcomes come back in the order given, and a batch holding one
   * id twice is written in that order: the later wins. (The full-text entries go in key order at the
   * end, see finishWrites, so the batch itself needs no sorting.)
   */
  async upsertMany(
    articles: readonly Article[],
    options: UpsertOptions | ((article: Article) => UpsertOptions) = {},
  ): Promise<UpsertOutcome[]> {
    const optionsOf = typeof options === 'function' ? options : () => options;
    return this.writing(() => {
      const pending = newPendingWrites();
      const outcomes = articles.map((article) => this.rows.write(article, optionsOf(article), pending));
      finishWrites(this.sql, pending);
      return outcomes;
    });
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
