/**
 * Feed state in PostgreSQL: feeds, the items they have seen, dedupe look-ups. Due feeds are claimed
 * with FOR UPDATE SKIP LOCKED and a lease, so pollers in several processes never fetch one feed twice.
 */
import type pg from 'pg';
import type {
  DuplicateKeys, FeedOrigin, FeedRecord, FeedStatus, FeedStore, NewFeed, PollFailure, PollSuccess, SeenItem,
} from '../feeds.js';
import { inTransaction } from './pool.js';
import { Params, scopeFilter } from './search.js';

/**
 * How long a claimed feed stays away from other pollers: its poll records the real next poll well
 * before; a poller that dies (or stops mid-poll) leaves the feed due again once the lease ends.
 */
export const FEED_CLAIM_LEASE_MS = 15 * 60_000;

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

export class PostgresFeeds implements FeedStore {
  constructor(private readonly pool: pg.Pool) {}

  async addFeed(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    // ON CONFLICT: two processes adding one URL at once get one feed, and both see it.
    const inserted = await this.pool.query<FeedRow>(
      `INSERT INTO feeds (guild_id, url, origin, title, interval_ms, next_poll, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6)
       ON CONFLICT (coalesce(guild_id, ''), url) DO NOTHING RETURNING *`,
      [feed.guildId, feed.url, feed.origin, feed.title ?? null, feed.intervalMs, now, feed.createdBy ?? null],
    );
    if (inserted.rows[0]) return { feed: toRecord(inserted.rows[0]), created: true };
    const existing = await this.pool.query<FeedRow>(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = $1 AND url = $2`, [
      feed.guildId ?? '',
      feed.url,
    ]);
    return { feed: toRecord(existing.rows[0]!), created: false };
  }

  async listFeeds(guildId: string | null): Promise<FeedRecord[]> {
    const result = await this.pool.query<FeedRow>(`SELECT * FROM feeds WHERE coalesce(guild_id, '') = $1 ORDER BY id`, [guildId ?? '']);
    return result.rows.map(toRecord);
  }

  async getFeed(id: number): Promise<FeedRecord | null> {
    const result = await this.pool.query<FeedRow>('SELECT * FROM feeds WHERE id = $1', [id]);
    return result.rows[0] ? toRecord(result.rows[0]) : null;
  }

  async removeFeed(id: number, guildId: string | null): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM feeds WHERE id = $1 AND coalesce(guild_id, '') = $2`, [id, guildId ?? '']);
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * Claims due feeds: rows another poller holds are skipped (SKIP LOCKED), and each claimed one's
   * next poll moves a lease ahead before the transaction ends. Returned as they were (their due time).
   */
  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    const result = await this.pool.query<FeedRow>(
      `WITH due AS (
         SELECT * FROM feeds WHERE status = 'active' AND next_poll <= $1
         ORDER BY next_poll, id LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE feeds f SET next_poll = $1::bigint + $3::bigint FROM due WHERE f.id = due.id RETURNING due.*`,
      [now, limit, FEED_CLAIM_LEASE_MS],
    );
    return result.rows.map(toRecord).sort((x, y) => x.nextPoll - y.nextPoll || x.id - y.id);
  }

  async recordSuccess(id: number, result: PollSuccess, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE feeds SET etag = $1, last_modified = $2, body_hash = $3, title = coalesce($4, title), next_poll = $5,
         last_polled = $6, last_success = $6, polls = polls + $7, failures = 0, status = 'active', status_reason = NULL
       WHERE id = $8`,
      [result.etag, result.lastModified, result.bodyHash, result.title, result.nextPoll, now, result.parsed ? 1 : 0, id],
    );
  }

  async recordFailure(id: number, result: PollFailure, now: number): Promise<void> {
    await this.pool.query('UPDATE feeds SET failures = $1, next_poll = $2, status = $3, status_reason = $4, last_polled = $5 WHERE id = $6', [
      result.failures, result.nextPoll, result.status, result.reason, now, id,
    ]);
  }

  async enableFeed(id: number, now: number): Promise<void> {
    await this.pool.query(`UPDATE feeds SET status = 'active', status_reason = NULL, failures = 0, next_poll = $1 WHERE id = $2`, [now, id]);
  }

  async seenGuids(feedId: number, guids: string[]): Promise<Set<string>> {
    if (guids.length === 0) return new Set();
    const result = await this.pool.query<{ guid: string }>('SELECT guid FROM feed_items WHERE feed_id = $1 AND guid = ANY($2::text[])', [
      feedId,
      guids,
    ]);
    return new Set(result.rows.map((row) => row.guid));
  }

  async markSeen(feedId: number, items: SeenItem[], now: number): Promise<void> {
    if (items.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      for (const item of items) {
        await client.query(
          `INSERT INTO feed_items (feed_id, guid, url, article_id, seen_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (feed_id, guid) DO UPDATE SET url = excluded.url, article_id = excluded.article_id, seen_at = excluded.seen_at`,
          [feedId, item.guid, item.url, item.articleId, now],
        );
      }
    });
  }

  /**
   * The stored article these keys point at that this scope can already see (operator-wide, or the
   * guild's own): another guild's article never counts, as in SqliteFeeds.findDuplicate.
   */
  async findDuplicate(keys: DuplicateKeys, guildId: string | null): Promise<string | null> {
    const lookups: [string, string | null | undefined][] = [
      ['a.canonical_url = $KEY', keys.canonicalUrl],
      ['a.id IN (SELECT f.article_id FROM feed_items f WHERE f.url = $KEY)', keys.canonicalUrl],
      ['a.id IN (SELECT f.article_id FROM feed_items f WHERE f.guid = $KEY)', keys.guid],
      ['a.body_hash = $KEY', keys.bodyHash],
    ];
    for (const [where, key] of lookups) {
      if (!key) continue;
      const params = new Params();
      const condition = where.replace('$KEY', params.add(key));
      const result = await this.pool.query<{ id: string }>(
        `SELECT a.id FROM articles a WHERE ${condition} AND ${scopeFilter({ guildId }, params)} LIMIT 1`,
        params.values,
      );
      if (result.rows[0]) return result.rows[0].id;
    }
    return null;
  }

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
        await this.pool.query('UPDATE feeds SET interval_ms = $1 WHERE id = $2', [feed.intervalMs, result.feed.id]);
      }
    }
    return { added, removed };
  }

  async countFeeds(guildId: string | null): Promise<number> {
    const result = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM feeds WHERE coalesce(guild_id, '') = $1`, [guildId ?? '']);
    return result.rows[0]!.n;
  }
}
