/** The embedded Store: better-sqlite3 with an FTS5 index (porter + unicode61), BM25 blended with recency. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
import { lowerWords } from '../text.js';
import { MIGRATIONS } from './migrations.js';
import { applyArticleScope, SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import type { ArticleRef, SearchOptions, Store, StoredQuote, TopicQuery, UpsertOptions, UpsertOutcome } from './store.js';

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

const REF_COLUMNS = 'a.id, a.title, a.url, a.source, a.published';

/** Topic suggestions for a guild count names over this many of its newest articles. */
const SUGGESTION_WINDOW = 5000;
/** A search row with its blended score, which the caller drops. */
type RankedRef = ArticleRef & { rank_score: number };
/** Recent-first search looks at articles this many half-lives old or newer first. */
const RECENT_WINDOW_HALF_LIVES = 4;
/** Topics matching fewer articles than this are ranked in full: it is quick. */
const RECENT_FIRST_MIN_HITS = 1500;
/** Deeper pages than this go straight to the full query. */
const RECENT_FIRST_MAX_ROWS = 200;
/** FTS5's bm25 uses k1 = 1.2: one phrase's term-frequency factor stays below k1 + 1. */
const BM25_K1_PLUS_1 = 2.2;

/** Turns a word or phrase into an FTS5 string literal holding only its words, or null when it has none. */
function ftsPhrase(phrase: string): string | null {
  const words = lowerWords(phrase);
  return words.length ? `"${words.join(' ')}"` : null;
}

/** Builds an FTS5 MATCH expression: phrases within a group are OR-ed, groups are AND-ed. */
export function toFtsQuery(query: TopicQuery): string | null {
  const groups = query.groups
    .map((group) => [...new Set(group.map(ftsPhrase).filter((p): p is string => p !== null))])
    .filter((group) => group.length > 0)
    .map((group) => (group.length === 1 ? group[0]! : `(${group.join(' OR ')})`));
  return groups.length > 0 ? groups.join(' AND ') : null;
}

/** Sort key for an article: its publication time when known and sane, else when it was ingested. */
function sortTimestamp(article: Article): number {
  const published = article.published ? Date.parse(article.published) : Number.NaN;
  return Number.isFinite(published) ? published : Date.parse(article.ingestedAt);
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly halfLifeMs: number;
  private readonly now: () => number;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string, options: SqliteStoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.halfLifeMs = (options.recencyHalfLifeDays ?? 30) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.migrate();
  }

  /** A prepared statement, compiled once per SQL text. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Applies every migration newer than the database's user_version, each in its own transaction. */
  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this newsbrief (${MIGRATIONS.length})`);
    }
    MIGRATIONS.slice(current).forEach((sql, index) => {
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${current + index + 1}`);
      })();
    });
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async upsert(article: Article, options: UpsertOptions = {}): Promise<UpsertOutcome> {
    return this.writeArticle(article, options);
  }

  private readonly writeArticle = (article: Article, options: UpsertOptions): UpsertOutcome =>
    this.db.transaction(this.writeArticleRows)(article, options);

  /** The writes of one article, inside the caller's transaction (a savepoint per article would flush FTS5 each time). */
  private readonly writeArticleRows = (a: Article, o: UpsertOptions): UpsertOutcome => {
      const existing = this.sql('SELECT rowid, content_hash FROM articles WHERE id = ?').get(a.id) as
        | { rowid: number; content_hash: string }
        | undefined;
      if (existing?.content_hash === a.contentHash) {
        applyArticleScope((sql) => this.sql(sql), existing.rowid, o.guildId ?? null);
        return 'unchanged';
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
        this.sql(
            `UPDATE articles SET origin = @origin, url = @url, source = @source, title = @title, section = @section,
               byline = @byline, published = @published, sort_ts = @sort_ts, body = @body,
               content_hash = @content_hash, ingested_at = @ingested_at,
               canonical_url = coalesce(@canonical_url, canonical_url), body_hash = coalesce(@body_hash, body_hash)
             WHERE rowid = @rowid`,
          )
          .run({ ...values, rowid: existing.rowid });
        this.sql('DELETE FROM quotes WHERE article_rowid = ?').run(existing.rowid);
        rowid = existing.rowid;
      } else {
        const result = this.sql(
            `INSERT INTO articles (id, origin, url, source, title, section, byline, published, sort_ts, body, content_hash, ingested_at,
               guild_id, canonical_url, body_hash)
             VALUES (@id, @origin, @url, @source, @title, @section, @byline, @published, @sort_ts, @body, @content_hash, @ingested_at,
               @guild_id, @canonical_url, @body_hash)`,
          )
          .run(values);
        rowid = Number(result.lastInsertRowid);
      }
      const insertQuote = this.sql(
        'INSERT INTO quotes (article_rowid, position, text, speaker, paragraph) VALUES (?, ?, ?, ?, ?)',
      );
      a.quotes.forEach((q, position) => insertQuote.run(rowid, position, q.text, q.speaker, q.paragraph));
      this.writeEntities(rowid, a.entities ?? [], values.sort_ts);
      applyArticleScope((sql) => this.sql(sql), rowid, o.guildId ?? null);
      return existing ? 'updated' : 'added';
    };

  /** Replaces an article's names; the triggers keep entity_stats counts in step. */
  private writeEntities(rowid: number, entities: string[], sortTs: number): void {
    this.sql('DELETE FROM article_entities WHERE article_rowid = ?').run(rowid);
    const insert = this.sql('INSERT OR IGNORE INTO article_entities (article_rowid, name, sort_ts) VALUES (?, ?, ?)');
    for (const name of entities) insert.run(rowid, name, sortTs);
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
    const params = {
      match,
      since: Number.isFinite(since) ? since : -8.64e15,
      now: this.now(),
      halfLife: this.halfLifeMs,
      limit: options.limit,
      offset: options.offset ?? 0,
      ...scopeParameters(options),
    };
    // bm25() is negative (lower is better); scaling it toward 0 with age ranks older articles lower.
    const rank = `bm25(articles_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) / (1.0 + max(0, @now - a.sort_ts) / @halfLife)`;
    // Rank every match from the narrow ranking index, then read the full rows of the page alone.
    const sql = (recentOnly: boolean) =>
      `SELECT ${REF_COLUMNS}, r.rank_score
       FROM (
         SELECT a.rowid AS rid, a.sort_ts, ${rank} AS rank_score
         FROM articles_fts JOIN articles a INDEXED BY articles_ranking ON a.rowid = articles_fts.rowid
         WHERE articles_fts MATCH @match AND a.sort_ts >= @since AND ${SCOPE_FILTER}${recentOnly ? ' AND a.sort_ts >= @cutoff' : ''}
         ORDER BY rank_score, a.sort_ts DESC
         LIMIT @limit OFFSET @offset
       ) r JOIN articles a ON a.rowid = r.rid
       ORDER BY r.rank_score, r.sort_ts DESC`;
    const rows = this.searchRecentFirst(query, params, sql(true)) ?? (this.sql(sql(false)).all(params) as RankedRef[]);
    return rows.map(({ rank_score: _score, ...ref }) => ref);
  }

  async latest(options: SearchOptions): Promise<ArticleRef[]> {
    const since = options.since ? Date.parse(options.since) : Number.NaN;
    return this.sql(
        `SELECT ${REF_COLUMNS} FROM articles a WHERE a.sort_ts >= @since AND ${SCOPE_FILTER}
         ORDER BY a.sort_ts DESC, a.rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        since: Number.isFinite(since) ? since : -8.64e15,
        limit: options.limit,
        offset: options.offset ?? 0,
        ...scopeParameters(options),
      }) as ArticleRef[];
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
    this.sql('INSERT OR REPLACE INTO summary_cache (key, value, created_at) VALUES (?, ?, ?)').run(key, value, this.now());
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
   * Writes many articles in one transaction, each exactly as upsert() writes it (options the same for
   * all, or per article): bulk ingest pays one commit per batch instead of one per article. All or
   * nothing: a failure writes none.
   */
  /**
   * The same ranking as a full search, computed over recent articles only, when that provably gives
   * the same answer: bm25 computed for every match is what makes a common topic slow on a big index.
   * An article older than the window scores at best -bound / (1 + window / halfLife), where bound
   * exceeds any row's |bm25| (FTS5's bm25 is below (k1 + 1) x the sum of its phrases' idf). When
   * the window's last needed row already beats that, no older article can enter: the answer is
   * exact. Otherwise null, and the caller runs the full query.
   */
  private searchRecentFirst(query: TopicQuery, params: Record<string, unknown> & { now: number; halfLife: number; limit: number; offset: number }, sql: string): RankedRef[] | null {
    const need = params.limit + params.offset;
    if (need > RECENT_FIRST_MAX_ROWS) return null;
    const bound = this.bm25Bound(query);
    if (bound === null) return null;
    const rows = this.sql(sql).all({ ...params, offset: 0, limit: need, cutoff: params.now - RECENT_WINDOW_HALF_LIVES * params.halfLife }) as RankedRef[];
    const last = rows[need - 1];
    const olderBest = -bound / (1 + RECENT_WINDOW_HALF_LIVES);
    return last !== undefined && last.rank_score < olderBest ? rows.slice(params.offset) : null;
  }

  /**
   * An upper bound on |bm25| for any article and this query: (k1 + 1) x the sum of idf over its
   * phrases. Null when recent-first cannot pay: a multi-word phrase is slow to count ("the hague"
   * walks every article with "the"), and a small match set is quick to rank in full anyway.
   */
  private bm25Bound(query: TopicQuery): number | null {
    const phrases = [...new Set(query.groups.flat().map(ftsPhrase).filter((p): p is string => p !== null))];
    if (phrases.some((p) => p.includes(' '))) return null;
    // max(rowid) >= the row count bm25 uses, and idf grows with it: the bound stays an upper bound.
    const rows = (this.sql('SELECT max(rowid) AS n FROM articles').get() as { n: number | null }).n ?? 0;
    let sum = 0;
    let hitsTotal = 0;
    for (const phrase of phrases) {
      const hits = (this.sql('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?').get(phrase) as { n: number }).n;
      hitsTotal += hits;
      const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
      sum += idf > 1e-6 ? idf : 1e-6; // FTS5 floors idf the same way
    }
    return hitsTotal < RECENT_FIRST_MIN_HITS ? null : BM25_K1_PLUS_1 * sum;
  }

  async upsertMany(articles: readonly Article[], options: UpsertOptions | ((article: Article) => UpsertOptions) = {}): Promise<UpsertOutcome[]> {
    const optionsOf = typeof options === 'function' ? options : () => options;
    return this.db.transaction((batch: readonly Article[]) => batch.map((a) => this.writeArticleRows(a, optionsOf(a))))(articles);
  }
}
