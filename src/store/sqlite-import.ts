/**
 * Writing records another store exported (newsbrief copy, store.ts: StoreRecords) into a SQLite
 * database: each batch in one IMMEDIATE transaction, every column as it came, and what is here
 * already left alone, so a copy run twice writes nothing the second time.
 */
import type Database from 'better-sqlite3';
import { decodeSketch } from '../articles/fingerprint.js';
import type { FeedExport } from './feeds.js';
import type { Follow } from './follows.js';
import type { ScheduleExport } from './schedules.js';
import { sourcesColumn } from './sql-rows.js';
import { writeSketch } from './sqlite-copies.js';
import { finishWrites, newPendingWrites, type PendingWrites } from './sqlite-writes.js';
import type { ArticleRecord, CacheRecord, CopyCounts, StoreRecords } from './store.js';

type Statements = (sql: string) => Database.Statement;

/** What the store lends the import: its database, its statement cache, and its choice of free time keys. */
export interface SqliteTarget {
  db: Database.Database;
  sql: Statements;
  freeTimeKey: (sortTs: number) => number;
}

/** Writes one batch, all or nothing; returns what was new. */
export function importSqlite(target: SqliteTarget, batch: StoreRecords): Partial<CopyCounts> {
  const write = target.db.transaction((): Partial<CopyCounts> => {
    switch (batch.kind) {
      case 'articles':
        return { articles: importArticles(target, batch.records) };
      case 'feeds':
        return importFeeds(target.sql, batch.records);
      case 'schedules':
        return importSchedules(target.sql, batch.records);
      case 'follows':
        return { follows: importFollows(target.sql, batch.records) };
      case 'cache':
        return { cache: importCache(target.sql, batch.records) };
    }
  });
  return write.immediate();
}

/** New articles in the order given, each in the story its founder's row numbers here. */
function importArticles(target: SqliteTarget, records: ArticleRecord[]): number {
  const { sql } = target;
  const pending = newPendingWrites();
  let written = 0;
  for (const record of records) {
    if (sql('SELECT 1 FROM articles WHERE id = ?').get(record.id) !== undefined) continue;
    insertArticle(target, record, storyHere(sql, record), pending);
    written++;
  }
  finishWrites(sql, pending);
  return written;
}

/** The story number an article takes here: its founder's story (founders come first), null to found its own. */
function storyHere(sql: Statements, record: ArticleRecord): number | null {
  if (record.storyFounder === null) return null;
  const founder = sql('SELECT coalesce(story, rowid) AS story FROM articles WHERE id = ?').get(record.storyFounder) as
    | { story: number }
    | undefined;
  return founder?.story ?? null;
}

function insertArticle(target: SqliteTarget, r: ArticleRecord, story: number | null, pending: PendingWrites): void {
  const { sql } = target;
  const timeKey = target.freeTimeKey(r.sortTs);
  const inserted = sql(
    `INSERT INTO articles (id, origin, url, source, title, section, byline, published, published_from, sort_ts, time_key, body,
       content_hash, ingested_at, guild_id, canonical_url, body_hash, story, image)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.id,
    r.origin,
    r.url,
    r.source,
    r.title,
    r.section,
    r.byline,
    r.published,
    r.publishedFrom,
    r.sortTs,
    timeKey,
    r.body,
    r.contentHash,
    r.ingestedAt,
    r.guildId,
    r.canonicalUrl,
    r.bodyHash,
    story,
    r.image ?? null,
  );
  const rowid = Number(inserted.lastInsertRowid);
  pending.index.push({ key: timeKey, title: r.title, body: r.body });
  const quote = sql('INSERT INTO quotes (article_rowid, position, text, speaker, paragraph) VALUES (?, ?, ?, ?, ?)');
  r.quotes.forEach((q, position) => quote.run(rowid, position, q.text, q.speaker, q.paragraph));
  const name = sql('INSERT OR IGNORE INTO article_entities (article_rowid, name, sort_ts, position) VALUES (?, ?, ?, ?)');
  r.names.forEach((n, position) => {
    if (name.run(rowid, n, r.sortTs, position).changes > 0) countName(pending, n, r.sortTs);
  });
  const guild = sql('INSERT OR IGNORE INTO article_guilds (article_rowid, guild_id) VALUES (?, ?)');
  for (const g of r.guilds) guild.run(rowid, g);
  if (r.sketch) writeSketch(sql, rowid, decodeSketch(r.sketch), false);
}

/** One more article holding a name, for entity_stats (written with the batch's other counts at its end). */
function countName(pending: PendingWrites, name: string, sortTs: number): void {
  const count = pending.names.get(name);
  if (count) {
    count.articles++;
    count.lastTs = Math.max(count.lastTs, sortTs);
  } else pending.names.set(name, { articles: 1, lastTs: sortTs });
}

/**
 * Subscriptions new to this database, each on the feed of its URL (made with the record's state
 * when there is none), and the items its source had seen.
 */
function importFeeds(sql: Statements, records: FeedExport[]): Partial<CopyCounts> {
  let feeds = 0;
  let seenItems = 0;
  for (const { feed: f, seen } of records) {
    sql(
      `INSERT INTO feeds (url, title, etag, last_modified, body_hash, interval_ms, next_poll, last_polled, last_success, polls,
         failures, status, status_reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
    ).run(
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
    );
    const { id } = sql('SELECT id FROM feeds WHERE url = ?').get(f.url) as { id: number };
    feeds += sql('INSERT OR IGNORE INTO subscriptions (feed_id, guild_id, origin, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      f.guildId ?? '',
      f.origin,
      f.createdBy,
      f.createdAt,
    ).changes;
    const item = sql('INSERT OR IGNORE INTO feed_items (feed_id, guid, url, article_id, seen_at) VALUES (?, ?, ?, ?, ?)');
    for (const i of seen) seenItems += item.run(id, i.guid, i.url, i.articleId, i.seenAt).changes;
  }
  return { feeds, seenItems };
}

/**
 * Schedules new to this database (the same guild, channel, topics, times and author make the same
 * schedule), with every run; runs of a schedule already here are added when their slot is not.
 */
function importSchedules(sql: Statements, records: ScheduleExport[]): Partial<CopyCounts> {
  let schedules = 0;
  let runs = 0;
  for (const { schedule: s, runs: list } of records) {
    const identity = [s.guildId, s.channelId, JSON.stringify(s.topics), s.cron, s.timezone, s.createdBy, s.createdAt];
    const found = sql(
      `SELECT id FROM schedules WHERE guild_id = ? AND channel_id = ? AND topics = ? AND cron = ? AND timezone = ?
         AND created_by IS ? AND created_at = ?`,
    ).get(...identity) as { id: number } | undefined;
    let id = found?.id;
    if (id === undefined) {
      id = Number(
        sql(
          `INSERT INTO schedules (guild_id, channel_id, topics, cron, timezone, created_by, created_at, status, status_reason, last_slot, mention_role, sources)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...identity, s.status, s.statusReason, s.lastSlot, s.mentionRole, sourcesColumn(s.sources)).lastInsertRowid,
      );
      schedules++;
    }
    const run = sql(
      `INSERT OR IGNORE INTO briefing_runs (schedule_id, slot, state, claimed_by, claimed_at, finished_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of list) runs += run.run(id, r.slot, r.state, r.claimedBy, r.claimedAt, r.finishedAt, r.detail).changes;
    // A slot handled there stays handled here, even on a schedule this database already had.
    if (s.lastSlot !== null) {
      sql('UPDATE schedules SET last_slot = ? WHERE id = ? AND (last_slot IS NULL OR last_slot < ?)').run(s.lastSlot, id, s.lastSlot);
    }
  }
  return { schedules, runs };
}

function importCache(sql: Statements, records: CacheRecord[]): number {
  const insert = sql('INSERT OR IGNORE INTO summary_cache (key, value, created_at) VALUES (?, ?, ?)');
  return records.reduce((written, r) => written + insert.run(r.key, r.value, r.createdAt).changes, 0);
}

/**
 * Follows new to this database (the same guild, channel, topic, author and time make the same
 * follow), their marks at this database's newest row: row numbers do not travel, and what was
 * indexed before the copy is not new to them. Their post records stay behind.
 */
function importFollows(sql: Statements, records: Follow[]): number {
  let follows = 0;
  for (const f of records) {
    const identity = [f.guildId, f.channelId, f.topic, f.createdBy, f.createdAt];
    if (
      sql('SELECT 1 FROM follows WHERE guild_id = ? AND channel_id = ? AND topic = ? AND created_by IS ? AND created_at = ?').get(
        ...identity,
      )
    )
      continue;
    sql(
      `INSERT INTO follows (guild_id, channel_id, topic, created_by, created_at, max_per_hour, quiet, timezone, mention_role, sources, status,
         status_reason, start_row, last_row)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, head, head FROM (SELECT coalesce(max(rowid), 0) AS head FROM articles)`,
    ).run(...identity, f.maxPerHour, f.quiet, f.timezone, f.mentionRole, sourcesColumn(f.sources), f.status, f.statusReason);
    follows++;
  }
  return follows;
}
