/**
 * Ingest of pages: built a batch at a time (here or on worker threads, build-pool.ts) and written in
 * order, a batch or a bulk load's transaction at a time. One broken page never stops the rest.
 */
import { articleId, type RawPage } from '../articles/article.js';
import type { Article } from '../articles/model.js';
import { describeForUser, IN_REPORT } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Store, UpsertOutcome } from '../store/store.js';
import { BuildPool, type Built, buildPages, CLAIMED_HERE, UNCLAIMED } from './build-pool.js';
import { isFatalWrite, retryWhileBusy, stopReason, WriteStopped } from './write-failures.js';

export interface IngestFailure {
  file: string;
  reason: string;
}

/** A page not stored because it is a copy of a stored article (the same page under another file or format). */
export interface IngestDuplicate {
  file: string;
  /** The id of the article it copies. */
  of: string;
}

export interface IngestReport {
  added: number;
  updated: number;
  unchanged: number;
  failed: IngestFailure[];
  /** Pages found to be copies of a stored article, and not stored again (file ingests report them). */
  duplicates?: IngestDuplicate[];
  /** Pages longer than any article, stored cut to their beginning (articles/article.ts MAX_BODY_CHARS). */
  truncated?: string[];
  /**
   * Why the run stopped before its end: the store could take no more writes (a full disk, a read-only
   * database). The counts are what it had committed by then.
   */
  stopped?: string;
}

export interface IngestOptions {
  maxFileBytes: number;
  /** Called after each file with the count done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

function emptyReport(): IngestReport {
  return { added: 0, updated: 0, unchanged: 0, failed: [], duplicates: [] };
}

export interface PageIngestOptions {
  /** Pages built at a time, on a worker or here (default 250). */
  batchSize?: number;
  /** Built articles written per transaction (default: one batch; a bulk load, BULK_TRANSACTION_ARTICLES). */
  transactionSize?: number;
  /** Threads that clean pages while this one writes (default 0: clean here). */
  workers?: number;
  /** Called after each write transaction with the count of pages done so far. */
  onProgress?: (done: number) => void;
  now?: () => Date;
  /** Many pages: load them as a bulk load (Store.bulkLoad). */
  bulk?: boolean;
}

/**
 * Articles a bulk load writes per transaction. FTS5 writes each transaction's terms as one segment
 * (see setIndexMerging), and the load's final merge of N segments costs more the larger N is (a
 * tournament over N doclists for every entry): 400 segments of 250 articles took 7.8 s to merge at
 * 100,000 articles, 50 of 2,000 took 5.0 s, and the load went from 1,780 to 1,985 articles/s (measured
 * with 2,000-page batches; built 250 at a time, as now, the worker's queue had to grow to match, see
 * WORKER_QUEUE).
 */
const BULK_TRANSACTION_ARTICLES = 2000;

/**
 * Batches queued on each worker: enough to keep it busy while this thread writes a transaction (up to
 * BULK_TRANSACTION_ARTICLES, ~0.6 s) and builds a batch of its own. At 100,000 articles, 10 against 6:
 * 2,039, 1,979 and 2,021 articles/s against 1,947 and 1,951 (14: 1,992 and 2,029).
 */
const WORKER_QUEUE = 10;

/** A batch on its way to the store: sent to a worker (which may not have started it) or not yet, or built. */
interface Batch {
  pages: RawPage[];
  now: Date;
  built: Built[] | null;
  /**
   * Once sent to a worker: who builds it (UNCLAIMED, CLAIMED_BY_WORKER, CLAIMED_HERE), shared with
   * the worker, and its answer, settled when the worker has built it or skipped it as claimed here.
   */
  sent: { claim: Int32Array; answered: Promise<void> } | null;
}

/**
 * Ingests pages already in memory or streamed (bulk loads, benchmarks): built a batch at a time,
 * optionally on worker threads, and written in order, a batch per transaction (in a bulk load,
 * several: see BULK_TRANSACTION_ARTICLES). Rather than wait for a worker, this thread builds a queued
 * batch itself, so both cores stay busy whichever of building and writing is the slower. A
 * transaction that fails is written again article by article, so one bad article costs only itself;
 * one that finds the database locked by another process is written again whole, once it is free; one
 * that fails as no later write can succeed (a full disk) stops the run, which reports what it
 * committed and why it stopped.
 */
export async function ingestPages(
  store: Pick<Store, 'upsert' | 'upsertMany' | 'contentHash' | 'count' | 'bulkLoad'>,
  pages: Iterable<RawPage> | AsyncIterable<RawPage>,
  options: PageIngestOptions = {},
): Promise<IngestReport> {
  if (!options.bulk) return writePages(store, pages, options);
  let report: IngestReport | undefined;
  try {
    return await store.bulkLoad(async () => (report = await writePages(store, pages, options)));
  } catch (error) {
    // Beginning or ending the load failed the same way (a full disk fails its last writes too): what was committed stands.
    if (!isFatalWrite(error)) throw error;
    return { ...(report ?? emptyReport()), stopped: report?.stopped ?? stopReason(error) };
  }
}

/** The pages' batches built and written in order (ingestPages, inside or outside a bulk load). */
async function writePages(
  store: Pick<Store, 'upsert' | 'upsertMany' | 'contentHash' | 'count'>,
  pages: Iterable<RawPage> | AsyncIterable<RawPage>,
  options: PageIngestOptions,
): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 250;
  const transactionSize = options.transactionSize ?? (options.bulk ? BULK_TRANSACTION_ARTICLES : batchSize);
  const report = emptyReport();
  const workers = options.workers ?? 0;
  const pool = workers > 0 ? new BuildPool(workers) : null;
  // Batches in order: up to WORKER_QUEUE per worker are on workers (enough to keep them busy while a
  // batch is written), and a few more wait for whichever thread is free first.
  const queue: Batch[] = [];
  const queueLimit = (WORKER_QUEUE + 2) * workers;
  let done = 0;
  // Built batches wait here, in order, until a transaction's worth is ready.
  let unwritten: Built[] = [];
  const writeUnwritten = async () => {
    const built = unwritten;
    unwritten = [];
    const articles: Article[] = [];
    for (const b of built) {
      if (!b.ok) report.failed.push({ file: b.origin, reason: b.reason });
      else {
        articles.push(b.article);
        if (b.article.truncated) (report.truncated ??= []).push(b.article.origin);
      }
    }
    // A copy of a stored page is written as nothing ('unchanged'), and reported as what it copies.
    let copies: IngestDuplicate[] = [];
    const onCopy = (article: Article, of: string) => copies.push({ file: article.origin, of });
    const count = (outcomes: UpsertOutcome[]) => {
      for (const outcome of outcomes) report[outcome]++;
      report.unchanged -= copies.length;
      report.duplicates!.push(...copies);
      copies = [];
    };
    try {
      count(await retryWhileBusy(() => ((copies = []), store.upsertMany(articles, { onCopy }))));
    } catch (error) {
      if (isFatalWrite(error)) throw new WriteStopped(stopReason(error));
      copies = [];
      for (const article of articles) {
        try {
          count([await retryWhileBusy(() => store.upsert(article, { onCopy }))]);
        } catch (error) {
          if (isFatalWrite(error)) throw new WriteStopped(stopReason(error));
          report.failed.push({ file: article.origin, reason: describeForUser(error, IN_REPORT) });
        }
      }
    }
    done += built.length;
    options.onProgress?.(done);
  };
  const write = async (built: Built[]) => {
    for (const b of built) unwritten.push(b);
    if (unwritten.length >= transactionSize) await writeUnwritten();
  };
  const buildHere = (batch: Batch) => {
    batch.built = buildPages(batch.pages, batch.now);
  };
  const dispatch = () => {
    if (!pool) return;
    let onWorkers = queue.filter((b) => b.sent && !b.built).length;
    for (const batch of queue) {
      if (onWorkers >= WORKER_QUEUE * workers) return;
      if (batch.built || batch.sent) continue;
      onWorkers++;
      const claim = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
      const answered = pool.build(batch.pages, batch.now, claim).then((answer) => {
        if (answer) batch.built = answer;
      });
      batch.sent = { claim, answered };
    }
  };
  // A batch this thread may build: one never sent to a worker, or one its worker has not started.
  const claimHere = (batch: Batch) => !batch.sent || Atomics.compareExchange(batch.sent.claim, 0, UNCLAIMED, CLAIMED_HERE) === UNCLAIMED;
  // Writes the oldest batch. Until it is built, this thread builds the oldest batch nobody has
  // started (the head itself, when its worker has not come to it), rather than wait: at the end of a
  // load that splits the worker's backlog between both threads.
  const writeOldest = async () => {
    const head = queue[0]!;
    while (!head.built) {
      const next = queue.find((b) => !b.built && claimHere(b));
      if (!next) break;
      buildHere(next);
      if (!head.built) await new Promise((resolve) => setImmediate(resolve)); // let a worker's answer land
    }
    if (!head.built) await head.sent!.answered; // not claimable here, so its worker is building it
    queue.shift();
    dispatch();
    await write(head.built!);
  };
  try {
    let pagesToBuild: RawPage[] = [];
    const flush = async () => {
      queue.push({ pages: pagesToBuild, now: options.now?.() ?? new Date(), built: null, sent: null });
      pagesToBuild = [];
      dispatch();
      if (queue.length > queueLimit) await writeOldest();
    };
    // Into an empty store (a first load), no page can be unchanged but a repeat of an earlier one, which
    // is then written as unchanged all the same: the look-up (~8 µs a page) is skipped.
    const mayBeStored = (await store.count()) > 0;
    for await (const page of pages) {
      // Skip cleaning entirely when the stored article came from identical bytes (hashed only when there is one).
      const stored = mayBeStored ? await store.contentHash(articleId(page.url ?? null, page.origin)) : null;
      if (stored !== null && stored === sha256(page.content)) {
        report.unchanged++;
        continue;
      }
      pagesToBuild.push(page);
      if (pagesToBuild.length >= batchSize) await flush();
    }
    if (pagesToBuild.length > 0) await flush();
    while (queue.length > 0) await writeOldest();
    if (unwritten.length > 0) await writeUnwritten();
  } catch (error) {
    if (!(error instanceof WriteStopped)) throw error;
    report.stopped = error.message;
  } finally {
    await pool?.close();
  }
  return report;
}
