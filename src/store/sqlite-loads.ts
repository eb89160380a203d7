/**
 * Bulk loads in progress, noted in store_state (migration 8) so that several processes loading one
 * file respect each other (see SqliteStore.bulkLoad): only a load that is alone writes without
 * syncing, merging resumes when the last load ends, and a store that opens does not check or undo
 * the settings of a load that is still running. A note names its process (host, boot, pid), so a
 * note left by a process that died, or by a machine that stopped, is told apart from a live one.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';

const NOTE_PREFIX = 'bulk_load:';
/** The note of an unsynced first load written by a version that did not name its process. */
export const LEGACY_UNSYNCED_NOTE = 'unsynced_load';

export interface LoadNote {
  host: string;
  /** The kernel's boot id (Linux), so a note from before a restart is never taken for a live load. */
  boot: string | null;
  pid: number;
  started: string;
  /** Written without syncing (a first load): a machine that stopped meanwhile may have damaged the file. */
  unsynced: boolean;
}

export interface NotedLoad {
  key: string;
  note: LoadNote;
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Whether the process that wrote a note is still running (on this machine, since its last boot). */
export function isLive(note: LoadNote): boolean {
  return note.host === hostname() && note.boot === bootId() && processAlive(note.pid);
}

/** Every load noted in the database, the legacy note read as an unsynced load of a process long gone. */
export function notedLoads(db: Database.Database): NotedLoad[] {
  const rows = db
    .prepare(`SELECT key, value FROM store_state WHERE key = ? OR key LIKE ? || '%'`)
    .all(LEGACY_UNSYNCED_NOTE, NOTE_PREFIX) as {
    key: string;
    value: string;
  }[];
  return rows.map(({ key, value }) => {
    if (key === LEGACY_UNSYNCED_NOTE) return { key, note: { host: '', boot: null, pid: 0, started: value, unsynced: true } };
    try {
      return { key, note: JSON.parse(value) as LoadNote };
    } catch {
      return { key, note: { host: '', boot: null, pid: 0, started: value, unsynced: true } };
    }
  });
}

/** Notes a load of this process (inside the caller's transaction) and returns its key. */
export function noteLoad(db: Database.Database, started: Date, unsynced: boolean): string {
  const key = `${NOTE_PREFIX}${hostname()}:${process.pid}:${started.getTime()}:${Math.random().toString(36).slice(2, 8)}`;
  const note: LoadNote = { host: hostname(), boot: bootId(), pid: process.pid, started: started.toISOString(), unsynced };
  db.prepare(`INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)`).run(key, JSON.stringify(note));
  return key;
}

export function dropNote(db: Database.Database, key: string): void {
  db.prepare(`DELETE FROM store_state WHERE key = ?`).run(key);
}

const PENDING_PREFIX = 'stories_pending:';

/** A bulk load's articles whose stories are not settled yet: rows from `from` on may still join a story. */
export interface PendingStories {
  host: string;
  boot: string | null;
  pid: number;
  from: number;
}

/** Notes (or moves) where this process's unsettled stories begin, under `key` from pendingStoriesKey. */
export function notePendingStories(sql: (text: string) => Database.Statement, key: string, from: number): void {
  const note: PendingStories = { host: hostname(), boot: bootId(), pid: process.pid, from };
  sql(`INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)`).run(key, JSON.stringify(note));
}

/** A new key for a bulk load's pending-stories note. */
export function pendingStoriesKey(): string {
  return `${PENDING_PREFIX}${hostname()}:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The first article row whose story a live bulk load may still change (Infinity when none): a reader
 * that acts once per story (a follow) stops before it. A note of a process that died is passed over.
 */
export function firstPendingStory(db: Database.Database): number {
  const rows = db.prepare(`SELECT value FROM store_state WHERE key LIKE ? || '%'`).all(PENDING_PREFIX) as { value: string }[];
  let first = Number.POSITIVE_INFINITY;
  for (const { value } of rows) {
    try {
      const note = JSON.parse(value) as PendingStories;
      if (isLive({ ...note, started: '', unsynced: false })) first = Math.min(first, note.from);
    } catch {
      // Not ours to read: no load holds it.
    }
  }
  return first;
}
