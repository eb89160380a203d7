/**
 * How an ingest's writes fail: another process holding the lock (wait and write again), or a store
 * that can take no more (a full disk, a read-only file: the run stops, keeping what it committed).
 */
/** The error code a store's failure carries (SQLite's, such as SQLITE_BUSY or SQLITE_FULL, or the system's), or ''. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Another process holds the database's write lock (SQLITE_BUSY and its extended codes): waiting will do. */
function isBusy(error: unknown): boolean {
  return errorCode(error).startsWith('SQLITE_BUSY');
}

/** Failures after which no write can succeed: the run stops there, keeping what it committed. */
const FATAL_WRITE = /^(SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|PERM)|ENOSPC|EROFS|EDQUOT|EIO)/;

/** Whether a failed write means the store can take no more (a full disk, a read-only or broken file). */
export function isFatalWrite(error: unknown): boolean {
  return FATAL_WRITE.test(errorCode(error));
}

/** Why a fatal write failure stopped the run, in one line. */
export function stopReason(error: unknown): string {
  const code = errorCode(error);
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0] ?? '';
  return `the database could not be written: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`;
}

/** Why a failed write stops a run (a full disk, a read-only database), or null when it does not. */
export function stoppedBy(error: unknown): string | null {
  return isFatalWrite(error) ? stopReason(error) : null;
}

/** A write that stopped the run (see isFatalWrite). */
export class WriteStopped extends Error {}

/**
 * How long a write waits in all for another process's write lock, beyond SQLite's own busy timeout:
 * two bulk loads into one database take turns a transaction at a time.
 */
const BUSY_RETRY_MS = 120_000;

/** Runs a write again, after a growing pause, while another process holds the lock. */
export async function retryWhileBusy<T>(write: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_RETRY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
