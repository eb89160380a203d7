/**
 * Keeping an index what the operator means it to be: the folder indexed on start mirrored (a deleted
 * file's article goes too), the samples kept out of real databases, and old articles pruned.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeError, type Logger } from '../log.js';
import type { Store } from '../store/store.js';

const DAY_MS = 86_400_000;
/** How often the running bot applies its retention. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** The folder as origins are stored (files are stored by their real path); null when it does not exist. */
async function storedFolder(folder: string): Promise<string | null> {
  return realpath(resolve(folder)).catch(() => null);
}

/**
 * Removes the articles that came from files under a folder but are not among the files it holds
 * now (their file was deleted or renamed); returns their ids.
 */
export async function removeVanished(store: Store, folder: string, present: ReadonlySet<string>): Promise<string[]> {
  const root = await storedFolder(folder);
  if (!root) return [];
  const gone = (await store.articlesUnder(root)).filter((a) => !present.has(a.origin));
  return gone.length ? store.remove(gone.map((a) => a.id)) : [];
}

/** Removes every article that came from files under a folder (the samples, from a database that is not the demo's). */
export async function removeFolder(store: Store, folder: string): Promise<number> {
  return (await removeVanished(store, folder, new Set())).length;
}

/** The moment before which an article is older than `days` days. */
export function retentionCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Deletes the articles older than `days` days; returns how many. */
export async function prune(store: Store, days: number, now: Date = new Date()): Promise<number> {
  return store.removeOlderThan(retentionCutoff(days, now));
}

export interface Retention {
  stop(): void;
}

/** Applies RETENTION_DAYS now and then every RETENTION_INTERVAL_MS while the bot runs. */
export function startRetention(store: Store, days: number, log: Logger, now: () => Date = () => new Date()): Retention {
  const run = async () => {
    try {
      const removed = await prune(store, days, now());
      if (removed > 0) log.info(`retention: removed ${removed} articles older than ${days} days`);
    } catch (error) {
      log.error(`retention: ${describeError(error)}`);
    }
  };
  void run();
  const timer = setInterval(() => void run(), RETENTION_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
