/**
 * Everything a PostgreSQL database holds, read out as backend-free records for newsbrief copy
 * (store.ts: StoreRecords), as sqlite-export.ts does for SQLite: subscriptions with their source's
 * state and seen items, articles with every column in row order, schedules with their runs, the
 * summary cache. Each batch is a few queries keyed on the last row, so memory holds one batch.
 */
import type pg from 'pg';
import type { FeedExport } from '../feeds.js';
import type { ScheduleExport } from '../schedules.js';
import {
  type ArticleExportRow,
  articleRecord,
  type FeedRow,
  type FollowRow,
  grouped,
  type RunRow,
  type ScheduleRow,
  subscriptionRecord,
  toFollow,
  toRun,
  toSchedule,
} from '../sql-rows.js';
import type { ArticleRecord, CacheRecord, StoreRecords } from '../store.js';

/**
 * The story's earliest stored article by id, as sqlite-export.ts: a founder is its own (its members
 * came after it), a member's is the founder's row, or when that was removed the first member left.
 * OFFSET 0 keeps the planner from answering min() by walking the whole primary key for a match.
 */
const FOUNDER = `CASE WHEN a.story IS NULL THEN a.id ELSE coalesce(
    (SELECT f.id FROM articles f WHERE f.rid = a.story),
    (SELECT f.id FROM articles f WHERE f.rid = (SELECT min(m.rid) FROM (SELECT rid FROM articles WHERE story = a.story OFFSET 0) m)))
  END`;

const ARTICLES = `SELECT a.rid, a.id, a.origin, a.url, a.source, a.title, a.section, a.byline, a.published, a.published_from, a.sort_ts,
    a.image, a.body, a.content_hash, a.ingested_at, a.canonical_url, a.body_hash, a.guild_id, ${FOUNDER} AS founder, g.sketch
  FROM articles a LEFT JOIN article_signatures g ON g.article_rid = a.rid
  WHERE a.rid > $1 ORDER BY a.rid LIMIT $2`;

const SUBSCRIPTIONS = `SELECT s.id, s.url, s.title, s.etag, s.last_modified, s.body_hash, s.interval_ms, s.next_poll, s.last_polled,
    s.last_success, s.polls, s.failures, s.status, s.status_reason, sub.guild_id AS sub_guild, sub.origin, sub.created_by, sub.created_at
  FROM subscriptions sub JOIN sources s ON s.id = sub.source_id
  WHERE (sub.source_id, sub.guild_id) > ($1, $2) ORDER BY sub.source_id, sub.guild_id LIMIT $3`;

/** Reads a PostgreSQL database out in batches of at most batchSize records (see Store.exportAll). */
export async function* exportPostgres(pool: pg.Pool, batchSize: number): AsyncGenerator<StoreRecords> {
  for (let after: [number, string] = [0, '']; ; ) {
    const { records, last } = await feedBatch(pool, after, batchSize);
    if (records.length === 0) break;
    yield { kind: 'feeds', records };
    after = last;
  }
  for (let after = 0; ; ) {
    const { records, last } = await articleBatch(pool, after, batchSize);
    if (records.length === 0) break;
    yield { kind: 'articles', records };
    after = last;
  }
  for (let after = 0; ; ) {
    const { records, last } = await scheduleBatch(pool, after, batchSize);
    if (records.length === 0) break;
    yield { kind: 'schedules', records };
    after = last;
  }
  for (let after = 0; ; ) {
    const rows = (await pool.query<FollowRow>('SELECT * FROM follows WHERE id > $1 ORDER BY id LIMIT $2', [after, batchSize])).rows;
    if (rows.length === 0) break;
    yield { kind: 'follows', records: rows.map(toFollow) };
    after = rows[rows.length - 1]!.id;
  }
  for (let after = ''; ; ) {
    const { records, last } = await cacheBatch(pool, after, batchSize);
    if (records.length === 0) break;
    yield { kind: 'cache', records };
    after = last;
  }
}

async function articleBatch(pool: pg.Pool, after: number, limit: number): Promise<{ records: ArticleRecord[]; last: number }> {
  const rows = (await pool.query<ArticleExportRow>(ARTICLES, [after, limit])).rows;
  if (rows.length === 0) return { records: [], last: after };
  const last = rows[rows.length - 1]!.rid;
  const range = [after, last];
  const quotes = grouped(
    (
      await pool.query<{ rid: number; text: string; speaker: string | null; paragraph: number }>(
        'SELECT article_rid AS rid, text, speaker, paragraph FROM quotes WHERE article_rid > $1 AND article_rid <= $2 ORDER BY article_rid, position',
        range,
      )
    ).rows,
  );
  const names = grouped(
    (
      await pool.query<{ rid: number; name: string }>(
        'SELECT article_rid AS rid, name FROM article_entities WHERE article_rid > $1 AND article_rid <= $2 ORDER BY article_rid, position, name',
        range,
      )
    ).rows,
  );
  const guilds = grouped(
    (
      await pool.query<{ rid: number; guild_id: string }>(
        'SELECT article_rid AS rid, guild_id FROM article_guilds WHERE article_rid > $1 AND article_rid <= $2 ORDER BY article_rid, guild_id',
        range,
      )
    ).rows,
  );
  const records = rows.map((row) => articleRecord(row, { quotes, names, guilds }));
  return { records, last };
}

async function feedBatch(
  pool: pg.Pool,
  after: [number, string],
  limit: number,
): Promise<{ records: FeedExport[]; last: [number, string] }> {
  const rows = (await pool.query<FeedRow>(SUBSCRIPTIONS, [after[0], after[1], limit])).rows;
  if (rows.length === 0) return { records: [], last: after };
  const records: FeedExport[] = [];
  for (const [index, row] of rows.entries()) {
    // A source's items go with its first subscription only: one source, one list.
    const first = row.id !== after[0] && rows[index - 1]?.id !== row.id;
    const items = first
      ? (
          await pool.query<{ guid: string; url: string | null; article_id: string | null; seen_at: number }>(
            'SELECT guid, url, article_id, seen_at FROM source_items WHERE source_id = $1 ORDER BY guid',
            [row.id],
          )
        ).rows
      : [];
    records.push({
      feed: subscriptionRecord(row),
      seen: items.map((i) => ({ guid: i.guid, url: i.url, articleId: i.article_id, seenAt: i.seen_at })),
    });
  }
  const end = rows[rows.length - 1]!;
  return { records, last: [end.id, end.sub_guild] };
}

async function scheduleBatch(pool: pg.Pool, after: number, limit: number): Promise<{ records: ScheduleExport[]; last: number }> {
  const rows = (await pool.query<ScheduleRow>('SELECT * FROM schedules WHERE id > $1 ORDER BY id LIMIT $2', [after, limit])).rows;
  if (rows.length === 0) return { records: [], last: after };
  const runs = grouped(
    (
      await pool.query<RunRow & { rid: number }>(
        'SELECT *, schedule_id AS rid FROM briefing_runs WHERE schedule_id = ANY($1::bigint[]) ORDER BY schedule_id, slot',
        [rows.map((row) => row.id)],
      )
    ).rows,
  );
  const records = rows.map(
    (row): ScheduleExport => ({
      schedule: toSchedule(row),
      runs: (runs.get(row.id) ?? []).map(toRun),
    }),
  );
  return { records, last: rows[rows.length - 1]!.id };
}

async function cacheBatch(pool: pg.Pool, after: string, limit: number): Promise<{ records: CacheRecord[]; last: string }> {
  // Keys in byte order (as SQLite's), whatever the database's collation.
  const rows = (
    await pool.query<{ key: string; value: string; created_at: number }>(
      'SELECT key, value, created_at FROM summary_cache WHERE key COLLATE "C" > $1 ORDER BY key COLLATE "C" LIMIT $2',
      [after, limit],
    )
  ).rows;
  return { records: rows.map((r) => ({ key: r.key, value: r.value, createdAt: r.created_at })), last: rows[rows.length - 1]?.key ?? after };
}
