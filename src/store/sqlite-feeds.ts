/** Feed state and article scope in the shared SQLite file (migration 4): feeds, the items they have seen, dedupe keys. */
import type Database from 'better-sqlite3';
import type {
  DuplicateKeys, FeedOrigin, FeedRecord, FeedStatus, FeedStore, NewFeed, PollFailure, PollSuccess, SeenItem,
} from './feeds.js';
import type { SearchOptions } from './store.js';

/** Search/latest filter: everything (no guild given), operator-wide only (null), or operator-wide plus one guild's. */
export const SCOPE_FILTER = `(@scope_all = 1 OR a.guild_id IS NULL
  OR EXISTS (SELECT 1 FROM article_guilds g WHERE g.guild_id = @scope_guild AND g.article_rowid = a.rowid))`;

export function scopeParameters(options: Pick<SearchOptions, 'guildId'>): { scope_all: number; scope_guild: string | null } {
  return { scope_all: options.guildId === undefined ? 1 : 0, scope_guild: options.guildId ?? null };
}

/**
 * Records who may see an article: an operator source makes it operator-wide (for good); a guild's
 * feed adds that guild. Called inside the upsert's transaction, with the store's cached statements.
 */
export function applyArticleScope(statement: (sql: string) => Database.Statement, rowid: number, guildId: string | null): void {
  if (guildId === null) {
    statement('UPDATE articles SET guild_id = NULL WHERE rowid = ? AND guild_id IS NOT NULL').run(rowid);
  } else {
    statement('INSERT OR IGNORE INTO article_guilds (article_rowid, guild_id) VALUES (?, ?)').run(rowid, guildId);
  }
}

interface FeedRow {
  id: number;
  guild_id: string | null;
  url: string;
  origin: FeedOrigin;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  interval_ms: number;
  next_poll: number;
  last_polled: number | null;
  last_success: number | null;
  polls: number;
  failures: number;
  status: FeedStatus;
  status_reason: string | null;
  created_by: string | null;
  created_at: number;
}

function toRecord(row: FeedRow): FeedRecord {
  return {
    id: row.id, guildId: row.guild_id, url: row.url, origin: row.origin, title: row.title, etag: row.etag,
    lastModified: row.last_modified, bodyHash: row.body_hash, intervalMs: row.interval_ms, nextPoll: row.next_poll,
    lastPolled: row.last_polled, lastSuccess: row.last_success, polls: row.polls, failures: row.failures,
    status: row.status, statusReason: row.status_reason, createdBy: row.created_by, createdAt: row.created_at,
  };
}

export class SqliteFeeds implements FeedStore {
  constructor(private readonly db: Database.Database) {}

  async addFeed(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    const existing = this.findByUrl(feed.guildId, feed.url);
    if (existing) return { feed: existing, created: false };
    const result = this.db
      .prepare(
        `INSERT INTO feeds (guild_id, url, origin, title, interval_ms, next_poll, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(feed.guildId, feed.url, feed.origin, feed.title ?? null, feed.intervalMs, now, feed.createdBy ?? null, now);
    return { feed: (await this.getFeed(Number(result.lastInsertRowid)))!, created: true };
  }

  private findByUrl(guildId: string | null, url: string): FeedRecord | null {
    const row = this.db.prepare(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = ? AND url = ?`).get(guildId ?? '', url) as
      | FeedRow
      | undefined;
    return row ? toRecord(row) : null;
  }

  async listFeeds(guildId: string | null): Promise<FeedRecord[]> {
    const rows = this.db.prepare(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = ? ORDER BY id`).all(guildId ?? '') as FeedRow[];
    return rows.map(toRecord);
  }

  async getFeed(id: number): Promise<FeedRecord | null> {
    const row = this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(id) as FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Removes a feed of that scope (a guild can remove only its own); its articles stay. */
  async removeFeed(id: number, guildId: string | null): Promise<boolean> {
    const result = this.db.prepare(`DELETE FROM feeds WHERE id = ? AND coalesce(guild_id, '') = ?`).run(id, guildId ?? '');
    return result.changes > 0;
  }

  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM feeds WHERE status = 'active' AND next_poll <= ? ORDER BY next_poll, id LIMIT ?`)
      .all(now, limit) as FeedRow[];
    return rows.map(toRecord);
  }

  async recordSuccess(id: number, result: PollSuccess, now: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, title = coalesce(?, title), next_poll = ?,
           last_polled = ?, last_success = ?, polls = polls + ?, failures = 0, status = 'active', status_reason = NULL
         WHERE id = ?`,
      )
      .run(result.etag, result.lastModified, result.bodyHash, result.title, result.nextPoll, now, now, result.parsed ? 1 : 0, id);
  }

  async recordFailure(id: number, result: PollFailure, now: number): Promise<void> {
    this.db
      .prepare('UPDATE feeds SET failures = ?, next_poll = ?, status = ?, status_reason = ?, last_polled = ? WHERE id = ?')
      .run(result.failures, result.nextPoll, result.status, result.reason, now, id);
  }

  /** Re-enables a disabled feed and makes it due now. */
  async enableFeed(id: number, now: number): Promise<void> {
    this.db.prepare(`UPDATE feeds SET status = 'active', status_reason = NULL, failures = 0, next_poll = ? WHERE id = ?`).run(now, id);
  }

  async seenGuids(feedId: number, guids: string[]): Promise<Set<string>> {
    if (guids.length === 0) return new Set();
    const rows = this.db
      .prepare('SELECT guid FROM feed_items WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))')
      .all(feedId, JSON.stringify(guids)) as { guid: string }[];
    return new Set(rows.map((row) => row.guid));
  }

  async markSeen(feedId: number, items: SeenItem[], now: number): Promise<void> {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO feed_items (feed_id, guid, url, article_id, seen_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.db
      .transaction(() => {
        for (const item of items) insert.run(feedId, item.guid, item.url, item.articleId, now);
      })
      .immediate(); // the write lock first: another process's commit cannot fail it (ADR 16)
  }

  /**
   * The stored article these keys point at (same canonical URL, guid seen in another feed, or same
   * body) that this scope can already see: operator-wide, or the guild's own. Another guild's article
   * never counts, so a duplicate never widens who sees what a guild's feed supplied.
   */
  async findDuplicate(keys: DuplicateKeys, guildId: string | null): Promise<string | null> {
    const scope = { scope_all: 0, scope_guild: guildId };
    const visible = (from: string, where: string) => `SELECT a.id FROM ${from} WHERE ${where} AND ${SCOPE_FILTER} LIMIT 1`;
    const byUrl = keys.canonicalUrl
      ? (this.db
          .prepare(
            `SELECT id FROM (${visible('articles a', 'a.canonical_url = @key')})
             UNION ALL SELECT id FROM (${visible('feed_items f JOIN articles a ON a.id = f.article_id', 'f.url = @key')})
             LIMIT 1`,
          )
          .get({ key: keys.canonicalUrl, ...scope }) as { id: string } | undefined)
      : undefined;
    if (byUrl) return byUrl.id;
    const byGuid = keys.guid
      ? (this.db.prepare(visible('feed_items f JOIN articles a ON a.id = f.article_id', 'f.guid = @key')).get({ key: keys.guid, ...scope }) as
          | { id: string }
          | undefined)
      : undefined;
    if (byGuid) return byGuid.id;
    const byBody = keys.bodyHash
      ? (this.db.prepare(visible('articles a', 'a.body_hash = @key')).get({ key: keys.bodyHash, ...scope }) as { id: string } | undefined)
      : undefined;
    return byBody?.id ?? null;
  }

  /** Makes the operator's file feeds exactly these URLs (others from the file are removed); returns what changed. */
  async syncFileFeeds(feeds: NewFeed[], now: number): Promise<{ added: number; removed: number }> {
    const wanted = new Set(feeds.map((f) => f.url));
    const current = (await this.listFeeds(null)).filter((f) => f.origin === 'file');
    let added = 0;
    let removed = 0;
    for (const feed of current) {
      if (!wanted.has(feed.url) && (await this.removeFeed(feed.id, null))) removed++;
    }
    for (const feed of feeds) {
      const result = await this.addFeed(feed, now);
      if (result.created) added++;
      else if (result.feed.intervalMs !== feed.intervalMs) {
        this.db.prepare('UPDATE feeds SET interval_ms = ? WHERE id = ?').run(feed.intervalMs, result.feed.id);
      }
    }
    return { added, removed };
  }

  async countFeeds(guildId: string | null): Promise<number> {
    return (this.db.prepare(`SELECT count(*) AS n FROM feeds WHERE coalesce(guild_id, '') = ?`).get(guildId ?? '') as { n: number }).n;
  }
}
