/**
 * Opening the SQLite file: for writing (WAL, several processes at once) or read-only (a database a
 * reading command may not write, even in a read-only folder), and waiting out another process's lock.
 */

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { OperatorError } from '../errors.js';

/**
 * How long a statement waits for another connection's write lock before SQLITE_BUSY. A bulk load
 * holds it for one transaction of up to 2,000 articles (about a second, more on a busy machine).
 */
export const BUSY_TIMEOUT_MS = 15_000;
/** How long opening waits in all for another process that is migrating the same file (a large one takes minutes). */
export const OPEN_WAIT_MS = 300_000;

/** A database that cannot be opened as asked; its message is one line that says what to do. */
export class StoreOpenError extends OperatorError {
  override name = 'StoreOpenError';
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, _RECOVERY, _TIMEOUT): another connection holds a lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Sleeps this thread (the constructor that opens a store is synchronous, like better-sqlite3). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs a synchronous step again while another connection keeps the database busy, for up to waitMs in all. */
export function retryWhileBusy<T>(step: () => T, waitMs = OPEN_WAIT_MS): T {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

/**
 * Opens (creating) a database for reading and writing in WAL mode. Switching a new file to WAL takes
 * a lock of its own, which SQLite may refuse at once when another process opens the file at the same
 * moment: the switch is retried, and skipped when the file is already in WAL mode.
 */
export function openForWriting(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    retryWhileBusy(() => {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    });
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Bytes 18 and 19 of a database file: its write and read format versions, 2 in WAL mode. */
const FORMAT_OFFSETS = [18, 19] as const;

/**
 * Opens a database that must not be written (SQLite's read-only mode: the connection refuses every
 * write, and no page of the file changes). SQLite still makes the WAL's -shm index and an empty -wal
 * beside the file when the folder lets it. A WAL-mode file in a folder this process may not write,
 * with no -shm beside it, cannot be read in place (SQLite needs the -shm, and better-sqlite3 offers
 * no `immutable` URI), so it is read into memory instead: after a clean close the file holds every
 * committed write. That copy costs the file's size in memory, for one command.
 */
export function openReadOnly(path: string): Database.Database {
  if (!existsSync(path)) throw new StoreOpenError(`no database at ${path}`);
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').get(); // SQLite opens the WAL's files on the first read
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_CANTOPEN') throw error;
    const image = readFileSync(path);
    // A copy in memory has no WAL: marked as a rollback-journal file, SQLite reads it as it is.
    for (const offset of FORMAT_OFFSETS) if (image[offset] === 2) image[offset] = 1;
    return new Database(image, { readonly: true });
  }
}
