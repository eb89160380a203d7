/**
 * Feeds in the SQLite file as shared sources (migrations 4 and 12, as postgres/feeds.ts): a URL is
 * one feeds row, fetched once however many servers subscribe (a subscriptions row each, '' for the
 * operator), with the items it has seen. A guild's view of a feed is its subscription; the poller's
 * is the feed, claimed for a lease so pollers in several processes never fetch it twice. Its
 * articles are stored once, under the feed's scope (sourceScope), which every subscriber sees.
 */
import type Database from 'better-sqlite3';
import {
  type DuplicateKeys,
  type FeedNotice,
  type FeedRecord,
  type FeedStore,
  type NewFeed,
  type PollFailure,
  type PollSuccess,
  type SeenItem,
  SOURCE_SCOPE_PREFIX,
  sourceScope,
} from './feeds.js';
import { FEED_CLAIM_LEASE_MS, type FeedRow, scopeKey, subscriptionRecord } from './sql-rows.js';
import type { SearchOptions } from './store.js';

/**
 * Search/latest filter: everything (no guild given), operator-wide only (null), or operator-wide plus
 * what one guild may see: its own feeds' articles and those of the shared sources it subscribes to.
 */
export const SCOPE_FILTER = `(@scope_all = 1 OR a.guild_id IS NULL
  OR EXISTS (SELECT 1 FROM article_guilds g WHERE g.article_rowid = a.rowid AND g.guild_id IN (
    SELECT @scope_guild UNION ALL SELECT '${SOURCE_SCOPE_PREFIX}' || s.feed_id FROM subscriptions s WHERE s.guild_id = @scope_guild)))`;

export function scopeParameters(options: Pick<SearchOptions, 'guildId'>): { scope_all: number; scope_guild: string | null } {
  return { scope_all: options.guildId === undefined ? 1 : 0, scope_guild: options.guildId ?? null };
}

/**
 * Records who may see an article: an operator source makes it operator-wide (for good); a guild's
 * feed (or a shared source's scope) adds that scope. Called inside the upsert's transaction, with the
 * store's cached statements.
 */
export function applyArticleScope(statement: (sql: string) => Database.Statement, rowid: number, guildId: string | null): void {
  if (guildId === null) {
    statement('UPDATE articles SET guild_id = NULL WHERE rowid = ? AND guild_id IS NOT NULL').run(rowid);
  } else {
    statement('INSERT OR IGNORE INTO article_guilds (article_rowid, guild_id) VALUES (?, ?)').run(rowid, guildId);
  }
}

const FEED_COLUMNS = `f.id, f.url, f.title, f.etag, f.last_modified, f.body_hash, f.interval_ms, f.next_poll, f.last_polled,
  f.last_success, f.polls, f.failures, f.status, f.status_reason`;
const SUBSCRIPTION_COLUMNS = 'sub.guild_id AS sub_guild, sub.origin, sub.created_by, sub.created_at';
/** A feed with the subscription that speaks for it: the operator's when there is one, else the first. */
const FEED_WITH_SUBSCRIBER = `SELECT ${FEED_COLUMNS}, ${SUBSCRIPTION_COLUMNS} FROM feeds f JOIN subscriptions sub
  ON sub.feed_id = f.id
  AND sub.guild_id = (SELECT x.guild_id FROM subscriptions x WHERE x.feed_id = f.id ORDER BY x.guild_id = '' DESC, x.created_at, x.guild_id LIMIT 1)`;
/** One scope's subscriptions with their feeds. */
const SUBSCRIBED = `SELECT ${FEED_COLUMNS}, ${SUBSCRIPTION_COLUMNS} FROM subscriptions sub JOIN feeds f ON f.id = sub.feed_id`;
const SUBSCRIBED_WITH_DISABLINGS = `SELECT ${FEED_COLUMNS}, f.disablings, ${SUBSCRIPTION_COLUMNS} FROM subscriptions sub JOIN feeds f ON f.id = sub.feed_id`;

function toRecord(row: FeedRow): FeedRecord {
  const record = subscriptionRecord(row);
  return { ...record, articleScope: record.guildId === null ? null : sourceScope(row.id) };
}

export class SqliteFeeds implements FeedStore {
  constructor(private readonly db: Database.Database) {}

  /** Subscribes a scope to a URL, making its feed when it is the first (a shorter interval of a later subscriber wins). */
  async addFeed(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    const created = this.db
      .transaction(() => {
        const { id } = this.db
          .prepare(
            `INSERT INTO feeds (url, title, interval_ms, next_poll, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (url) DO UPDATE SET interval_ms = min(interval_ms, excluded.interval_ms) RETURNING id`,
          )
          .get(feed.url, feed.title ?? null, feed.intervalMs, now, now) as { id: number };
        return (
          this.db
            .prepare('INSERT OR IGNORE INTO subscriptions (feed_id, guild_id, origin, created_by, created_at) VALUES (?, ?, ?, ?, ?)')
            .run(id, scopeKey(feed.guildId), feed.origin, feed.createdBy ?? null, now).changes > 0
        );
      })
      .immediate(); // the write lock first (ADR 16)
    return { feed: this.subscription(feed.guildId, 'f.url = ?', feed.url)!, created };
  }

  /** One scope's subscription to a feed. */
  private subscription(guildId: string | null, where: string, value: string | number): FeedRecord | null {
    const row = this.db.prepare(`${SUBSCRIBED} WHERE sub.guild_id = ? AND ${where}`).get(scopeKey(guildId), value) as FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  async listFeeds(guildId: string | null): Promise<FeedRecord[]> {
    const rows = this.db.prepare(`${SUBSCRIBED} WHERE sub.guild_id = ? ORDER BY f.id`).all(scopeKey(guildId)) as FeedRow[];
    return rows.map(toRecord);
  }

  async getFeed(id: number): Promise<FeedRecord | null> {
    const row = this.db.prepare(`${FEED_WITH_SUBSCRIBER} WHERE f.id = ?`).get(id) as FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Ends a scope's subscription (a guild can end only its own); the feed goes with its last one, its articles stay. */
  async removeFeed(id: number, guildId: string | null): Promise<boolean> {
    return this.db
      .transaction(() => {
        const removed =
          this.db.prepare('DELETE FROM subscriptions WHERE feed_id = ? AND guild_id = ?').run(id, scopeKey(guildId)).changes > 0;
        if (removed)
          this.db
            .prepare('DELETE FROM feeds WHERE id = ? AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)')
            .run(id);
        return removed;
      })
      .immediate();
  }

  /**
   * Claims due feeds: in one write transaction, each one's next poll moves a lease ahead, so a poller
   * in another process on this file does not take it too. Returned as they were (their due time).
   */
  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(`${FEED_WITH_SUBSCRIBER} WHERE f.status = 'active' AND f.next_poll <= ? ORDER BY f.next_poll, f.id LIMIT ?`)
          .all(now, limit) as FeedRow[];
        const claim = this.db.prepare('UPDATE feeds SET next_poll = ? WHERE id = ?');
        for (const row of rows) claim.run(now + FEED_CLAIM_LEASE_MS, row.id);
        return rows.map(toRecord);
      })
      .immediate();
  }

  async releaseClaim(id: number, dueAt: number): Promise<void> {
    this.db.prepare('UPDATE feeds SET next_poll = ? WHERE id = ?').run(dueAt, id);
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

  /** A failure that disables an active feed counts one more disabling (what its servers are told about). */
  async recordFailure(id: number, result: PollFailure, now: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE feeds SET failures = ?, next_poll = ?, status = ?, status_reason = ?, last_polled = ?,
           disablings = disablings + (status <> 'disabled' AND ? = 'disabled') WHERE id = ?`,
      )
      .run(result.failures, result.nextPoll, result.status, result.reason, now, result.status, id);
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
    const insert = this.db.prepare('INSERT OR REPLACE INTO feed_items (feed_id, guid, url, article_id, seen_at) VALUES (?, ?, ?, ?, ?)');
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
      ? (this.db
          .prepare(visible('feed_items f JOIN articles a ON a.id = f.article_id', 'f.guid = @key'))
          .get({ key: keys.guid, ...scope }) as { id: string } | undefined)
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
    return (this.db.prepare('SELECT count(*) AS n FROM subscriptions WHERE guild_id = ?').get(scopeKey(guildId)) as { n: number }).n;
  }

  async pendingNotices(guilds: string | readonly string[] | null, limit: number): Promise<FeedNotice[]> {
    const list = guilds === null ? null : JSON.stringify(typeof guilds === 'string' ? [guilds] : guilds);
    const rows = this.db
      .prepare(
        `${SUBSCRIBED_WITH_DISABLINGS} WHERE f.status = 'disabled' AND sub.notice_disabling < f.disablings AND sub.guild_id <> ''
           AND (@guilds IS NULL OR sub.guild_id IN (SELECT value FROM json_each(@guilds))) ORDER BY sub.created_at, f.id, sub.guild_id LIMIT @limit`,
      )
      .all({ guilds: list, limit }) as (FeedRow & { disablings: number })[];
    return rows.map((row) => ({ guildId: row.sub_guild, feed: toRecord(row), disabling: row.disablings }));
  }

  async claimNotice(feedId: number, guildId: string, disabling: number): Promise<boolean> {
    const claim = this.db.prepare(
      `UPDATE subscriptions SET notice_disabling = ? WHERE feed_id = ? AND guild_id = ? AND notice_disabling < ?
         AND EXISTS (SELECT 1 FROM feeds f WHERE f.id = ? AND f.status = 'disabled' AND f.disablings = ?)`,
    );
    return claim.run(disabling, feedId, guildId, disabling, feedId, disabling).changes > 0;
  }

  async releaseNotice(feedId: number, guildId: string, disabling: number): Promise<void> {
    this.db
      .prepare('UPDATE subscriptions SET notice_disabling = ? WHERE feed_id = ? AND guild_id = ? AND notice_disabling = ?')
      .run(disabling - 1, feedId, guildId, disabling);
  }
}
