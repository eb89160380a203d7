/**
 * One article per page: the body sketches the store keeps (article_sketches and article_signatures,
 * migration 10) and the look-up that finds a stored article whose body a new one copies
 * (docs/adr/0013-one-article-per-page.md).
 */
import type Database from 'better-sqlite3';
import {
  bodySketch,
  decodeSketch,
  encodeSketch,
  INDEXED_HASHES,
  isCopy,
  likelyCopyOfStored,
  type Sketch,
  shingleSet,
} from '../articles/fingerprint.js';
import type { Article } from '../articles/model.js';
import { PARAGRAPH_SEPARATOR } from './sqlite-writes.js';

type Statements = (sql: string) => Database.Statement;

/** Stored articles whose sketches are compared with a new one's (a phrase common to many pages must not make every write slow). */
const MAX_CANDIDATES = 16;

/** The article's sketch: computed when it was built, or here for an article built elsewhere. */
export function sketchOf(article: Article): Sketch {
  return article.sketch ?? bodySketch(article.paragraphs);
}

/** Stores an article's sketch, replacing the one it had. */
export function writeSketch(sql: Statements, rowid: number, sketch: Sketch, replace: boolean): void {
  if (replace) forgetSketch(sql, rowid);
  const insert = sql('INSERT OR IGNORE INTO article_sketches (hash, article_rowid) VALUES (?, ?)');
  for (const hash of sketch.hashes.slice(0, INDEXED_HASHES)) insert.run(hash, rowid);
  sql('INSERT OR REPLACE INTO article_signatures (article_rowid, sketch) VALUES (?, ?)').run(rowid, encodeSketch(sketch));
}

/**
 * Deletes an article's indexed hashes, found through its signature (article_sketches has no index by
 * article: one per hash is cheaper to write). The signature itself goes with the article (its key).
 */
export function forgetSketch(sql: Statements, rowid: number): void {
  const row = sql('SELECT sketch FROM article_signatures WHERE article_rowid = ?').get(rowid) as { sketch: Buffer } | undefined;
  if (!row) return;
  const remove = sql('DELETE FROM article_sketches WHERE hash = ? AND article_rowid = ?');
  for (const hash of decodeSketch(row.sketch).hashes.slice(0, INDEXED_HASHES)) remove.run(hash, rowid);
}

/** The candidate look-up for 1 to INDEXED_HASHES hashes, written once. */
const CANDIDATES_SQL = Array.from(
  { length: INDEXED_HASHES + 1 },
  (_, n) => `SELECT g.article_rowid AS rowid, g.sketch AS sketch FROM article_signatures g
     WHERE g.article_rowid IN (SELECT article_rowid FROM article_sketches WHERE hash IN (${Array(n).fill('?').join(', ')}))
     LIMIT ${MAX_CANDIDATES}`,
);

/** The id of a stored article whose body the given one copies (see isCopy), or null. */
export function findCopy(sql: Statements, article: Article, sketch: Sketch): string | null {
  const indexed = sketch.hashes.slice(0, INDEXED_HASHES);
  if (indexed.length === 0) return null;
  const candidates = sql(CANDIDATES_SQL[indexed.length]!).all(...indexed) as { rowid: number; sketch: Buffer }[];
  // Most candidates share a common phrase, not the page: their sketches say so without reading a body.
  const likely = candidates.filter((c) => likelyCopyOfStored(sketch, c.sketch));
  if (likely.length === 0) return null;
  const mine = shingleSet(article.paragraphs);
  const read = sql('SELECT id, body FROM articles WHERE rowid = ?');
  for (const { rowid } of likely) {
    const row = read.get(rowid) as { id: string; body: string } | undefined;
    if (row && isCopy(mine, shingleSet(row.body.split(PARAGRAPH_SEPARATOR)))) return row.id;
  }
  return null;
}

/** Sketches every stored article (a database from before migration 10), a thousand per transaction. */
export function backfillSketches(db: Database.Database): void {
  const read = db.prepare('SELECT rowid, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000');
  const statements = new Map<string, Database.Statement>();
  const sql = (text: string) => statements.get(text) ?? statements.set(text, db.prepare(text)).get(text)!;
  const write = db.transaction((rows: { rowid: number; body: string }[]) => {
    for (const row of rows) writeSketch(sql, row.rowid, bodySketch(row.body.split(PARAGRAPH_SEPARATOR)), false);
  });
  for (let after = 0; ; ) {
    const rows = read.all(after) as { rowid: number; body: string }[];
    if (rows.length === 0) return;
    write(rows);
    after = rows[rows.length - 1]!.rowid;
  }
}
