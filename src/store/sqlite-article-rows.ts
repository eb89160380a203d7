/**
 * One article's rows in the SQLite store: the article (or what changed of it), its quotes, names,
 * body sketch, scope and story, inside the caller's write transaction.
 */
import type Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
import { findCopy, sketchOf, writeSketch } from './sqlite-copies.js';
import { applyArticleScope } from './sqlite-feeds.js';
import { TIME_KEY_SLOTS, timeKey, UNDATED_SORT_TS } from './sqlite-search.js';
import type { SqliteStories } from './sqlite-stories.js';
import { finishWrites, type NameCount, PARAGRAPH_SEPARATOR, type PendingWrites } from './sqlite-writes.js';
import type { UpsertOptions, UpsertOutcome } from './store.js';

/** Sort key for an article: its publication time (trusted when the article was built), else UNDATED_SORT_TS. */
function sortTimestamp(article: Article): number {
  const published = article.published ? Date.parse(article.published) : Number.NaN;
  return Number.isFinite(published) ? published : UNDATED_SORT_TS;
}

export class ArticleRows {
  constructor(
    private readonly sql: (text: string) => Database.Statement,
    private readonly stories: SqliteStories | null,
  ) {}

  /**
   * The writes of one article, inside the caller's transaction (a savepoint per article would flush
   * FTS5 each time). A new article's full-text entry and name counts are left in pending for the
   * caller to write once the transaction's other writes are done (see finishWrites).
   */
  readonly write = (a: Article, o: UpsertOptions, pending: PendingWrites): UpsertOutcome => {
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
      image: a.image ?? null,
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
               byline = @byline, published = @published, published_from = @published_from, image = @image, sort_ts = @sort_ts,
               time_key = @time_key, body = @body, content_hash = @content_hash, ingested_at = @ingested_at,
               canonical_url = coalesce(@canonical_url, canonical_url), body_hash = coalesce(@body_hash, body_hash)
             WHERE rowid = @rowid`,
      ).run({ ...values, time_key, rowid: existing.rowid });
      this.sql('DELETE FROM quotes WHERE article_rowid = ?').run(existing.rowid);
      rowid = existing.rowid;
    } else {
      const time_key = this.freeTimeKey(values.sort_ts);
      const story = this.stories?.storyOf(a) ?? null;
      const result = this.sql(
        `INSERT INTO articles (id, origin, url, source, title, section, byline, published, published_from, image, sort_ts, time_key, body,
               content_hash, ingested_at, guild_id, canonical_url, body_hash, story)
             VALUES (@id, @origin, @url, @source, @title, @section, @byline, @published, @published_from, @image, @sort_ts, @time_key, @body,
               @content_hash, @ingested_at, @guild_id, @canonical_url, @body_hash, @story)`,
      ).run({ ...values, time_key, story });
      rowid = Number(result.lastInsertRowid);
      this.stories?.written(rowid, story, a);
      pending.index.push({ key: time_key, title: values.title, body: values.body });
    }
    const insertQuote = this.sql('INSERT INTO quotes (article_rowid, position, text, speaker, paragraph) VALUES (?, ?, ?, ?, ?)');
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
  freeTimeKey(sortTs: number): number {
    for (let base = timeKey(sortTs); ; base += TIME_KEY_SLOTS) {
      const last = (
        this.sql('SELECT max(time_key) AS k FROM articles WHERE time_key >= ? AND time_key < ?').get(base, base + TIME_KEY_SLOTS) as {
          k: number | null;
        }
      ).k;
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
}
