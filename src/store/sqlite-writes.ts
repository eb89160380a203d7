/**
 * Writes the store leaves to the end of a transaction (full-text entries and name counts, which a
 * trigger per row made costly), and the FTS5 settings a bulk load writes under.
 */
import type Database from 'better-sqlite3';

/** A new article's full-text entry, waiting for the end of its write transaction. */
interface IndexEntry {
  key: number;
  title: string;
  body: string;
}

/** A name's new articles in a write transaction, and the latest one's time. */
export interface NameCount {
  articles: number;
  lastTs: number;
}

/** What a write transaction's articles leave to be written at its end (see finishWrites). */
export interface PendingWrites {
  index: IndexEntry[];
  /** By spelling, in first-seen order, so a new name is stored as first written. */
  names: Map<string, NameCount>;
}

export function newPendingWrites(): PendingWrites {
  return { index: [], names: new Map() };
}

export { PARAGRAPH_SEPARATOR } from './sql-rows.js';

type Statements = (sql: string) => Database.Statement;

/** Writes what a transaction's articles left pending, and empties it: full-text entries, then name counts. */
export function finishWrites(statement: Statements, pending: PendingWrites): void {
  indexArticles(statement, pending.index);
  countNames(statement, pending.names);
}

/**
 * Adds new articles' full-text entries (migration 7 took this from a trigger), and empties the list.
 * Called last in a write transaction, in key order: FTS5 writes its pending terms out whenever a
 * statement opens a savepoint (any trigger does) or a key is lower than the last, so entries added
 * one per article would each become a segment of their own, at twice the cost of the whole write.
 */
function indexArticles(statement: Statements, entries: IndexEntry[]): void {
  const insert = statement('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
  for (const entry of entries.sort((x, y) => x.key - y.key)) insert.run(entry.key, entry.title, entry.body);
  entries.length = 0;
}

/**
 * Adds names' articles to entity_stats (migration 7 took this from a trigger): one write per
 * distinct spelling in the transaction instead of one per article and name. Empties the map.
 */
function countNames(statement: Statements, names: Map<string, NameCount>): void {
  const upsert = statement(
    `INSERT INTO entity_stats (name, articles, last_ts) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET articles = articles + excluded.articles, last_ts = max(last_ts, excluded.last_ts)`,
  );
  for (const [name, count] of names) upsert.run(name, count.articles, count.lastTs);
  names.clear();
}

/** FTS5's default automerge and crisismerge settings, restored after a bulk load. */
const FTS5_AUTOMERGE = 4;
const FTS5_CRISISMERGE = 16;
/** FTS5's default memory (bytes) for pending terms before it writes a segment, and a bulk load's. */
const FTS5_HASHSIZE = 1024 * 1024;
const BULK_FTS5_HASHSIZE = 16 * 1024 * 1024;
/** SQLite's default WAL size (pages) that triggers a checkpoint, and a bulk load's: fewer, larger checkpoints. */
export const SQLITE_WAL_CHECKPOINT_PAGES = 1000;
export const BULK_WAL_CHECKPOINT_PAGES = 20_000;

/**
 * FTS5's merging on (its defaults) or held off for a bulk load: no merge on commit (automerge 0),
 * nor when a level fills up (crisismerge at FTS5's maximum of 2,000 segments, 500,000 articles),
 * since merging segments whose keys interleave (shuffled dates) again and again costs more than one
 * merge at the end; and a batch's terms are kept in memory until its commit (hashsize), so each
 * batch is one segment (fewer, larger segments merge faster at the end). The settings live in the
 * database, so a load that died is undone on open.
 */
export function setIndexMerging(db: Database.Database, on: boolean): void {
  // Literals: FTS5 refuses a bound number, which better-sqlite3 passes as a real.
  db.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', ${on ? FTS5_AUTOMERGE : 0})`);
  db.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('crisismerge', ${on ? FTS5_CRISISMERGE : 2000})`);
  db.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ${on ? FTS5_HASHSIZE : BULK_FTS5_HASHSIZE})`);
}
