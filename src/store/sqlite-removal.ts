/** Deleting articles: by id (newsbrief remove), by age (prune, RETENTION_DAYS) and by folder (the samples). */
import type Database from 'better-sqlite3';
import { forgetSketch } from './sqlite-copies.js';

/** Ids per statement when deleting many: well under SQLite's limit on bound parameters. */
const CHUNK = 500;

/**
 * Deletes the rows in one transaction. The triggers take each article's full-text entry and name
 * counts with it; its quotes, names, guild scopes and signature go by their foreign keys (ON DELETE
 * CASCADE), its indexed sketch hashes by its signature, read first.
 */
function deleteRows(db: Database.Database, rowids: readonly number[]): void {
  const remove = db.prepare('DELETE FROM articles WHERE rowid = ?');
  const statements = new Map<string, Database.Statement>();
  const sql = (text: string) => statements.get(text) ?? statements.set(text, db.prepare(text)).get(text)!;
  for (const rowid of rowids) {
    forgetSketch(sql, rowid);
    remove.run(rowid);
  }
}

/** Deletes the articles with these ids; returns those that were there, in the order given. */
export function removeArticles(db: Database.Database, ids: readonly string[]): string[] {
  const find = db.prepare('SELECT rowid FROM articles WHERE id = ?').pluck();
  // IMMEDIATE: the write lock before the first read, so another process's commit cannot make it fail (ADR 16).
  return db
    .transaction(() => {
      const removed: string[] = [];
      const rowids: number[] = [];
      for (const id of new Set(ids)) {
        const rowid = find.get(id) as number | undefined;
        if (rowid === undefined) continue;
        rowids.push(rowid);
        removed.push(id);
      }
      deleteRows(db, rowids); // its statements prepared once for all
      return removed;
    })
    .immediate();
}

/**
 * Deletes the articles published before a time, and the undated ones ingested before it (an undated
 * article's age is all the store knows of it); returns how many.
 */
export function removeArticlesBefore(db: Database.Database, before: Date): number {
  const rowids = db
    .prepare(
      `SELECT rowid FROM articles
       WHERE (published IS NOT NULL AND sort_ts < @cut) OR (published IS NULL AND ingested_at < @cutIso)`,
    )
    .pluck()
    .all({ cut: before.getTime(), cutIso: before.toISOString() }) as number[];
  for (let i = 0; i < rowids.length; i += CHUNK) db.transaction(() => deleteRows(db, rowids.slice(i, i + CHUNK))).immediate();
  return rowids.length;
}

/** The articles that came from files under a folder (an absolute path, as origins are stored). */
export function articlesUnder(db: Database.Database, folder: string): { id: string; origin: string }[] {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  // substr, not LIKE: a folder name may hold % or _.
  return db
    .prepare('SELECT id, origin FROM articles WHERE substr(origin, 1, length(@prefix)) = @prefix ORDER BY origin')
    .all({ prefix }) as { id: string; origin: string }[];
}
