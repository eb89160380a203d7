/** Wires the core together once per process: store, summarizer, use cases and commands. */
import type { Command } from './command.js';
import { loadCommands } from './command-registry.js';
import type { Config } from './config.js';
import type { IngestOptions, IngestReport } from './ingest/index.js';
import { createLogger } from './log.js';
import { ingestPaths } from './news/ingest.js';
import { News } from './news/news.js';
import { type SourcesDeps, type SourcesService, sourcesDeps, sourcesService } from './news/sources.js';
import { FollowService } from './schedule/follows.js';
import { BriefingService } from './schedule/service.js';
import type { FollowStore } from './store/follows.js';
import { openStores } from './store/open.js';
import type { ScheduleStore } from './store/schedules.js';
import type { Store } from './store/store.js';
import { createSummarizer } from './summarize/index.js';

export interface App {
  config: Config;
  store: Store;
  news: News;
  schedules: ScheduleStore;
  briefings: BriefingService;
  followStore: FollowStore;
  /** /follow, for the commands. */
  follows: FollowService;
  /** Feeds and web pages: what polling, OPML import and URL ingest work on. */
  sourceDeps: SourcesDeps;
  /** /source, for the commands. */
  sources: SourcesService;
  commands: Map<string, Command>;
  ingest(paths: string[], options?: Partial<IngestOptions>): Promise<IngestReport>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Load the command modules (false for one-shot --json answers, which never render a view). */
  commands?: boolean;
  /**
   * Open the database for reading only (the one-shot reading commands): a read-only file or folder
   * works, nothing is written, and the summary cache is not kept.
   */
  readonly?: boolean;
}

export async function openApp(config: Config, options: OpenOptions = {}): Promise<App> {
  const stores = await openStores(config.dbPath, { recencyHalfLifeDays: config.recencyHalfLifeDays, readonly: options.readonly });
  const store = stores.store;
  try {
    const log = createLogger(config.logLevel);
    const news = new News({ store, summarizer: createSummarizer(config, { store, logger: log }) });
    const sourceDeps = sourcesDeps(config, stores, log);
    const schedules = stores.schedules;
    const briefings = new BriefingService({ store, schedules, news });
    const follows = new FollowService({ follows: stores.follows });
    const commands = options.commands === false ? new Map<string, Command>() : await loadCommands();
    return {
      config,
      store,
      news,
      schedules,
      briefings,
      followStore: stores.follows,
      follows,
      sourceDeps,
      sources: sourcesService(sourceDeps),
      commands,
      ingest: (paths, options) => ingestPaths(store, paths, { maxFileBytes: config.maxFileBytes, ...options }),
      async close() {
        await sourceDeps.pages?.close();
        await stores.close();
      },
    };
  } catch (error) {
    await stores.close();
    throw error;
  }
}
