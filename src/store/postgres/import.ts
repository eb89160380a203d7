/**
 * Writing records another store exported (newsbrief copy, store.ts: StoreRecords) into PostgreSQL,
 * as sqlite-import.ts does for SQLite: each batch in one transaction, every column as it came, one
 * multi-row insert per table for articles, and what is here already left alone.
 */
import type pg from 'pg';
import { decodeSketch, INDEXED_HASHES } from '../../articles/fingerprint.js';
import type { FeedExport } from '../feeds.js';
import type { Follow } from '../follows.js';
import type { ScheduleExport } from '../schedules.js';
import { sourcesColumn } from '../sql-rows.js';
import type { ArticleRecord, CacheRecord, CopyCounts, StoreRecords } from '../store.js';
import { inTransaction, type Queryable } from './pool.js';
import { STORY_LOCK } from './stories.js';
import { addName, finishWrites, newPendingWrites } from './writes.js';

/** Writes one batch, all or nothing; returns what was new. */
export async function importPostgres(pool: pg.Pool, batch: StoreRecords): Promise<Partial<CopyCounts>> {
  return inTransaction(pool, async (db): Promise<Partial<CopyCounts>> => {
    switch (batch.kind) {
      case 'articles':
        return { articles: await importArticles(db, batch.records) };
      case 'feeds':
        return importFeeds(db, batch.records);
      case 'schedules':
        return importSchedules(db, batch.records);
      case 'follows':
        return { follows: await importFollows(db, batch.records) };
      case 'cache':
        return { cache: await importCache(db, batch.records) };
    }
  });
}

/** A new article with the row and story it takes here. */
interface Placed {
  record: ArticleRecord;
  rid: number;
  story: number | null;
}

/**
 * New articles in the order given. Under the story lock (as every writer of new articles, see
 * stories.ts), so a running writer reads these rows back before its next article; each takes the
 * story its founder's row numbers here (founders come first: in this batch, or stored before).
 */
async function importArticles(db: Queryable, records: ArticleRecord[]): Promise<number> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
  const present = await idsPresent(
    db,
    records.map((r) => r.id),
  );
  // Adding each id as it is kept: an id twice in a batch is written once.
  const fresh = records.filter((r) => !present.has(r.id) && present.add(r.id));
  if (fresh.length === 0) return 0;
  const stories = await storiesOf(
    db,
    fresh.flatMap((r) => (r.storyFounder === null ? [] : [r.storyFounder])),
  );
  const rids = await db.query<{ rid: number }>(
    `SELECT nextval(pg_get_serial_sequence('articles', 'rid')) AS rid FROM generate_series(1, $1::int)`,
    [fresh.length],
  );
  const placed = fresh.map((record, i): Placed => {
    const rid = rids.rows[i]!.rid;
    const story = record.storyFounder === null ? null : (stories.get(record.storyFounder) ?? null);
    stories.set(record.id, story ?? rid);
    return { record, rid, story };
  });
  await insertArticles(db, placed);
  await insertRows(db, placed);
  return fresh.length;
}

async function idsPresent(db: Queryable, ids: string[]): Promise<Set<string>> {
  const found = await db.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1::text[])', [ids]);
  return new Set(found.rows.map((row) => row.id));
}

/** The stories of stored articles, by id. */
async function storiesOf(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  const found = await db.query<{ id: string; story: number }>(
    'SELECT id, coalesce(story, rid) AS story FROM articles WHERE id = ANY($1::text[])',
    [[...new Set(ids)]],
  );
  return new Map(found.rows.map((row) => [row.id, row.story]));
}

async function insertArticles(db: Queryable, placed: Placed[]): Promise<void> {
  const column = <T>(pick: (r: ArticleRecord) => T): T[] => placed.map((p) => pick(p.record));
  await db.query(
    `INSERT INTO articles (rid, id, origin, url, source, title, section, byline, published, published_from, sort_ts, body,
       content_hash, ingested_at, canonical_url, body_hash, guild_id, story, image)
     OVERRIDING SYSTEM VALUE
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::text[])`,
    [
      placed.map((p) => p.rid),
      column((r) => r.id),
      column((r) => r.origin),
      column((r) => r.url),
      column((r) => r.source),
      column((r) => r.title),
      column((r) => r.section),
      column((r) => r.byline),
      column((r) => r.published),
      column((r) => r.publishedFrom),
      column((r) => r.sortTs),
      column((r) => r.body),
      column((r) => r.contentHash),
      column((r) => r.ingestedAt),
      column((r) => r.canonicalUrl),
      column((r) => r.bodyHash),
      column((r) => r.guildId),
      placed.map((p) => p.story),
      column((r) => r.image ?? null),
    ],
  );
}

/** Quotes, names (counted in entity_stats), guild scopes, and body sketches: one statement per table. */
async function insertRows(db: Queryable, placed: Placed[]): Promise<void> {
  const quotes = placed.flatMap((p) => p.record.quotes.map((q, position) => ({ rid: p.rid, position, q })));
  await db.query(
    `INSERT INTO quotes (article_rid, position, text, speaker, paragraph) SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::int[])`,
    [
      quotes.map((x) => x.rid),
      quotes.map((x) => x.position),
      quotes.map((x) => x.q.text),
      quotes.map((x) => x.q.speaker),
      quotes.map((x) => x.q.paragraph),
    ],
  );
  const scopes = placed.flatMap((p) => p.record.guilds.map((guild) => ({ rid: p.rid, guild })));
  await db.query(
    'INSERT INTO article_guilds (article_rid, guild_id) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING',
    [scopes.map((x) => x.rid), scopes.map((x) => x.guild)],
  );
  const signed = placed.filter((p) => p.record.sketch !== null);
  const hashes = signed.flatMap((p) =>
    [...new Set(decodeSketch(p.record.sketch!).hashes.slice(0, INDEXED_HASHES))].map((hash) => ({ rid: p.rid, hash })),
  );
  await db.query(
    `WITH hashed AS (INSERT INTO article_sketches (hash, article_rid) SELECT * FROM unnest($1::int[], $2::bigint[]))
     INSERT INTO article_signatures (article_rid, sketch) SELECT * FROM unnest($3::bigint[], $4::bytea[])`,
    [hashes.map((x) => x.hash), hashes.map((x) => x.rid), signed.map((p) => p.rid), signed.map((p) => p.record.sketch)],
  );
  const names = placed.flatMap((p) => p.record.names.map((name, position) => ({ rid: p.rid, name, position, ts: p.record.sortTs })));
  const written = await db.query<{ name: string; sort_ts: number }>(
    `INSERT INTO article_entities (article_rid, name, sort_ts, position)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::int[]) ON CONFLICT DO NOTHING RETURNING name, sort_ts`,
    [names.map((x) => x.rid), names.map((x) => x.name), names.map((x) => x.ts), names.map((x) => x.position)],
  );
  const pending = newPendingWrites();
  for (const row of written.rows) addName(pending.names, row.name, 1, row.sort_ts);
  await finishWrites(db, pending);
}

/**
 * Subscriptions new to this database, each on the source of its URL (made with the record's state
 * when there is none), and the items its source had seen.
 */
async function importFeeds(db: Queryable, records: FeedExport[]): Promise<Partial<CopyCounts>> {
  let feeds = 0;
  let seenItems = 0;
  for (const { feed: f, seen } of records) {
    await db.query(
      `INSERT INTO sources (url, title, etag, last_modified, body_hash, interval_ms, next_poll, last_polled, last_success, polls,
         failures, status, status_reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (url) DO NOTHING`,
      [
        f.url,
        f.title,
        f.etag,
        f.lastModified,
        f.bodyHash,
        f.intervalMs,
        f.nextPoll,
        f.lastPolled,
        f.lastSuccess,
        f.polls,
        f.failures,
        f.status,
        f.statusReason,
        f.createdAt,
      ],
    );
    const { id } = (await db.query<{ id: number }>('SELECT id FROM sources WHERE url = $1', [f.url])).rows[0]!;
    const subscribed = await db.query(
      `INSERT INTO subscriptions (source_id, guild_id, origin, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [id, f.guildId ?? '', f.origin, f.createdBy, f.createdAt],
    );
    feeds += subscribed.rowCount ?? 0;
    if (seen.length === 0) continue;
    const items = await db.query(
      `INSERT INTO source_items (source_id, guid, url, article_id, seen_at)
       SELECT $1::bigint, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) ON CONFLICT DO NOTHING`,
      [id, seen.map((i) => i.guid), seen.map((i) => i.url), seen.map((i) => i.articleId), seen.map((i) => i.seenAt)],
    );
    seenItems += items.rowCount ?? 0;
  }
  return { feeds, seenItems };
}

/** Schedules new to this database (the same identity as in sqlite-import.ts), with every run. */
async function importSchedules(db: Queryable, records: ScheduleExport[]): Promise<Partial<CopyCounts>> {
  let schedules = 0;
  let runs = 0;
  for (const { schedule: s, runs: list } of records) {
    const identity = [s.guildId, s.channelId, JSON.stringify(s.topics), s.cron, s.timezone, s.createdBy, s.createdAt];
    const found = await db.query<{ id: number }>(
      `SELECT id FROM schedules WHERE guild_id = $1 AND channel_id = $2 AND topics = $3 AND cron = $4 AND timezone = $5
         AND created_by IS NOT DISTINCT FROM $6 AND created_at = $7`,
      identity,
    );
    let id = found.rows[0]?.id;
    if (id === undefined) {
      const inserted = await db.query<{ id: number }>(
        `INSERT INTO schedules (guild_id, channel_id, topics, cron, timezone, created_by, created_at, status, status_reason, last_slot, mention_role, sources)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [...identity, s.status, s.statusReason, s.lastSlot, s.mentionRole, sourcesColumn(s.sources)],
      );
      id = inserted.rows[0]!.id;
      schedules++;
    }
    const added = await db.query(
      `INSERT INTO briefing_runs (schedule_id, slot, state, claimed_by, claimed_at, finished_at, detail)
       SELECT $1::bigint, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[]) ON CONFLICT DO NOTHING`,
      [
        id,
        list.map((r) => r.slot),
        list.map((r) => r.state),
        list.map((r) => r.claimedBy),
        list.map((r) => r.claimedAt),
        list.map((r) => r.finishedAt),
        list.map((r) => r.detail),
      ],
    );
    runs += added.rowCount ?? 0;
    // A slot handled there stays handled here, even on a schedule this database already had.
    if (s.lastSlot !== null) {
      await db.query('UPDATE schedules SET last_slot = $1 WHERE id = $2 AND (last_slot IS NULL OR last_slot < $1)', [s.lastSlot, id]);
    }
  }
  return { schedules, runs };
}

async function importCache(db: Queryable, records: CacheRecord[]): Promise<number> {
  const inserted = await db.query(
    'INSERT INTO summary_cache (key, value, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING',
    [records.map((r) => r.key), records.map((r) => r.value), records.map((r) => r.createdAt)],
  );
  return inserted.rowCount ?? 0;
}

/** Follows new to this database, their marks at its newest row (as sqlite-import.ts's importFollows). */
async function importFollows(db: Queryable, records: Follow[]): Promise<number> {
  let follows = 0;
  for (const f of records) {
    const identity = [f.guildId, f.channelId, f.topic, f.createdBy, f.createdAt];
    const found = await db.query(
      'SELECT 1 FROM follows WHERE guild_id = $1 AND channel_id = $2 AND topic = $3 AND created_by IS NOT DISTINCT FROM $4 AND created_at = $5',
      identity,
    );
    if ((found.rowCount ?? 0) > 0) continue;
    await db.query(
      `INSERT INTO follows (guild_id, channel_id, topic, created_by, created_at, max_per_hour, quiet, timezone, mention_role, sources, status,
         status_reason, start_row, last_row)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, head, head FROM (SELECT coalesce(max(rid), 0) AS head FROM articles) h`,
      [...identity, f.maxPerHour, f.quiet, f.timezone, f.mentionRole, sourcesColumn(f.sources), f.status, f.statusReason],
    );
    follows++;
  }
  return follows;
}
