/** Ingest: pages built into articles (on worker threads when there are many) and written to a store in order. */
export {
  type IngestDuplicate,
  type IngestFailure,
  type IngestOptions,
  type IngestReport,
  ingestPages,
  type PageIngestOptions,
} from './pages.js';
export { isFatalWrite, stoppedBy } from './write-failures.js';
