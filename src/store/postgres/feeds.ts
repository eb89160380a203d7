/**
 * Feeds in PostgreSQL as shared sources: a URL is one `sources` row, fetched once however many
 * servers subscribe (a `subscriptions` row each, '' for the operator). A guild's view of a feed is
 * its subscription; a poller's is the source, claimed with FOR UPDATE SKIP LOCKED and a lease so
 * pollers in several processes never fetch one source twice. Its articles are stored once, under
 * the source's scope (sourceScope), which every subscribing guild sees and no other.
 */
import type pg from 'pg';
import {
  type DuplicateKeys,
  type FeedNotice,
  type FeedRecord,
  type FeedStore,
  type NewFeed,
  type PollFailure,
  type PollSuccess,
  type SeenItem,
  sourceScope,
} from '../feeds.js';
import { FEED_CLAIM_LEASE_MS, type FeedRow, scopeKey, subscriptionRecord } from '../sql-rows.js';
import { inTransaction } from './pool.js';
import { Params, scopeFilter } from './search.js';

const SOURCE_COLUMNS = `s.id, s.url, s.title, s.etag, s.last_modified, s.body_hash, s.interval_ms, s.next_poll, s.last_polled,
  s.last_success, s.polls, s.failures, s.status, s.status_reason`;
const SUBSCRIPTION_COLUMNS = 'sub.guild_id AS sub_guild, sub.origin, sub.created_by, sub.created_at';
/** A source with the subscription that speaks for it: the operator's when there is one, else the first. */
const SOURCE_WITH_SUBSCRIBER = `SELECT ${SOURCE_COLUMNS}, ${SUBSCRIPTION_COLUMNS}
  FROM sources s JOIN LATERAL (
    SELECT * FROM subscriptions x WHERE x.source_id = s.id ORDER BY x.guild_id = '' DESC, x.created_at, x.guild_id LIMIT 1
  ) sub ON TRUE`;

function toRecord(row: FeedRow): FeedRecord {
  const record = subscriptionRecord(row);
  return { ...record, articleScope: record.guildId === null ? null : sourceScope(row.id) };
}

export class PostgresFeeds implements FeedStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Subscribes a scope to a URL, making its source when it is the first: one statement, so a removal cannot slip between. */
  async addFeed(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    const subscribed = await this.pool.query<{ source_id: number }>(
      `WITH src AS (
         INSERT INTO sources (url, title, interval_ms, next_poll, created_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (url) DO UPDATE SET interval_ms = least(sources.interval_ms, excluded.interval_ms) RETURNING id
       )
       INSERT INTO subscriptions (source_id, guild_id, origin, created_by, created_at)
       SELECT id, $5, $6, $7, $4 FROM src ON CONFLICT DO NOTHING RETURNING source_id`,
      [feed.url, feed.title ?? null, feed.intervalMs, now, scopeKey(feed.guildId), feed.origin, feed.createdBy ?? null],
    );
    const record = await this.subscription(feed.guildId, { url: feed.url });
    return { feed: record!, created: subscribed.rows.length > 0 };
  }

  /** One scope's subscription, by source id or URL. */
  private async subscription(guildId: string | null, by: { id: number } | { url: string }): Promise<FeedRecord | null> {
    const [column, value] = 'id' in by ? ['s.id', by.id] : ['s.url', by.url];
    const result = await this.pool.query<FeedRow>(
      `SELECT ${SOURCE_COLUMNS}, ${SUBSCRIPTION_COLUMNS} FROM subscriptions sub JOIN sources s ON s.id = sub.source_id
       WHERE sub.guild_id = $1 AND ${column} = $2`,
      [scopeKey(guildId), value],
    );
    return result.rows[0] ? toRecord(result.rows[0]) : null;
  }

  async listFeeds(guildId: string | null): Promise<FeedRecord[]> {
    const result = await this.pool.query<FeedRow>(
      `SELECT ${SOURCE_COLUMNS}, ${SUBSCRIPTION_COLUMNS} FROM subscriptions sub JOIN sources s ON s.id = sub.source_id
       WHERE sub.guild_id = $1 ORDER BY s.id`,
      [scopeKey(guildId)],
    );
    return result.rows.map(toRecord);
  }

  async getFeed(id: number): Promise<FeedRecord | null> {
    const result = await this.pool.query<FeedRow>(`${SOURCE_WITH_SUBSCRIBER} WHERE s.id = $1`, [id]);
    return result.rows[0] ? toRecord(result.rows[0]) : null;
  }

  /** Ends a scope's subscription; the source goes with its last one (its articles stay). */
  async removeFeed(id: number, guildId: string | null): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const removed = await client.query('DELETE FROM subscriptions WHERE source_id = $1 AND guild_id = $2', [id, scopeKey(guildId)]);
      if ((removed.rowCount ?? 0) === 0) return false;
      await client.query('DELETE FROM sources s WHERE s.id = $1 AND NOT EXISTS (SELECT 1 FROM subscriptions x WHERE x.source_id = s.id)', [
        id,
      ]);
      return true;
    });
  }

  /**
   * Claims due sources: rows another poller holds are skipped (SKIP LOCKED), and each claimed one's
   * next poll moves a lease ahead in the same statement. Returned as they were (their due time).
   */
  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    const result = await this.pool.query<FeedRow>(
      `WITH due AS (
         SELECT id FROM sources WHERE status = 'active' AND next_poll <= $1
         ORDER BY next_poll, id LIMIT $2 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE sources c SET next_poll = $1::bigint + $3::bigint FROM due WHERE c.id = due.id RETURNING c.id
       )
       ${SOURCE_WITH_SUBSCRIBER} WHERE s.id IN (SELECT id FROM claimed)`,
      [now, limit, FEED_CLAIM_LEASE_MS],
    );
    // The statement reads sources as they were before its own update: next_poll is the due time.
    return result.rows.map(toRecord).sort((x, y) => x.nextPoll - y.nextPoll || x.id - y.id);
  }

  async releaseClaim(id: number, dueAt: number): Promise<void> {
    await this.pool.query('UPDATE sources SET next_poll = $2 WHERE id = $1', [id, dueAt]);
  }

  async recordSuccess(id: number, result: PollSuccess, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE sources SET etag = $1, last_modified = $2, body_hash = $3, title = coalesce($4, title), next_poll = $5,
         last_polled = $6, last_success = $6, polls = polls + $7, failures = 0, status = 'active', status_reason = NULL
       WHERE id = $8`,
      [result.etag, result.lastModified, result.bodyHash, result.title, result.nextPoll, now, result.parsed ? 1 : 0, id],
    );
  }

  /** A failure that disables an active source counts one more disabling (what its servers are told about). */
  async recordFailure(id: number, result: PollFailure, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE sources SET failures = $1, next_poll = $2, status = $3, status_reason = $4, last_polled = $5,
         disablings = disablings + CASE WHEN status <> 'disabled' AND $3 = 'disabled' THEN 1 ELSE 0 END WHERE id = $6`,
      [result.failures, result.nextPoll, result.status, result.reason, now, id],
    );
  }

  async enableFeed(id: number, now: number): Promise<void> {
    await this.pool.query(`UPDATE sources SET status = 'active', status_reason = NULL, failures = 0, next_poll = $1 WHERE id = $2`, [
      now,
      id,
    ]);
  }

  async seenGuids(feedId: number, guids: string[]): Promise<Set<string>> {
    if (guids.length === 0) return new Set();
    const result = await this.pool.query<{ guid: string }>(
      'SELECT guid FROM source_items WHERE source_id = $1 AND guid = ANY($2::text[])',
      [feedId, guids],
    );
    return new Set(result.rows.map((row) => row.guid));
  }

  async markSeen(feedId: number, items: SeenItem[], now: number): Promise<void> {
    if (items.length === 0) return;
    await this.pool.query(
      `INSERT INTO source_items (source_id, guid, url, article_id, seen_at)
       SELECT DISTINCT ON (i.guid) $1::bigint, i.guid, i.url, i.article_id, $2::bigint
       FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS i (guid, url, article_id, n)
       ORDER BY i.guid, i.n DESC
       ON CONFLICT (source_id, guid) DO UPDATE SET url = excluded.url, article_id = excluded.article_id, seen_at = excluded.seen_at`,
      [feedId, now, items.map((i) => i.guid), items.map((i) => i.url), items.map((i) => i.articleId)],
    );
  }

  /**
   * The stored article these keys point at that this scope can already see (operator-wide, or its
   * own): another scope's article never counts, as in SqliteFeeds.findDuplicate.
   */
  async findDuplicate(keys: DuplicateKeys, guildId: string | null): Promise<string | null> {
    const lookups: [string, string | null | undefined][] = [
      ['a.canonical_url = $KEY', keys.canonicalUrl],
      ['a.id IN (SELECT f.article_id FROM source_items f WHERE f.url = $KEY)', keys.canonicalUrl],
      ['a.id IN (SELECT f.article_id FROM source_items f WHERE f.guid = $KEY)', keys.guid],
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
        await this.pool.query('UPDATE sources SET interval_ms = $1 WHERE id = $2', [feed.intervalMs, result.feed.id]);
      }
    }
    return { added, removed };
  }

  async countFeeds(guildId: string | null): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM subscriptions WHERE guild_id = $1', [scopeKey(guildId)]);
    return result.rows[0]!.n;
  }

  async pendingNotices(guilds: string | readonly string[] | null, limit: number): Promise<FeedNotice[]> {
    const list = guilds === null ? null : typeof guilds === 'string' ? [guilds] : [...guilds];
    const result = await this.pool.query<FeedRow & { disablings: number }>(
      `SELECT ${SOURCE_COLUMNS}, s.disablings, ${SUBSCRIPTION_COLUMNS} FROM subscriptions sub JOIN sources s ON s.id = sub.source_id
       WHERE s.status = 'disabled' AND sub.notice_disabling < s.disablings AND sub.guild_id <> ''
         AND ($1::text[] IS NULL OR sub.guild_id = ANY($1::text[])) ORDER BY sub.created_at, s.id, sub.guild_id LIMIT $2`,
      [list, limit],
    );
    return result.rows.map((row) => ({ guildId: row.sub_guild, feed: toRecord(row), disabling: row.disablings }));
  }

  async claimNotice(feedId: number, guildId: string, disabling: number): Promise<boolean> {
    const claimed = await this.pool.query(
      `UPDATE subscriptions sub SET notice_disabling = $3 FROM sources s
       WHERE sub.source_id = $1 AND sub.guild_id = $2 AND sub.notice_disabling < $3
         AND s.id = sub.source_id AND s.status = 'disabled' AND s.disablings = $3`,
      [feedId, guildId, disabling],
    );
    return (claimed.rowCount ?? 0) > 0;
  }

  async releaseNotice(feedId: number, guildId: string, disabling: number): Promise<void> {
    await this.pool.query(
      'UPDATE subscriptions SET notice_disabling = $3 - 1 WHERE source_id = $1 AND guild_id = $2 AND notice_disabling = $3',
      [feedId, guildId, disabling],
    );
  }
}
