/** Ingest: files and folders -> articles -> store. One broken file never stops the rest. */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { articleId, buildArticle, NotAnArticleError, type RawPage } from '../articles/article.js';
import { sha256 } from '../hash.js';
import type { Article } from '../articles/model.js';
import { findArticleFiles, InputFileError, readArticleFile } from '../sources/files.js';
import type { Store, UpsertOutcome } from '../store/store.js';

export interface IngestFailure {
  file: string;
  reason: string;
}

export interface IngestReport {
  added: number;
  updated: number;
  unchanged: number;
  failed: IngestFailure[];
}

export interface IngestOptions {
  maxFileBytes: number;
  /** Called after each file with the count done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

/** The reason a file failed, as shown to the user: our own errors verbatim, anything else summarised. */
export function failureReason(error: unknown): string {
  if (error instanceof InputFileError || error instanceof NotAnArticleError) return error.message;
  return `could not be processed: ${(error as Error).message ?? String(error)}`;
}

/**
 * Ingests files and folders: each file read (or reported with its reason), then built and written in
 * batches like any bulk load. Failures name the path as given.
 */
export async function ingestPaths(store: Store, paths: string[], options: IngestOptions): Promise<IngestReport> {
  const { files, missing } = await findArticleFiles(paths);
  const unreadable: IngestFailure[] = [];
  const fileOf = new Map<string, string>();
  async function* pages(): AsyncGenerator<RawPage> {
    for (const [index, file] of files.entries()) {
      try {
        const page = await readArticleFile(file, options.maxFileBytes);
        fileOf.set(page.origin, file);
        yield page;
      } catch (error) {
        unreadable.push({ file, reason: failureReason(error) });
      }
      options.onProgress?.(index + 1, files.length);
    }
  }
  const report = await ingestPages(store, pages(), { now: options.now });
  const unbuilt = report.failed.map((f) => ({ file: fileOf.get(f.file) ?? f.file, reason: f.reason }));
  return { ...report, failed: [...missing, ...unreadable, ...unbuilt] };
}

export interface PageIngestOptions {
  /** Pages built per transaction (default 250). */
  batchSize?: number;
  /** Threads that clean pages while this one writes (default 0: clean here). */
  workers?: number;
  /** Called after each batch with the count of pages done so far. */
  onProgress?: (done: number) => void;
  now?: () => Date;
}

/** A page built into an article, or the reason it could not be. */
type Built = { ok: true; article: Article } | { ok: false; origin: string; reason: string };

function buildPage(page: RawPage, now: Date): Built {
  try {
    return { ok: true, article: buildArticle(page, now) };
  } catch (error) {
    return { ok: false, origin: page.origin, reason: failureReason(error) };
  }
}

const BUILD_ROLE = 'newsbrief:build-articles';

/** Worker side: builds each batch of pages it is sent and posts the results back in order. */
if (!isMainThread && (workerData as { role?: string } | null)?.role === BUILD_ROLE) {
  parentPort?.on('message', ({ pages, now }: { pages: RawPage[]; now: number }) => {
    parentPort?.postMessage(pages.map((page) => buildPage(page, new Date(now))));
  });
}

/** Threads that build articles, each running this module (through tsx when it is TypeScript). */
class BuildPool {
  private readonly workers: { worker: Worker; waiting: { resolve: (built: Built[]) => void; reject: (error: Error) => void }[] }[];
  private next = 0;

  constructor(size: number) {
    const moduleUrl = import.meta.url;
    const loader = moduleUrl.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null;
    // An eval'd bootstrap, so the worker can register the TypeScript loader before importing this module.
    const bootstrap = `const { workerData } = require('node:worker_threads');
      (async () => {
        if (workerData.loader) (await import(workerData.loader)).register();
        await import(workerData.moduleUrl);
      })();`;
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(bootstrap, { eval: true, workerData: { role: BUILD_ROLE, moduleUrl, loader } });
      const entry = { worker, waiting: [] as { resolve: (built: Built[]) => void; reject: (error: Error) => void }[] };
      // A worker answers its batches in the order they were sent.
      worker.on('message', (built: Built[]) => entry.waiting.shift()?.resolve(built));
      worker.on('error', (error: Error) => {
        for (const waiter of entry.waiting.splice(0)) waiter.reject(error);
      });
      return entry;
    });
  }

  /** Builds a batch on the next worker in turn. */
  build(pages: RawPage[], now: Date): Promise<Built[]> {
    const entry = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      entry.worker.postMessage({ pages, now: now.getTime() });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/**
 * Ingests pages already in memory or streamed (bulk loads, benchmarks): built a batch at a time,
 * optionally on worker threads, and written one transaction per batch. A batch that fails to write
 * is written again article by article, so one bad article costs only itself.
 */
export async function ingestPages(
  store: Pick<Store, 'upsert' | 'upsertMany' | 'contentHash'>,
  pages: Iterable<RawPage> | AsyncIterable<RawPage>,
  options: PageIngestOptions = {},
): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 250;
  const report: IngestReport = { added: 0, updated: 0, unchanged: 0, failed: [] };
  const pool = (options.workers ?? 0) > 0 ? new BuildPool(options.workers!) : null;
  // Batches in flight, in order: workers clean the next ones while this thread writes.
  const inFlight: Promise<Built[]>[] = [];
  const maxInFlight = 2 * (options.workers ?? 0);
  let done = 0;
  const write = async (built: Built[]) => {
    const articles: Article[] = [];
    for (const b of built) {
      if (b.ok) articles.push(b.article);
      else report.failed.push({ file: b.origin, reason: b.reason });
    }
    let outcomes: UpsertOutcome[];
    try {
      outcomes = await store.upsertMany(articles);
    } catch {
      outcomes = [];
      for (const article of articles) {
        try {
          outcomes.push(await store.upsert(article));
        } catch (error) {
          report.failed.push({ file: article.origin, reason: failureReason(error) });
        }
      }
    }
    for (const outcome of outcomes) report[outcome]++;
    done += built.length;
    options.onProgress?.(done);
  };
  try {
    let batch: RawPage[] = [];
    const flush = async () => {
      const now = options.now?.() ?? new Date();
      const pagesToBuild = batch;
      batch = [];
      if (!pool) return write(pagesToBuild.map((page) => buildPage(page, now)));
      inFlight.push(pool.build(pagesToBuild, now));
      if (inFlight.length >= maxInFlight) await write(await inFlight.shift()!);
    };
    for await (const page of pages) {
      // Skip cleaning entirely when the stored article came from identical bytes.
      if ((await store.contentHash(articleId(page.url ?? null, page.origin))) === sha256(page.content)) {
        report.unchanged++;
        continue;
      }
      batch.push(page);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    while (inFlight.length > 0) await write(await inFlight.shift()!);
  } finally {
    await pool?.close();
  }
  return report;
}
