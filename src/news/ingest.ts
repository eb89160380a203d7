/** Ingest: files and folders -> articles -> store. One broken file never stops the rest. */
import { articleId, buildArticle, NotAnArticleError, sha256 } from '../articles/article.js';
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
function failureReason(error: unknown): string {
  if (error instanceof InputFileError || error instanceof NotAnArticleError) return error.message;
  return `could not be processed: ${(error as Error).message ?? String(error)}`;
}

/** Ingests one file; returns what happened to its article. */
async function ingestFile(store: Store, file: string, options: IngestOptions): Promise<UpsertOutcome> {
  const page = await readArticleFile(file, options.maxFileBytes);
  // Skip cleaning entirely when the stored article came from identical bytes.
  if ((await store.contentHash(articleId(null, page.origin))) === sha256(page.content)) return 'unchanged';
  return store.upsert(buildArticle(page, options.now?.() ?? new Date()));
}

export async function ingestPaths(store: Store, paths: string[], options: IngestOptions): Promise<IngestReport> {
  const { files, missing } = await findArticleFiles(paths);
  const report: IngestReport = { added: 0, updated: 0, unchanged: 0, failed: [...missing] };
  for (const [index, file] of files.entries()) {
    try {
      report[await ingestFile(store, file, options)]++;
    } catch (error) {
      report.failed.push({ file, reason: failureReason(error) });
    }
    options.onProgress?.(index + 1, files.length);
  }
  return report;
}
