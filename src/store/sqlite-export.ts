/**
 * Everything a SQLite database holds, read out as backend-free records for newsbrief copy
 * (store.ts: StoreRecords): feeds as subscriptions with their source's state and seen items
 * (migration 12's shape, as FeedStore gives them), articles with every column in row order,
 * schedules with their runs, the summary cache. Each batch is one read, keyed on the last row.
 */
import type Database from 'better-sqlite3';
import type { FeedExport, SeenRecord } from './feeds.js';
import type { Follow } from './follows.js';
import type { ScheduleExport } from './schedules.js';
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
} from './sql-rows.js';
import type { ArticleRecord, CacheRecord, StoreRecords } from './store.js';

/**
 * An article's story founder for a copy, by id: the earliest stored article of its story. A founder
 * is its own (its members came after it); a member's is the founder's row, or, when that one was
 * removed, the first member left.
 */
const FOUNDER = `CASE WHEN a.story IS NULL THEN a.id ELSE coalesce(
    (SELECT f.id FROM articles f WHERE f.rowid = a.story),
    (SELECT f.id FROM articles f WHERE f.rowid = (SELECT min(rowid) FROM articles INDEXED BY articles_by_story WHERE story = a.story)))
  END`;

const ARTICLES = `SELECT a.rowid AS rid, a.id, a.origin, a.url, a.source, a.title, a.section, a.byline, a.published, a.published_from,
    a.image, a.sort_ts, a.body, a.content_hash, a.ingested_at, a.canonical_url, a.body_hash, a.guild_id, ${FOUNDER} AS founder, g.sketch
  FROM articles a LEFT JOIN article_signatures g ON g.article_rowid = a.rowid
  WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?`;

/** Subscriptions with their feed, in (feed, guild) order after a given pair. */
const SUBSCRIPTIONS = `SELECT f.id, f.url, f.title, f.etag, f.last_modified, f.body_hash, f.interval_ms, f.next_poll, f.last_polled,
    f.last_success, f.polls, f.failures, f.status, f.status_reason, s.guild_id AS sub_guild, s.origin, s.created_by, s.created_at
  FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
  WHERE (s.feed_id, s.guild_id) > (?, ?) ORDER BY s.feed_id, s.guild_id LIMIT ?`;

/** Reads a SQLite database out in batches of at most batchSize records (see Store.exportAll). */
export async function* exportSqlite(db: Database.Database, batchSize: number): AsyncGenerator<StoreRecords> {
  yield* batches('feeds', (after: [number, string]) => feedBatch(db, after, batchSize), [0, ''] as [number, string]);
  yield* batches('articles', (after: number) => articleBatch(db, after, batchSize), 0);
  yield* batches('schedules', (after: number) => scheduleBatch(db, after, batchSize), 0);
  yield* batches('follows', (after: number) => followBatch(db, after, batchSize), 0);
  yield* batches('cache', (after: string) => cacheBatch(db, after, batchSize), '');
}

/** One kind's batches, each read after the last one's key, until a read comes back empty. */
async function* batches<K extends StoreRecords['kind'], Key>(
  kind: K,
  read: (after: Key) => { records: Extract<StoreRecords, { kind: K }>['records']; last: Key },
  first: Key,
): AsyncGenerator<StoreRecords> {
  for (let after = first; ; ) {
    const { records, last } = read(after);
    if (records.length === 0) return;
    yield { kind, records } as StoreRecords;
    after = last;
  }
}

function articleBatch(db: Database.Database, after: number, limit: number): { records: ArticleRecord[]; last: number } {
  const rows = db.prepare(ARTICLES).all(after, limit) as ArticleExportRow[];
  if (rows.length === 0) return { records: [], last: after };
  const last = rows[rows.length - 1]!.rid;
  const range = [after, last] as const;
  const quotes = grouped(
    db
      .prepare(
        `SELECT article_rowid AS rid, text, speaker, paragraph FROM quotes WHERE article_rowid > ? AND article_rowid <= ? ORDER BY article_rowid, position`,
      )
      .all(...range) as { rid: number; text: string; speaker: string | null; paragraph: number }[],
  );
  const names = grouped(
    db
      .prepare(
        `SELECT article_rowid AS rid, name FROM article_entities WHERE article_rowid > ? AND article_rowid <= ? ORDER BY article_rowid, position, name`,
      )
      .all(...range) as { rid: number; name: string }[],
  );
  const guilds = grouped(
    db
      .prepare(
        `SELECT article_rowid AS rid, guild_id FROM article_guilds WHERE article_rowid > ? AND article_rowid <= ? ORDER BY article_rowid, guild_id`,
      )
      .all(...range) as { rid: number; guild_id: string }[],
  );
  const records = rows.map((row) => articleRecord(row, { quotes, names, guilds }));
  return { records, last };
}

function feedBatch(db: Database.Database, after: [number, string], limit: number): { records: FeedExport[]; last: [number, string] } {
  const rows = db.prepare(SUBSCRIPTIONS).all(after[0], after[1], limit) as FeedRow[];
  if (rows.length === 0) return { records: [], last: after };
  const seen = db.prepare('SELECT guid, url, article_id, seen_at FROM feed_items WHERE feed_id = ? ORDER BY guid');
  const records = rows.map((row): FeedExport => {
    // A feed's items go with its first subscription only: one source, one list.
    const first = row.id !== after[0] && !rows.some((other) => other.id === row.id && other.sub_guild < row.sub_guild);
    const items = first ? (seen.all(row.id) as { guid: string; url: string | null; article_id: string | null; seen_at: number }[]) : [];
    return {
      feed: subscriptionRecord(row),
      seen: items.map((i): SeenRecord => ({ guid: i.guid, url: i.url, articleId: i.article_id, seenAt: i.seen_at })),
    };
  });
  const end = rows[rows.length - 1]!;
  return { records, last: [end.id, end.sub_guild] };
}

function scheduleBatch(db: Database.Database, after: number, limit: number): { records: ScheduleExport[]; last: number } {
  const rows = db.prepare('SELECT * FROM schedules WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as ScheduleRow[];
  const runs = db.prepare('SELECT * FROM briefing_runs WHERE schedule_id = ? ORDER BY slot');
  const records = rows.map(
    (row): ScheduleExport => ({
      schedule: toSchedule(row),
      runs: (runs.all(row.id) as RunRow[]).map(toRun),
    }),
  );
  return { records, last: rows[rows.length - 1]?.id ?? after };
}

function followBatch(db: Database.Database, after: number, limit: number): { records: Follow[]; last: number } {
  const rows = db.prepare('SELECT * FROM follows WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as FollowRow[];
  return { records: rows.map(toFollow), last: rows[rows.length - 1]?.id ?? after };
}

function cacheBatch(db: Database.Database, after: string, limit: number): { records: CacheRecord[]; last: string } {
  const rows = db.prepare('SELECT key, value, created_at FROM summary_cache WHERE key > ? ORDER BY key LIMIT ?').all(after, limit) as {
    key: string;
    value: string;
    created_at: number;
  }[];
  return { records: rows.map((r) => ({ key: r.key, value: r.value, createdAt: r.created_at })), last: rows[rows.length - 1]?.key ?? after };
}
