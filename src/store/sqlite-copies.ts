/**
 * One article per page: the body sketches the store keeps (article_sketches, migration 10) and the
 * look-up that finds a stored article whose body a new one copies (docs/adr/0013-one-article-per-page.md).
 */
import type Database from 'better-sqlite3';
import { bodySketch, isCopy, shingleSet } from '../articles/fingerprint.js';
import type { Article } from '../articles/model.js';

type Statements = (sql: string) => Database.Statement;

const PARAGRAPH_SEPARATOR = '\n\n';
/** Stored articles checked in full for one new one, those sharing the most sketch hashes first. */
const MAX_CANDIDATES = 8;

/** The article's sketch: computed when it was built, or here for an article built elsewhere. */
export function sketchOf(article: Article): number[] {
  return article.sketch ?? bodySketch(article.paragraphs);
}

/** Stores an article's sketch, replacing the one it had. */
export function writeSketch(sql: Statements, rowid: number, sketch: readonly number[], replace: boolean): void {
  if (replace) sql('DELETE FROM article_sketches WHERE article_rowid = ?').run(rowid);
  const insert = sql('INSERT OR IGNORE INTO article_sketches (hash, article_rowid) VALUES (?, ?)');
  for (const hash of sketch) insert.run(hash, rowid);
}

/** The id of a stored article whose body the given one copies (see isCopy), or null. */
export function findCopy(sql: Statements, article: Article, sketch: readonly number[]): string | null {
  if (sketch.length === 0) return null;
  const candidates = sql(
    `SELECT article_rowid AS rowid FROM article_sketches WHERE hash IN (${sketch.map(() => '?').join(', ')})
     GROUP BY article_rowid ORDER BY count(*) DESC, article_rowid LIMIT ${MAX_CANDIDATES}`,
  ).all(...sketch) as { rowid: number }[];
  if (candidates.length === 0) return null;
  const mine = shingleSet(article.paragraphs);
  const read = sql('SELECT id, body FROM articles WHERE rowid = ?');
  for (const { rowid } of candidates) {
    const row = read.get(rowid) as { id: string; body: string } | undefined;
    if (row && isCopy(mine, shingleSet(row.body.split(PARAGRAPH_SEPARATOR)))) return row.id;
  }
  return null;
}

/** Sketches every stored article (a database from before migration 10), a thousand per transaction. */
export function backfillSketches(db: Database.Database): void {
  const read = db.prepare('SELECT rowid, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000');
  const insert = db.prepare('INSERT OR IGNORE INTO article_sketches (hash, article_rowid) VALUES (?, ?)');
  const write = db.transaction((rows: { rowid: number; body: string }[]) => {
    for (const row of rows) for (const hash of bodySketch(row.body.split(PARAGRAPH_SEPARATOR))) insert.run(hash, row.rowid);
  });
  for (let after = 0; ; ) {
    const rows = read.all(after) as { rowid: number; body: string }[];
    if (rows.length === 0) return;
    write(rows);
    after = rows[rows.length - 1]!.rowid;
  }
}
