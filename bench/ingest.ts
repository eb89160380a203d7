/**
 * The ingest half of the benchmark: streams the corpus through cleaning, quotes and names into a
 * fresh database (a SQLite file or a postgres:// URL), a batch per transaction, and times it; also
 * times cleaning alone on a sample.
 */
import { cleanPage } from '../src/articles/article.js';
import { ingestPages } from '../src/ingest/index.js';
import { openStores } from '../src/store/open.js';
import { CORPUS_NOW, corpusPage } from './corpus.js';
import type { SourcePool } from './sources.js';

export interface IngestFigures {
  articles: number;
  failed: number;
  /** Pages cleaned per second, cleaning alone (one thread, no quotes, no store). */
  cleanPerS: number;
  /** Pages taken all the way (cleaned, quotes and names found, stored and indexed) per second of wall time. */
  ingestPerS: number;
  ingestSeconds: number;
  /** CPU time of the whole process (every thread) per page ingested, in microseconds: less moved by other load on the machine than articles/s. */
  cpuPerPageUs: number;
  /** CPU time of the database server's processes serving this ingest, per page (PostgreSQL; 0 for SQLite, which runs in the process). */
  serverCpuPerPageUs: number;
  avgPageKb: number;
  workers: number;
}

export interface IngestOptions {
  workers: number;
  onProgress?: (done: number) => void;
  stories?: boolean;
  /** Measures the database server's CPU from start() until usedUs() (bench/postgres.ts). */
  serverCpu?: { start(): Promise<{ usedUs(): Promise<number> }> };
}

const CLEAN_SAMPLE = 3000;

/** Cleaning alone, on the corpus's first pages. */
export function timeCleaning(pool: SourcePool, n: number): number {
  const count = Math.min(n, CLEAN_SAMPLE);
  const pages = Array.from({ length: count }, (_, i) => corpusPage(pool, i));
  for (const page of pages.slice(0, 50)) cleanPage(page); // warm-up, untimed
  const started = performance.now();
  for (const page of pages) cleanPage(page);
  const seconds = (performance.now() - started) / 1000;
  return seconds > 0 ? count / seconds : 0;
}

function* pagesOf(pool: SourcePool, n: number, bytes: { total: number }): Generator<ReturnType<typeof corpusPage>> {
  for (let i = 0; i < n; i++) {
    const page = corpusPage(pool, i);
    bytes.total += page.content.length;
    yield page;
  }
}

export async function ingestCorpus(pool: SourcePool, n: number, location: string, options: IngestOptions): Promise<IngestFigures> {
  const cleanPerS = timeCleaning(pool, n);
  const stores = await openStores(location, { now: () => CORPUS_NOW, stories: options.stories ?? true });
  const store = stores.store;
  const bytes = { total: 0 };
  const serverBefore = await options.serverCpu?.start();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await ingestPages(store, pagesOf(pool, n, bytes), {
    workers: options.workers,
    now: () => new Date(CORPUS_NOW),
    onProgress: options.onProgress,
    bulk: true,
  });
  const ingestSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverUs = serverBefore ? await serverBefore.usedUs() : 0;
  await stores.close();
  return {
    articles: report.added + report.updated + report.unchanged,
    failed: report.failed.length,
    cleanPerS,
    ingestPerS: n / ingestSeconds,
    ingestSeconds,
    cpuPerPageUs: (used.user + used.system) / n,
    serverCpuPerPageUs: serverUs / n,
    avgPageKb: bytes.total / n / 1024,
    workers: options.workers,
  };
}
