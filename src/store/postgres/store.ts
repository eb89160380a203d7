/**
 * The Store on PostgreSQL: articles with a stored tsvector under a GIN index, ranked by ts_rank_cd
 * blended with recency (postgres/search.ts), written one transaction per article or batch
 * (postgres/writes.ts). Many processes may share the database.
 */
import type pg from 'pg';
import type { Article } from '../../articles/model.js';
import { type ArticleColumns, articlesInOrder, type QuoteRow } from '../sql-rows.js';
import { UNDATED_SORT_TS } from '../sqlite.js';
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
} from '../store.js';
import { batchable, ConcurrentInsert, writeBatch } from './batch.js';
import { exportPostgres } from './export.js';
import { importPostgres } from './import.js';
import { readsByTime, type SearchStatistics, searchStatistics, sliceRows, topicDensity } from './match-density.js';
import { newestFirst, type RankedRef, type Slice } from './newest-first.js';
import { PhraseQueries } from './phrases.js';
import { inTransaction, type Queryable } from './pool.js';
import { Recent } from './recent.js';
import {
  groupTsqueries,
  latestSql,
  REF_COLUMNS,
  type SearchWindow,
  searchSql,
  storyArticlesSql,
  suggestSql,
  topicPhraseForms,
} from './search.js';
import { PostgresStories } from './stories.js';
import { storyCountsByDay, topStories } from './trend.js';
import { finishWrites, newPendingWrites, type PendingWrites, uncountNames, writeArticle } from './writes.js';

const DAY_MS = 86_400_000;
/** Ids deleted per transaction by removeOlderThan. */
const REMOVE_CHUNK = 500;
/** Times a transaction is run again after a deadlock or a concurrent insert of the same id. */
const WRITE_ATTEMPTS = 5;
/** Deeper pages than this are ranked in full straight away. */
const NEWEST_FIRST_MAX_ROWS = 200;
/**
 * The GIN pending list a bulk load's transactions may fill before merging it into the index (the
 * server's default is 4 MB): fewer, larger merges cost less CPU per article (~13% of an article
 * insert's in one measure, docs/performance.md). The load ends by merging what is left.
 */
const BULK_GIN_PENDING = '64MB';
/** How long the newest article's time, where newest-first windows start, is taken as read. */
const NEWEST_TIME_TTL_MS = 60_000;
/** PostgreSQL's codes for a deadlock and a serialization failure: the transaction may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

export interface PostgresStoreOptions {
  recencyHalfLifeDays?: number;
  now?: () => number;
  readonly?: boolean;
  /** Group new articles into stories as they are written (default); off, each is its own story. */
  stories?: boolean;
  /** Rank the newest matches first when that provably gives the same answer (default); off, rank every match (tests compare). */
  newestFirst?: boolean;
}

function isRetryable(error: unknown): boolean {
  return error instanceof ConcurrentInsert || RETRYABLE.has((error as { code?: string } | null)?.code ?? '');
}

export class PostgresStore implements Store {
  private readonly halfLifeMs: number;
  private readonly now: () => number;
  private readonly readonly: boolean;
  private readonly newestFirst: boolean;
  /** Story grouping of new articles; null when reading only, or turned off. */
  private readonly stories: PostgresStories | null;
  private closed = false;
  /** Inside bulkLoad: batches may leave more to the GIN pending list. */
  private loading = false;
  /** The newest article's time (null: none dated), read at most once a minute (newestTime). */
  private readonly newest: Recent<number | null>;
  /** How searches were answered: from the newest matches, or by ranking every match (tests and the bench read it). */
  readonly searchStats = { newestFirst: 0, full: 0 };
  /** Newest-first slices read through the time index rather than GIN (match-density.ts; tests read it). */
  slicesByTime = 0;
  /** Topic phrases' tsqueries, asked once each. */
  private readonly phrases: PhraseQueries;
  /** The planner's statistics, for choosing how a newest-first slice is read. */
  private readonly statistics: Recent<SearchStatistics | null>;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresStoreOptions = {},
  ) {
    this.halfLifeMs = (options.recencyHalfLifeDays ?? 30) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.readonly = options.readonly === true;
    this.newestFirst = options.newestFirst ?? true;
    this.stories = this.readonly || options.stories === false ? null : new PostgresStories();
    this.phrases = new PhraseQueries(pool);
    this.statistics = searchStatistics(pool);
    this.newest = new Recent(NEWEST_TIME_TTL_MS, async () => {
      const row = (await pool.query<{ ts: string | null }>('SELECT max(sort_ts) AS ts FROM articles')).rows[0];
      const ts = row?.ts === null || row?.ts === undefined ? Number.NaN : Number(row.ts);
      return Number.isFinite(ts) && ts > UNDATED_SORT_TS ? ts : null;
    });
  }

  /** A write transaction, run again (whole) after a deadlock or a racing insert; copies are reported once it commits. */
  private async write<T>(work: (client: Queryable, pending: PendingWrites) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pending = newPendingWrites();
      try {
        const result = await inTransaction(this.pool, async (client) => {
          const value = await work(client, pending);
          await finishWrites(client, pending);
          return value;
        });
        for (const report of pending.copies) report();
        return result;
      } catch (error) {
        if (pending.stories.caughtUp) this.stories?.forget();
        if (attempt >= WRITE_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private async writeOne(client: Queryable, article: Article, options: UpsertOptions, pending: PendingWrites): Promise<UpsertOutcome> {
    const outcome = await writeArticle(client, article, options, pending, this.stories);
    if (outcome === null) throw new ConcurrentInsert(article.id);
    return outcome;
  }

  async upsert(article: Article, options: UpsertOptions = {}): Promise<UpsertOutcome> {
    return this.write((client, pending) => this.writeOne(client, article, options, pending));
  }

  async upsertMany(
    articles: readonly Article[],
    options: UpsertOptions | ((article: Article) => UpsertOptions) = {},
  ): Promise<UpsertOutcome[]> {
    const optionsOf = typeof options === 'function' ? options : () => options;
    if (articles.length > 1 && batchable(articles)) {
      return this.write(async (client, pending) => {
        if (this.loading) await client.query(`SET LOCAL gin_pending_list_limit = '${BULK_GIN_PENDING}'`);
        return writeBatch(client, articles, optionsOf, pending, this.stories);
      });
    }
    return this.write(async (client, pending) => {
      const outcomes: UpsertOutcome[] = [];
      for (const article of articles) outcomes.push(await this.writeOne(client, article, optionsOf(article), pending));
      return outcomes;
    });
  }

  /**
   * Batches leave more to the GIN index's pending list (BULK_GIN_PENDING), merged at the end, since
   * every search reads the whole list. Once loaded, the tables are analyzed, so the next searches are
   * planned on what they hold rather than wait for autovacuum (planned on an empty table's guesses, a
   * search scanned every article).
   */
  async bulkLoad<T>(run: () => Promise<T>): Promise<T> {
    this.loading = true;
    let result: T;
    try {
      result = await run();
    } finally {
      this.loading = false; // a load that failed leaves its pending list to autovacuum
    }
    await this.pool.query(`SELECT gin_clean_pending_list('articles_search'::regclass)`);
    await this.pool.query('ANALYZE articles, quotes, article_entities, article_sketches, article_signatures, entity_stats');
    return result;
  }

  async contentHash(id: string): Promise<string | null> {
    const result = await this.pool.query<{ content_hash: string }>('SELECT content_hash FROM articles WHERE id = $1', [id]);
    return result.rows[0]?.content_hash ?? null;
  }

  async search(query: TopicQuery, options: SearchOptions): Promise<ArticleRef[]> {
    const now = this.now();
    const known = await this.phrases.lookup(topicPhraseForms(query));
    let rows = this.newestFirst ? await this.searchNewestFirst(query, options, now, known) : null;
    if (rows) this.searchStats.newestFirst++;
    else {
      rows = await this.ranked(query, options, { now, halfLifeMs: this.halfLifeMs }, known);
      this.searchStats.full++;
    }
    return rows.map(({ rank_score: _score, rank_ts: _ts, rank_rid: _rid, ...ref }) => ref);
  }

  private async ranked(
    query: TopicQuery,
    options: SearchOptions,
    window: SearchWindow,
    known: ReadonlyMap<string, string>,
  ): Promise<RankedRef[]> {
    const sql = searchSql(query, options, window, known);
    return sql ? (await this.pool.query<RankedRef>(sql.text, sql.values)).rows : [];
  }

  /** The full search's answer from the newest matches alone when they prove it (newest-first.ts); null otherwise. */
  private async searchNewestFirst(
    query: TopicQuery,
    options: SearchOptions,
    now: number,
    known: ReadonlyMap<string, string>,
  ): Promise<RankedRef[] | null> {
    const offset = options.offset ?? 0;
    const need = options.limit + offset;
    if (need > NEWEST_FIRST_MAX_ROWS) return null;
    const stats = await this.statistics.get();
    const density = stats ? topicDensity(groupTsqueries(query, known), stats) : null;
    const byTime = (slice: Slice) => {
      const chosen = stats !== null && density !== null && readsByTime(density, sliceRows(stats, slice.cut, slice.before), stats.rows);
      if (chosen) this.slicesByTime++;
      return chosen;
    };
    const rank = (slice: Slice) =>
      this.ranked(query, options, { now, halfLifeMs: this.halfLifeMs, ...slice, byTime: byTime(slice) }, known);
    return (await newestFirst(rank, need, now, this.halfLifeMs, await this.newestTime(now)))?.slice(offset) ?? null;
  }

  /**
   * The newest article's time (or now, when there is none), where newest-first windows start. Read
   * at most once a minute: an older value only moves the windows, never the answer (newest-first.ts).
   */
  private async newestTime(now: number): Promise<number> {
    return (await this.newest.get()) ?? now;
  }

  async latest(options: SearchOptions): Promise<ArticleRef[]> {
    const sql = latestSql(options);
    return (await this.pool.query<ArticleRef>(sql.text, sql.values)).rows;
  }

  async storyCountsByDay(query: TopicQuery, window: TimeWindow): Promise<DayCount[]> {
    return storyCountsByDay(this.pool, query, window);
  }

  async topStories(query: TopicQuery, window: TimeWindow & { limit: number }): Promise<WindowStory[]> {
    return topStories(this.pool, query, window);
  }

  async storyArticles(stories: number[], options: { guildId?: string | null; perStory: number }): Promise<ArticleRef[]> {
    if (stories.length === 0) return [];
    const sql = storyArticlesSql(stories, options);
    return (await this.pool.query<ArticleRef>(sql.text, sql.values)).rows;
  }

  async get(ids: string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const rows = await this.pool.query<ArticleColumns>(
      `SELECT id, origin, url, source, title, section, byline, published, published_from, image, body, content_hash, ingested_at
       FROM articles WHERE id = ANY($1::text[])`,
      [ids],
    );
    return articlesInOrder(ids, rows.rows, await this.quoteRows(ids));
  }

  private async quoteRows(articleIds: string[]): Promise<QuoteRow[]> {
    if (articleIds.length === 0) return [];
    const result = await this.pool.query<QuoteRow>(
      `SELECT ${REF_COLUMNS}, q.text, q.speaker, q.paragraph
       FROM quotes q JOIN articles a ON a.rid = q.article_rid
       WHERE a.id = ANY($1::text[])
       ORDER BY q.article_rid, q.position`,
      [articleIds],
    );
    return result.rows;
  }

  async quotesOf(articleIds: string[]): Promise<StoredQuote[]> {
    const order = new Map(articleIds.map((id, index) => [id, index]));
    return (await this.quoteRows(articleIds))
      .map(({ text, speaker, paragraph, ...article }) => ({ text, speaker, paragraph, article }))
      .sort((x, y) => order.get(x.article.id)! - order.get(y.article.id)!);
  }

  async suggestTopics(prefix: string, limit: number, guildId?: string | null): Promise<string[]> {
    const word = prefix.trim().replace(/[%_\\]/g, '');
    const sql = suggestSql(word, limit, guildId, this.now(), this.halfLifeMs);
    return (await this.pool.query<{ name: string }>(sql.text, sql.values)).rows.map((row) => row.name);
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM articles')).rows[0]!.n;
  }

  /** Deletes articles by id in one transaction; quotes, names, scopes and sketches go by their foreign keys. */
  async remove(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.write(async (client, pending) => {
      const found = await client.query<{ rid: number; id: string }>(
        'SELECT rid, id FROM articles WHERE id = ANY($1::text[]) ORDER BY rid FOR UPDATE',
        [unique],
      );
      const rids = found.rows.map((row) => row.rid);
      await uncountNames(client, rids, pending.names);
      await client.query('DELETE FROM articles WHERE rid = ANY($1::bigint[])', [rids]);
      const present = new Set(found.rows.map((row) => row.id));
      return unique.filter((id) => present.has(id));
    });
  }

  /** Articles published before a time, and undated ones ingested before it; a chunk per transaction. */
  async removeOlderThan(before: Date): Promise<number> {
    const old = await this.pool.query<{ id: string }>(
      `SELECT id FROM articles
       WHERE (published IS NOT NULL AND sort_ts < $1) OR (published IS NULL AND ingested_at < $2)`,
      [before.getTime(), before.toISOString()],
    );
    const ids = old.rows.map((row) => row.id);
    let removed = 0;
    for (let i = 0; i < ids.length; i += REMOVE_CHUNK) removed += (await this.remove(ids.slice(i, i + REMOVE_CHUNK))).length;
    return removed;
  }

  async articlesUnder(folder: string): Promise<{ id: string; origin: string }[]> {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    // LIKE with the folder's own % _ \ escaped: a prefix look-up on the "C"-collated index.
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const result = await this.pool.query<{ id: string; origin: string }>(
      `SELECT id, origin FROM articles WHERE origin LIKE $1 ORDER BY origin`,
      [pattern],
    );
    return result.rows;
  }

  async cacheGet(key: string): Promise<string | null> {
    const result = await this.pool.query<{ value: string }>('SELECT value FROM summary_cache WHERE key = $1', [key]);
    return result.rows[0]?.value ?? null;
  }

  async cachePut(key: string, value: string): Promise<void> {
    if (this.readonly) return; // a cache: a read-only store answers without keeping it
    await this.pool.query(
      `INSERT INTO summary_cache (key, value, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
      [key, value, this.now()],
    );
  }

  exportAll(batchSize: number): AsyncIterable<StoreRecords> {
    return exportPostgres(this.pool, batchSize);
  }

  async importRecords(batch: StoreRecords): Promise<Partial<CopyCounts>> {
    return importPostgres(this.pool, batch);
  }

  /** Ends the pool, which the feed and schedule stores share (they are closed with it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
