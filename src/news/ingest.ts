/** Ingest of files and folders: each file read (or reported with its reason), then built and written as pages (src/ingest/). */
import { availableParallelism } from 'node:os';
import type { RawPage } from '../articles/article.js';
import { describeForUser, IN_REPORT } from '../errors.js';
import { type IngestFailure, type IngestOptions, type IngestReport, ingestPages } from '../ingest/index.js';
import { findArticleFiles, readArticleFile } from '../sources/files.js';
import type { Store } from '../store/store.js';

/** Folders of at least this many files are built on worker threads too. */
const WORKER_MIN_FILES = 1000;

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
        unreadable.push({ file, reason: describeForUser(error, IN_REPORT) });
      }
      options.onProgress?.(index + 1, files.length);
    }
  }
  // A big folder is worth the threads' start-up: they build while this thread reads and writes.
  const workers = files.length >= WORKER_MIN_FILES ? Math.max(1, availableParallelism() - 1) : 0;
  const report = await ingestPages(store, pages(), { now: options.now, workers, bulk: workers > 0 });
  const unbuilt = report.failed.map((f) => ({ file: fileOf.get(f.file) ?? f.file, reason: f.reason }));
  const duplicates = (report.duplicates ?? []).map((d) => ({ file: fileOf.get(d.file) ?? d.file, of: d.of }));
  const truncated = (report.truncated ?? []).map((origin) => fileOf.get(origin) ?? origin);
  return { ...report, failed: [...missing, ...unreadable, ...unbuilt], duplicates, ...(truncated.length ? { truncated } : {}) };
}
