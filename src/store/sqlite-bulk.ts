/**
 * Bulk loads in the SQLite store: index merging held off while a load writes, the first load into a
 * new database written without syncing, and the notes that let a later open settle a load that died.
 */
import type Database from 'better-sqlite3';
import { dropNote, isLive, notedLoads, noteLoad } from './sqlite-loads.js';
import { retryWhileBusy, StoreOpenError } from './sqlite-open.js';
import { BULK_WAL_CHECKPOINT_PAGES, SQLITE_WAL_CHECKPOINT_PAGES, setIndexMerging } from './sqlite-writes.js';

/** A bulk load in progress in this process (see SqliteStore.bulkLoad). */
interface BulkLoad {
  /** Its note in store_state. */
  key: string;
  /** Articles stored when it began. */
  before: number;
  /** Writing without syncing (a first load, alone). */
  unsynced: boolean;
}

export class BulkLoads {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: (text: string) => Database.Statement,
    private readonly now: () => number,
  ) {}

  /**
   * FTS5 merges its index segments a little on every commit (automerge), which a bulk load pays for
   * again and again as segments grow. Here merging waits: afterwards, when the load wrote at least
   * half of the index, it is merged into one segment (a few seconds per 100,000 articles, and the
   * quickest index to search); otherwise automerge resumes and catches up over the next writes.
   * Measured on 20,000 articles: 0.83 -> 0.72 ms per article written, merge included; holding off
   * crisis merges and checkpointing the WAL less often then took 0.48 -> 0.40 ms.
   *
   * A first load (into a store holding no articles, feeds or schedules) also writes without waiting
   * for the disk (see beginUnsyncedLoad): there is nothing older to lose, and the load is made
   * durable in one go at its end.
   */
  async run<T>(run: () => Promise<T>): Promise<T> {
    const load = this.beginLoad();
    let result: T;
    try {
      result = await run();
    } catch (error) {
      try {
        this.endLoad(load);
      } catch {
        // The load's own error is the one to report (a full disk fails both); the next open settles the load.
      }
      throw error;
    }
    this.endLoad(load);
    return result;
  }

  /**
   * Notes the load and holds merging off, in one transaction that decides whether it writes unsynced:
   * only a first load (no articles, feeds or schedules) that no other process is loading alongside.
   * Two loads at once each keep their own synchronous setting (it is per connection); the merging
   * settings live in the file, so they are shared, and the last load to end restores them.
   */
  private beginLoad(): BulkLoad {
    const begin = this.db.transaction((): BulkLoad => {
      const before = this.countNow();
      const alone = notedLoads(this.db).every(({ note }) => !isLive(note));
      const unsynced = before === 0 && alone && !this.holdsFeedsOrSchedules();
      setIndexMerging(this.db, false);
      return { key: noteLoad(this.db, new Date(this.now()), unsynced), before, unsynced };
    });
    const load = retryWhileBusy(() => begin.immediate());
    this.db.pragma(`wal_autocheckpoint = ${BULK_WAL_CHECKPOINT_PAGES}`);
    if (load.unsynced) load.unsynced = this.beginUnsyncedLoad();
    return load;
  }

  /**
   * Ends a load: synced again, its note removed, and, when no other load is running, merging back on
   * and (when the load wrote at least half of the index) the index merged into one segment.
   */
  private endLoad(load: BulkLoad): void {
    this.db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`);
    const synced = !load.unsynced || this.endUnsyncedLoad();
    const end = this.db.transaction((): boolean => {
      // Not synced (a reader kept the checkpoint short): the note stays as a load that ended, for the next open to check.
      if (synced) dropNote(this.db, load.key);
      else this.db.prepare(`UPDATE store_state SET value = json_set(value, '$.pid', 0) WHERE key = ?`).run(load.key);
      const last = notedLoads(this.db).every(({ key, note }) => key === load.key || !isLive(note));
      if (last) setIndexMerging(this.db, true);
      return last;
    });
    const last = retryWhileBusy(() => end.immediate());
    if (last && this.countNow() >= 2 * load.before) {
      retryWhileBusy(() => this.db.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`));
    }
  }

  private countNow(): number {
    return (this.sql('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  }

  /** Whether the store holds a feed or a schedule (with no articles either, it is a new database). */
  private holdsFeedsOrSchedules(): boolean {
    return this.db.prepare(`SELECT EXISTS (SELECT 1 FROM feeds) OR EXISTS (SELECT 1 FROM schedules)`).pluck().get() === 1;
  }

  /**
   * Turns syncing off for a first load. With synchronous = NORMAL, every WAL checkpoint waits for
   * the disk (fsync) while the writer stands still: at 100,000 articles the load went from 1,539 to
   * 1,780 articles/s without it. The risk is only to a machine that crashes or loses power during the
   * load (a process that dies loses nothing SQLite was handed): the database may then be damaged. So
   * the load's note (beginLoad) is made to reach the disk before anything unsynced is written; a store
   * that opens on the note of a load that is not running checks the database (see settleEndedLoads).
   * False, and the load stays synced, when a reader kept the note from reaching the database file.
   */
  private beginUnsyncedLoad(): boolean {
    if (!this.syncEverything()) return false;
    this.db.pragma('synchronous = OFF');
    return true;
  }

  /** Syncs again, and makes everything the load wrote reach the disk; false when a reader stopped that short. */
  private endUnsyncedLoad(): boolean {
    this.db.pragma('synchronous = NORMAL');
    return this.syncEverything();
  }

  /**
   * Copies the whole WAL into the database and empties it (a TRUNCATE checkpoint, under synchronous =
   * NORMAL: the WAL is synced first and the database file after). False when a reader kept it from
   * copying everything, so the database file was not synced.
   */
  private syncEverything(): boolean {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result !== undefined && result.busy === 0 && result.log === result.checkpointed;
  }

  /**
   * On open, the notes of loads that are no longer running (their process died, or the machine
   * stopped): after an unsynced one the machine may have stopped mid-load, so the database is checked.
   * Whole, it is kept as it is (the articles written so far stay); damaged, it cannot be used, and the
   * error says what to do. When no load is running, merging a dead load left off is turned back on.
   * Notes of loads still running in other processes are left alone, and so are their settings.
   */
  settleEndedLoads(path: string): void {
    const loads = notedLoads(this.db);
    const ended = loads.filter(({ note }) => !isLive(note));
    for (const { key, note } of ended) {
      if (note.unsynced) {
        this.checkIntact(path, note.started);
        this.syncEverything();
      }
      dropNote(this.db, key);
    }
    const automerge = this.db.prepare(`SELECT v FROM articles_fts_config WHERE k = 'automerge'`).get() as { v: number } | undefined;
    if (automerge?.v !== 0) return;
    this.db
      .transaction(() => {
        if (notedLoads(this.db).every(({ note }) => !isLive(note))) setIndexMerging(this.db, true);
      })
      .immediate();
  }

  /** Refuses a database that an unsynced load left damaged. */
  private checkIntact(path: string, started: string): void {
    let problems: string[];
    try {
      problems = (this.db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
    } catch (error) {
      problems = [(error as Error).message]; // damage bad enough that the check itself stops
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new StoreOpenError(
        `the database ${path} was damaged during its first load (started ${started}), which wrote without syncing ` +
          `and never finished: ${problems.slice(0, 3).join('; ')}. Delete it and load the articles again.`,
      );
    }
  }
}
