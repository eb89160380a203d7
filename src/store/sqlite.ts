/** The embedded Store: better-sqlite3 with an FTS5 index (porter + unicode61), BM25 blended with recency. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
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

interface QuoteRow {
  article_id: string;
  text: string;
  speaker: string | null;
  paragraph: number;
}

const REF_COLUMNS = 'a.id, a.title, a.url, a.source, a.published';

/** Turns a word or phrase into an FTS5 string literal holding only its words, or null when it has none. */
function ftsPhrase(phrase: string): string | null {
  const words = phrase.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words ? `"${words.join(' ')}"` : null;
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
    this.db.transaction((a: Article, o: UpsertOptions): UpsertOutcome => {
      const existing = this.sql('SELECT rowid, content_hash FROM articles WHERE id = ?').get(a.id) as
        | { rowid: number; content_hash: string }
        | undefined;
      if (existing?.content_hash === a.contentHash) {
        applyArticleScope(this.db, existing.rowid, o.guildId ?? null);
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
      applyArticleScope(this.db, rowid, o.guildId ?? null);
      return existing ? 'updated' : 'added';
    })(article, options);

  /** Replaces an article's names; the triggers keep entity_stats counts in step. */
  private writeEntities(rowid: number, entities: string[], sortTs: number): void {
    this.sql('DELETE FROM article_entities WHERE article_rowid = ?').run(rowid);
    const insert = this.sql('INSERT OR IGNORE INTO article_entities (article_rowid, name, sort_ts) VALUES (?, ?, ?)');
    for (const name of entities) insert.run(rowid, name, sortTs);
  }

  async suggestTopics(prefix: string, limit: number): Promise<string[]> {
    const word = prefix.trim().replace(/[%_\\]/g, '');
    // Frequent names first, discounted by how long ago they were last in the news.
    const rows = this.sql(
      `SELECT name FROM entity_stats
       WHERE @word = '' OR name LIKE @word || '%' ESCAPE '\\' OR name LIKE '% ' || @word || '%' ESCAPE '\\'
       ORDER BY articles / (1.0 + max(0, @now - last_ts) / @halfLife) DESC, name
       LIMIT @limit`,
    ).all({ word, now: this.now(), halfLife: this.halfLifeMs, limit }) as { name: string }[];
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
    // bm25() is negative (lower is better); scaling it toward 0 with age ranks older articles lower.
    return this.sql(
        `SELECT ${REF_COLUMNS}
         FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
         WHERE articles_fts MATCH @match AND a.sort_ts >= @since AND ${SCOPE_FILTER}
         ORDER BY bm25(articles_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT})
                  / (1.0 + max(0, @now - a.sort_ts) / @halfLife), a.sort_ts DESC
         LIMIT @limit OFFSET @offset`,
      )
      .all({
        match,
        since: Number.isFinite(since) ? since : -8.64e15,
        now: this.now(),
        halfLife: this.halfLifeMs,
        limit: options.limit,
        offset: options.offset ?? 0,
        ...scopeParameters(options),
      }) as ArticleRef[];
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
    const quotes = await this.quotesOf(ids);
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
          quotes: quotes
            .filter((q) => q.article.id === id)
            .map(({ text, speaker, paragraph }) => ({ text, speaker, paragraph })),
          contentHash: row.content_hash,
          ingestedAt: row.ingested_at,
        },
      ];
    });
  }

  async quotesOf(articleIds: string[]): Promise<StoredQuote[]> {
    if (articleIds.length === 0) return [];
    const refs = this.sql(`SELECT ${REF_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(articleIds)) as ArticleRef[];
    const refById = new Map(refs.map((ref) => [ref.id, ref]));
    const rows = this.sql(
        `SELECT a.id AS article_id, q.text, q.speaker, q.paragraph
         FROM quotes q JOIN articles a ON a.rowid = q.article_rowid
         WHERE a.id IN (SELECT value FROM json_each(?))
         ORDER BY q.article_rowid, q.position`,
      )
      .all(JSON.stringify(articleIds)) as QuoteRow[];
    const order = new Map(articleIds.map((id, index) => [id, index]));
    return rows
      .map((row) => ({ text: row.text, speaker: row.speaker, paragraph: row.paragraph, article: refById.get(row.article_id)! }))
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
   * Writes many articles in one transaction, each exactly as upsert() writes it: bulk ingest pays
   * for one commit per batch instead of one per article. All or nothing: a failure writes none.
   */
  async upsertMany(articles: readonly Article[], options: UpsertOptions = {}): Promise<UpsertOutcome[]> {
    return this.db.transaction((batch: readonly Article[]) => batch.map((a) => this.writeArticle(a, options)))(articles);
  }
}
