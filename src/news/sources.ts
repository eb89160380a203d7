/**
 * Feeds and web pages as sources: add/list/remove feeds, import OPML, ingest one URL, and poll due
 * feeds, turning new items into stored articles once each (dedupe by canonical URL, guid and body).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { NotAnArticleError } from '../articles/article.js';
import type { Config } from '../config.js';
import { describeForUser, FOR_OPERATOR, IN_REPORT } from '../errors.js';
import type { IngestReport } from '../ingest/index.js';
import { describeError, type Logger } from '../log.js';
import { redactUrl } from '../redact.js';
import { discoverFeedLinks, type Feed, FeedError } from '../sources/feeds.js';
import { bodyText, type Resolved } from '../sources/fetch.js';
import { MAX_OPML_FEEDS, OpmlError, parseOpmlList } from '../sources/opml.js';
import {
  type FeedBody,
  type FeedOrigin,
  type FeedRecord,
  type ItemResult,
  type PollPolicy,
  type PollReport,
  pollDueFeeds,
} from '../sources/poller.js';
import { canonicalUrl } from '../sources/urls.js';
import { FEED_ACCEPT, fetchDocument, fetchUndecoded, PAGE_ACCEPT, type WebDocument } from '../sources/web.js';
import type { FeedStore } from '../store/feeds.js';
import type { Stores } from '../store/open.js';
import type { ScheduleStore } from '../store/schedules.js';
import type { Store } from '../store/store.js';
import {
  articleFromPage,
  bodyHashOf,
  fetchedPage,
  fetchOptions,
  type ItemScope,
  indexItem,
  nowOf,
  pagesOf,
  SourceError,
} from './feed-items.js';
import { takeReplyNotices } from './feed-notices.js';
import { type PageBuilder, WorkerPageBuilder } from './page-builder.js';
import { enableFeedOf, exportOpml, type GuildImportReport, importOpmlFrom, type OpmlExport } from './source-lists.js';

export { SourceError } from './feed-items.js';

export interface SourcesDeps {
  store: Store;
  feeds: FeedStore;
  fetch: {
    maxBytes: number;
    timeoutMs: number;
    allowLoopback: boolean | readonly number[];
    resolve?: (host: string) => Promise<Resolved[]>;
  };
  pollIntervalMs: number;
  /** Operator feeds (JSON, docs/sources.md); absent or missing means none. */
  sourcesFile?: string;
  /** Largest OPML file read. */
  maxFileBytes?: number;
  /** Briefing schedules: a server with an active one gets disabled-feed notices in its channel, else in /source answers. */
  schedules?: Pick<ScheduleStore, 'listSchedules'>;
  now?: () => number;
  log?: Logger;
  policy?: Partial<PollPolicy>;
  /** Feeds polled at the same time (default 4). */
  concurrency?: number;
  /**
   * Where fetched pages become articles and feeds are parsed: a worker thread in the app, so a huge
   * page never holds up Discord's answers; in-process when absent (tests).
   */
  pages?: PageBuilder;
}

export const MAX_FEEDS_PER_GUILD = 50;
// Undated items of a feed's first poll are dated this far back, so the backlog does not flood the next briefing.
// Feed content shorter than this is a teaser, not an article to fall back on.

const MAX_ITEMS_PER_INGEST = 100;
const POLL_TICK_MS = 30_000;

/** Deps for the app: the opened stores (articles and feed state), limits from the config. */
export function sourcesDeps(
  config: Config,
  stores: Pick<Stores, 'store' | 'feeds'> & Partial<Pick<Stores, 'schedules'>>,
  log?: Logger,
): SourcesDeps {
  return {
    store: stores.store,
    feeds: stores.feeds,
    schedules: stores.schedules,
    fetch: { maxBytes: config.fetch.maxBytes, timeoutMs: config.fetch.timeoutMs, allowLoopback: config.fetch.allowLoopback },
    pollIntervalMs: config.sources.pollIntervalMs,
    sourcesFile: config.sources.file,
    maxFileBytes: config.maxFileBytes,
    log,
    pages: new WorkerPageBuilder(),
  };
}

function requireHttpUrl(text: string): string {
  const url = canonicalUrl(text);
  if (!url) throw new SourceError(`"${redactUrl(text).slice(0, 200)}" is not a web address (expected http:// or https://)`);
  return url;
}

/** Fetches a URL that should be a feed; a page that links a feed leads to that feed. */
async function resolveFeed(deps: SourcesDeps, url: string): Promise<{ url: string; feed: Feed }> {
  const document = await fetchDocument(url, fetchOptions(deps, { accept: FEED_ACCEPT }));
  if (document.kind === 'feed') return { url, feed: await pagesOf(deps).parseFeed(document.text, url) };
  const [linked] = discoverFeedLinks(document.text, document.url);
  if (!linked) throw new SourceError(`${url} is not an RSS, Atom or JSON feed, and the page links none`);
  const feedDocument = await fetchDocument(linked, fetchOptions(deps, { accept: FEED_ACCEPT }));
  if (feedDocument.kind !== 'feed') throw new SourceError(`${linked} (linked from ${url}) is not an RSS, Atom or JSON feed`);
  return { url: linked, feed: await pagesOf(deps).parseFeed(feedDocument.text, linked) };
}

export interface AddedFeed {
  feed: FeedRecord;
  created: boolean;
  items: number;
}

/** Adds a feed for a guild (or the operator, for null) after checking it really is one; it is polled soon after. */
export async function addFeed(
  deps: SourcesDeps,
  request: { url: string; guildId: string | null; createdBy?: string | null; origin?: FeedOrigin },
): Promise<AddedFeed> {
  const url = requireHttpUrl(request.url);
  if (request.guildId !== null) {
    if ((await deps.feeds.listFeeds(null)).some((f) => f.url === url)) {
      throw new SourceError(`${url} is already an operator-wide feed; its articles are already here`);
    }
    if ((await deps.feeds.countFeeds(request.guildId)) >= MAX_FEEDS_PER_GUILD) {
      throw new SourceError(`this server already has ${MAX_FEEDS_PER_GUILD} feeds; remove one first`);
    }
  }
  const resolved = await resolveFeed(deps, url);
  const { feed, created } = await deps.feeds.addFeed(
    {
      guildId: request.guildId,
      url: resolved.url,
      origin: request.origin ?? 'command',
      title: resolved.feed.title,
      intervalMs: deps.pollIntervalMs,
      createdBy: request.createdBy ?? null,
    },
    nowOf(deps),
  );
  // It was just fetched: a shared source another server let fail is enabled again too.
  if (feed.status === 'disabled') await deps.feeds.enableFeed(feed.id, nowOf(deps));
  return { feed, created, items: resolved.feed.items.length };
}

export interface FeedListing {
  feeds: FeedRecord[];
  /** How many operator-wide feeds every guild also sees. */
  operatorFeeds: number;
}

/** The service /source uses (CommandContext.sources). */
export interface SourcesService {
  add(url: string, caller: { guildId: string | null; userId: string | null }): Promise<AddedFeed>;
  list(guildId: string | null): Promise<FeedListing>;
  remove(id: number, guildId: string | null): Promise<boolean>;
  /** Re-enables a disabled feed of this scope; null when it has no such feed. */
  enable(id: number, guildId: string | null): Promise<{ feed: FeedRecord; wasDisabled: boolean } | null>;
  /** Subscribes to the feeds of the OPML file at this address (an attachment's), within the server's feed limit. */
  importOpml(url: string, caller: { guildId: string | null; userId: string | null }): Promise<GuildImportReport>;
  exportOpml(guildId: string | null): Promise<OpmlExport>;
  /** The disabled feeds this server's answer tells about, claimed (none when its briefing channel gets them). */
  notices(guildId: string | null): Promise<FeedRecord[]>;
}

const NO_SCHEDULES: Pick<ScheduleStore, 'listSchedules'> = { listSchedules: async () => [] };

export function sourcesService(deps: SourcesDeps): SourcesService {
  return {
    add: (url, caller) => addFeed(deps, { url, guildId: caller.guildId, createdBy: caller.userId }),
    async list(guildId) {
      return { feeds: await deps.feeds.listFeeds(guildId), operatorFeeds: await deps.feeds.countFeeds(null) };
    },
    remove: (id, guildId) => deps.feeds.removeFeed(id, guildId),
    enable: (id, guildId) => enableFeedOf(deps, id, guildId),
    importOpml: (url, caller) => importOpmlFrom(deps, url, caller, MAX_FEEDS_PER_GUILD),
    exportOpml: (guildId) => exportOpml(deps, guildId),
    notices: (guildId) => takeReplyNotices({ feeds: deps.feeds, schedules: deps.schedules ?? NO_SCHEDULES }, guildId),
  };
}

export interface OpmlImportReport {
  added: number;
  existing: number;
  failed: { file: string; reason: string }[];
  /** Feeds the file lists beyond the per-file limit, not imported (also reported in `failed`). */
  notImported?: number;
}

/** Adds every feed an OPML file lists as an operator feed; they are checked when first polled, not now. */
export async function importOpml(deps: SourcesDeps, file: string): Promise<OpmlImportReport> {
  const report: OpmlImportReport = { added: 0, existing: 0, failed: [] };
  let listed;
  try {
    const bytes = await readFile(file);
    if (deps.maxFileBytes && bytes.length > deps.maxFileBytes) throw new OpmlError(`${file} is too large for an OPML file`);
    listed = parseOpmlList(bytes.toString('utf8'), file);
  } catch (error) {
    const reason =
      error instanceof OpmlError
        ? error.message
        : `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error)}`;
    report.failed.push({ file, reason });
    return report;
  }
  if (listed.overLimit > 0) {
    report.notImported = listed.overLimit;
    const total = MAX_OPML_FEEDS + listed.overLimit;
    report.failed.push({
      file,
      reason: `lists ${total} feeds; only the first ${MAX_OPML_FEEDS} were imported (the limit for one file), ${listed.overLimit} were not: split the file to import them`,
    });
  }
  for (const entry of listed.feeds) {
    const url = canonicalUrl(entry.url);
    if (!url) continue;
    const result = await deps.feeds.addFeed(
      { guildId: null, url, origin: 'opml', title: entry.title, intervalMs: deps.pollIntervalMs },
      nowOf(deps),
    );
    report[result.created ? 'added' : 'existing']++;
  }
  return report;
}

function itemFailure(error: unknown): ItemResult {
  return { outcome: error instanceof NotAnArticleError ? 'skipped' : 'failed', articleId: null, reason: describeForUser(error, IN_REPORT) };
}

/** Fetches a feed with its validators, refusing a body that is not a feed. */
async function fetchFeedBody(deps: SourcesDeps, feed: FeedRecord, signal?: AbortSignal): Promise<FeedBody> {
  const document: WebDocument = await fetchDocument(
    feed.url,
    fetchOptions(deps, { accept: FEED_ACCEPT, etag: feed.etag, lastModified: feed.lastModified, signal }),
  );
  if (!document.fetched.notModified && document.kind !== 'feed') {
    throw new FeedError(`${feed.url} is not an RSS, Atom or JSON feed (got ${document.fetched.contentType ?? 'an untyped'} document)`);
  }
  const { etag, lastModified, notModified, body } = document.fetched;
  return { url: document.url, notModified, etag, lastModified, body, text: document.text };
}

/** Who a feed's articles are for: its guild, or a shared source's subscribers (FeedRecord.articleScope). */
function scopeOf(feed: FeedRecord): string | null {
  return feed.articleScope !== undefined ? feed.articleScope : feed.guildId;
}

/** Polls every due feed once; each feed's failure stays with that feed. The signal cuts the round short. */
export async function pollDue(deps: SourcesDeps, signal?: AbortSignal): Promise<PollReport[]> {
  const options = deps.concurrency ? { concurrency: deps.concurrency } : {};
  return pollDueFeeds(
    {
      feeds: deps.feeds,
      now: () => nowOf(deps),
      policy: deps.policy,
      signal,
      fetchFeed: (feed) => fetchFeedBody(deps, feed, signal),
      parseFeed: (text, url) => pagesOf(deps).parseFeed(text, url),
      indexItem: (feed, item, context) =>
        indexItem(deps, item, { guildId: scopeOf(feed), feedUrl: feed.url, feedTitle: feed.title, backlog: context.backlog }, signal).catch(
          itemFailure,
        ),
    },
    options,
  );
}

/** Ingests one URL now: a feed's current items, or a single page. Nothing is subscribed. */
export async function ingestUrl(deps: SourcesDeps, url: string): Promise<IngestReport> {
  const report: IngestReport = { added: 0, updated: 0, unchanged: 0, failed: [] };
  try {
    const target = requireHttpUrl(url);
    // Left undecoded: a page is decoded where it is built, and only a feed is read as text here.
    const document = await fetchUndecoded(target, fetchOptions(deps, { accept: `${PAGE_ACCEPT}, ${FEED_ACCEPT}` }));
    if (document.kind !== 'feed') {
      const { article, canonical } = await articleFromPage(deps, fetchedPage(document), new Date(nowOf(deps)));
      report[await deps.store.upsert(article, { canonicalUrl: canonical, bodyHash: bodyHashOf(article) })]++;
      return report;
    }
    const feed = await pagesOf(deps).parseFeed(bodyText(document.fetched.body, document.fetched.contentType), target);
    const scope: ItemScope = { guildId: null, feedUrl: target, feedTitle: feed.title, backlog: false };
    for (const item of feed.items.slice(0, MAX_ITEMS_PER_INGEST)) {
      const result = await indexItem(deps, item, scope).catch(itemFailure);
      if (result.outcome === 'added' || result.outcome === 'updated' || result.outcome === 'unchanged') report[result.outcome]++;
      else if (result.outcome === 'duplicate') report.unchanged++;
      else report.failed.push({ file: redactUrl(item.url ?? item.guid ?? target), reason: result.reason ?? result.outcome });
    }
  } catch (error) {
    // The URL as typed may hold credentials; the report is printed and written as JSON.
    report.failed.push({ file: redactUrl(url), reason: describeForUser(error, IN_REPORT) });
  }
  return report;
}

const SourcesFileSchema = z.object({
  feeds: z.array(
    z.union([
      z.string(),
      z.object({
        url: z.string(),
        title: z.string().optional(),
        intervalMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .optional(),
      }),
    ]),
  ),
});

/** Reads the operator's sources file and makes its feeds the operator's file feeds; a missing file means none. */
export async function loadSourcesFile(deps: SourcesDeps): Promise<{ added: number; removed: number }> {
  const file = deps.sourcesFile;
  if (!file) return { added: 0, removed: 0 };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { added: 0, removed: 0 };
    throw new SourceError(`${file}: ${describeError(error)}`);
  }
  let parsed;
  try {
    parsed = SourcesFileSchema.safeParse(JSON.parse(text));
  } catch {
    throw new SourceError(`${file} is not valid JSON (expected {"feeds": ["https://..."]})`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(`${file}: ${issue?.path.join('.') || 'file'} ${issue?.message ?? 'is invalid'} (see docs/sources.md)`);
  }
  const feeds = parsed.data.feeds.map((entry, index) => {
    const spec = typeof entry === 'string' ? { url: entry } : entry;
    const url = canonicalUrl(spec.url);
    if (!url) throw new SourceError(`${file}: feeds.${index} "${redactUrl(spec.url).slice(0, 200)}" is not an http(s) URL`);
    const intervalMs = 'intervalMinutes' in spec && spec.intervalMinutes ? spec.intervalMinutes * 60_000 : deps.pollIntervalMs;
    return { guildId: null, url, origin: 'file' as const, title: 'title' in spec ? (spec.title ?? null) : null, intervalMs };
  });
  return deps.feeds.syncFileFeeds(feeds, nowOf(deps));
}

function logReport(log: Logger | undefined, report: PollReport): void {
  if (report.result === 'failed') return log?.warn(`feed #${report.feedId} ${redactUrl(report.error ?? 'failed')}`);
  const counts = Object.entries(report.items).map(([outcome, n]) => `${n} ${outcome}`);
  if (counts.length > 0) log?.info(`feed #${report.feedId} ${redactUrl(report.url)}: ${counts.join(', ')}`);
}

/** Loads the sources file, then polls due feeds every tick until stopped; stop() cuts the round in progress short. */
export function startPolling(deps: SourcesDeps, options: { tickMs?: number } = {}): { stop(): Promise<void> } {
  const stopping = new AbortController();
  let round: Promise<void> = loadSourcesFile(deps).then(
    (sync) => {
      if (sync.added || sync.removed) deps.log?.info(`sources file: ${sync.added} feeds added, ${sync.removed} removed`);
    },
    (error: unknown) => deps.log?.error(describeForUser(error, FOR_OPERATOR)),
  );
  let busy = false;
  const tick = () => {
    if (busy || stopping.signal.aborted) return;
    busy = true;
    round = round
      .then(() => pollDue(deps, stopping.signal))
      .then((reports) => reports.forEach((r) => logReport(deps.log, r)))
      .catch((error: unknown) => deps.log?.error(`polling failed: ${describeError(error)}`))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? POLL_TICK_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await round;
    },
  };
}
