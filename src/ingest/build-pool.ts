/**
 * Pages built into articles on worker threads: each worker runs this module, and a batch sent to one
 * is claimed in memory both threads share, so the writing thread may build it first (see pages.ts).
 */
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { buildArticles, type RawPage } from '../articles/article.js';
import type { Article } from '../articles/model.js';
import { describeForUser, IN_REPORT } from '../errors.js';
import { isModuleWorker, startModuleWorker } from '../module-worker.js';
import { storyTerms } from '../stories/terms.js';

/** A page built into an article, or the reason it could not be. */
export type Built = { ok: true; article: Article } | { ok: false; origin: string; reason: string };

/** A batch of pages built into articles (stage by stage, see buildArticles), each failure with its reason. */
export function buildPages(pages: readonly RawPage[], now: Date): Built[] {
  return buildArticles(pages, now).map((built, i) => {
    if (!built.ok) return { ok: false, origin: pages[i]!.origin, reason: describeForUser(built.error, IN_REPORT) };
    // Read here, on a build thread, what story grouping needs: the writing thread is the one an ingest waits on.
    built.article.storyTerms = storyTerms(built.article);
    return built;
  });
}

const BUILD_ROLE = 'newsbrief:build-articles';

/**
 * Who builds a batch sent to a worker, settled once in memory both threads share: the worker when it
 * comes to the batch, or the writing thread if it gets there first (see writePages).
 */
export const UNCLAIMED = 0;
const CLAIMED_BY_WORKER = 1;
export const CLAIMED_HERE = 2;

/** Worker side: builds each batch of pages it is sent, unless claimed meanwhile, and answers in order (null: skipped). */
if (!isMainThread && isModuleWorker(workerData, BUILD_ROLE)) {
  parentPort?.on('message', ({ pages, now, claim }: { pages: RawPage[]; now: number; claim: Int32Array }) => {
    const mine = Atomics.compareExchange(claim, 0, UNCLAIMED, CLAIMED_BY_WORKER) === UNCLAIMED;
    parentPort?.postMessage(mine ? buildPages(pages, new Date(now)) : null);
  });
}

/** A worker's answer for a batch: its articles, or null when the writing thread claimed it first. */
type WorkerAnswer = Built[] | null;

/** Threads that build articles, each running this module (through tsx when it is TypeScript). */
export class BuildPool {
  private readonly workers: { worker: Worker; waiting: { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }[] }[];
  private next = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startModuleWorker(import.meta.url, BUILD_ROLE);
      const entry = { worker, waiting: [] as { resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }[] };
      // A worker answers its batches in the order they were sent.
      worker.on('message', (answer: WorkerAnswer) => entry.waiting.shift()?.resolve(answer));
      worker.on('error', (error: Error) => {
        for (const waiter of entry.waiting.splice(0)) waiter.reject(error);
      });
      return entry;
    });
  }

  /** Builds a batch on the next worker in turn, unless the claim is taken before the worker comes to it. */
  build(pages: RawPage[], now: Date, claim: Int32Array): Promise<WorkerAnswer> {
    const entry = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      entry.worker.postMessage({ pages, now: now.getTime(), claim });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
