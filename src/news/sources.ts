/**
 * Feeds and web pages as sources: add/list/remove feeds, import OPML, ingest one URL, and poll due
 * feeds, turning new items into stored articles once each (dedupe by canonical URL, guid and body).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { articleId, MAX_BODY_CHARS, NotAnArticleError, type RawPage } from '../articles/article.js';
import { sha256 } from '../hash.js';
import type { Article } from '../articles/model.js';
import type { Config } from '../config.js';
import { describeError, type Logger } from '../log.js';
import { redactUrl } from '../redact.js';
import { bodyText, FetchError, type FetchOptions, type Resolved } from '../sources/fetch.js';
import { discoverFeedLinks, FeedError, type Feed, type FeedItem } from '../sources/feeds.js';
import { CharsetError } from '../sources/charset.js';
import { MAX_OPML_FEEDS, OpmlError, parseOpmlList } from '../sources/opml.js';
import {
  pollDueFeeds, type FeedBody, type FeedOrigin, type FeedRecord, type ItemResult, type PollPolicy, type PollReport,
} from '../sources/poller.js';
import { canonicalUrl, sameSite } from '../sources/urls.js';
import { FEED_ACCEPT, fetchDocument, fetchUndecoded, PAGE_ACCEPT, pageFacts, type WebDocument } from '../sources/web.js';
import type { FeedStore } from '../store/feeds.js';
import type { Stores } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { IngestReport } from './ingest.js';
import { inProcessPageBuilder, WorkerPageBuilder, type FetchedPage, type PageBuilder } from './page-builder.js';

/** A source the user got wrong (bad URL, not a feed, too many feeds); the message is shown as is. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export interface SourcesDeps {
  store: Store;
  feeds: FeedStore;
  fetch: { maxBytes: number; timeoutMs: number; allowLoopback: boolean | readonly number[]; resolve?: (host: string) => Promise<Resolved[]> };
  pollIntervalMs: number;
  /** Operator feeds (JSON, docs/sources.md); absent or missing means none. */
  sourcesFile?: string;
  /** Largest OPML file read. */
  maxFileBytes?: number;
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
const BACKLOG_AGE_MS = 7 * 86_400_000;
// Feed content shorter than this is a teaser, not an article to fall back on.
const MIN_FEED_CONTENT_CHARS = 200;
const MAX_ITEMS_PER_INGEST = 100;
const POLL_TICK_MS = 30_000;

/** Deps for the app: the opened stores (articles and feed state), limits from the config. */
export function sourcesDeps(config: Config, stores: Pick<Stores, 'store' | 'feeds'>, log?: Logger): SourcesDeps {
  return {
    store: stores.store,
    feeds: stores.feeds,
    fetch: { maxBytes: config.fetch.maxBytes, timeoutMs: config.fetch.timeoutMs, allowLoopback: config.fetch.allowLoopback },
    pollIntervalMs: config.sources.pollIntervalMs,
    sourcesFile: config.sources.file,
    maxFileBytes: config.maxFileBytes,
    log,
    pages: new WorkerPageBuilder(),
  };
}

function pagesOf(deps: SourcesDeps): PageBuilder {
  return deps.pages ?? inProcessPageBuilder;
}

function nowOf(deps: SourcesDeps): number {
  return (deps.now ?? Date.now)();
}

function fetchOptions(deps: SourcesDeps, extra: Partial<FetchOptions> = {}): FetchOptions {
  return { ...deps.fetch, ...extra };
}

/** The reason a source failed, for the user: our own errors verbatim, anything else summarised. */
export function sourceFailure(error: unknown): string {
  // Messages name URLs, and a URL may carry credentials (user:password@, ?api-key=): they are never shown.
  if (error instanceof FetchError || error instanceof FeedError || error instanceof SourceError || error instanceof OpmlError || error instanceof CharsetError) {
    return redactUrl(error.message);
  }
  if (error instanceof NotAnArticleError) return redactUrl(error.message);
  return `could not be processed: ${describeError(error)}`;
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
      guildId: request.guildId, url: resolved.url, origin: request.origin ?? 'command', title: resolved.feed.title,
      intervalMs: deps.pollIntervalMs, createdBy: request.createdBy ?? null,
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
}

export function sourcesService(deps: SourcesDeps): SourcesService {
  return {
    add: (url, caller) => addFeed(deps, { url, guildId: caller.guildId, createdBy: caller.userId }),
    async list(guildId) {
      return { feeds: await deps.feeds.listFeeds(guildId), operatorFeeds: await deps.feeds.countFeeds(null) };
    },
    remove: (id, guildId) => deps.feeds.removeFeed(id, guildId),
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
    const reason = error instanceof OpmlError ? error.message : `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error)}`;
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

interface ItemScope {
  guildId: string | null;
  feedUrl: string;
  feedTitle: string | null;
  backlog: boolean;
}

/** A guid is a cross-feed key only when it is globally unique by construction (a URL, tag: or urn:). */
function globalGuid(guid: string | null): string | null {
  return guid && /^(?:https?:|tag:|urn:)/i.test(guid) ? guid : null;
}

function bodyHashOf(article: Article): string {
  return sha256(article.paragraphs.join('\n').replace(/\s+/g, ' ').toLowerCase());
}

/** The feed's own content as a page, for items whose link cannot be fetched or holds no article. */
function feedContentPage(item: FeedItem, scope: ItemScope, url: string | null): RawPage | null {
  const text = (item.content ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  if (text.length < MIN_FEED_CONTENT_CHARS) return null;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<html><head><title>${escape(item.title ?? '')}</title></head><body><article>${item.content}</article></body></html>`;
  const origin = url ?? `${scope.feedUrl}#${item.guid ?? ''}`;
  return { origin, format: 'html', content: html, feedPublished: item.published, ...(url ? { url } : {}) };
}

/** The article a fetched page holds, with the page's own canonical link when it is on the same site. */
async function articleFromPage(deps: SourcesDeps, page: FetchedPage, ingestedAt: Date): Promise<{ article: Article; canonical: string | null }> {
  const article = await pagesOf(deps).buildFetched(page, ingestedAt);
  if (article.truncated) deps.log?.warn(truncationNote(page.url ?? page.origin));
  const declared = article.url && page.url && sameSite(article.url, page.url) ? canonicalUrl(article.url) : null;
  const canonical = declared ?? page.url ?? null;
  return { article: canonical ? { ...article, id: articleId(canonical, page.origin) } : article, canonical };
}

/** A fetched page for the builder, its body still bytes. */
function fetchedPage(document: Parameters<typeof pageFacts>[0]): FetchedPage {
  return { ...pageFacts(document), body: document.fetched.body, contentType: document.fetched.contentType };
}

/** Builds a page off this thread; a page cut to the article limits is logged, since its text says nothing of it. */
async function buildPage(deps: SourcesDeps, page: RawPage, ingestedAt: Date): Promise<Article> {
  const article = await pagesOf(deps).build(page, ingestedAt);
  if (article.truncated) deps.log?.warn(truncationNote(page.url ?? page.origin));
  return article;
}

/** The log line for a page longer than any article. */
export function truncationNote(origin: string): string {
  return `${redactUrl(origin)}: longer than any article; only its first ${MAX_BODY_CHARS.toLocaleString('en-US')} characters of text were kept`;
}

/**
 * Fills what the page lacked from the feed: title, byline, site name (its date was weighed when the
 * article was built: RawPage.feedPublished); an undated backlog item counts as ingested long ago.
 */
function withFeedFacts(article: Article, item: FeedItem, scope: ItemScope, now: number): Article {
  const untitled = article.title === article.paragraphs[0]?.slice(0, 120);
  return {
    ...article,
    title: untitled && item.title ? item.title : article.title,
    byline: article.byline ?? item.author,
    source: article.source ?? scope.feedTitle,
    ingestedAt: scope.backlog && !article.published ? new Date(now - BACKLOG_AGE_MS).toISOString() : article.ingestedAt,
  };
}

/** Fetches an item's page (or falls back to the feed's content) and builds its article. */
async function itemArticle(
  deps: SourcesDeps, item: FeedItem, scope: ItemScope, url: string | null, signal?: AbortSignal,
): Promise<{ article: Article; canonical: string | null }> {
  const ingestedAt = new Date(nowOf(deps));
  let pageError: unknown = null;
  if (url) {
    try {
      const document = await fetchUndecoded(url, fetchOptions(deps, { accept: PAGE_ACCEPT, signal }));
      if (document.kind !== 'feed') return await articleFromPage(deps, { ...fetchedPage(document), feedPublished: item.published }, ingestedAt);
      pageError = new SourceError(`${url} is a feed, not an article`);
    } catch (error) {
      if (signal?.aborted) throw error; // shutting down: not a reason to fall back on the feed's text
      pageError = error;
    }
  }
  const fallback = feedContentPage(item, scope, url);
  if (!fallback) throw pageError ?? new NotAnArticleError('the item has no link and no content');
  return { article: await buildPage(deps, fallback, ingestedAt), canonical: url };
}

/**
 * A guild's article gets an id of its own: what its feed supplied (the text when the page could not
 * be fetched, the title, byline and source name) must never reach the operator's or another guild's
 * view by landing on a shared row (docs/adr/0002-article-identity.md).
 */
function scopedArticle(article: Article, guildId: string | null): Article {
  return guildId === null ? article : { ...article, id: sha256(`guild:${guildId}|${article.id}`).slice(0, 16) };
}

/** Indexes one feed item unless the same story is already stored where this scope can see it. */
async function indexItem(deps: SourcesDeps, item: FeedItem, scope: ItemScope, signal?: AbortSignal): Promise<ItemResult> {
  const url = item.url ? canonicalUrl(item.url) : null;
  const known = await deps.feeds.findDuplicate({ canonicalUrl: url, guid: globalGuid(item.guid) }, scope.guildId);
  if (known) return { outcome: 'duplicate', articleId: known };
  const built = await itemArticle(deps, item, scope, url, signal);
  const article = scopedArticle(withFeedFacts(built.article, item, scope, nowOf(deps)), scope.guildId);
  const bodyHash = bodyHashOf(article);
  const copy = await deps.feeds.findDuplicate({ canonicalUrl: built.canonical, bodyHash }, scope.guildId);
  if (copy && copy !== article.id) return { outcome: 'duplicate', articleId: copy };
  const outcome = await deps.store.upsert(article, { guildId: scope.guildId, canonicalUrl: built.canonical, bodyHash });
  return { outcome, articleId: article.id };
}

function itemFailure(error: unknown): ItemResult {
  return { outcome: error instanceof NotAnArticleError ? 'skipped' : 'failed', articleId: null, reason: sourceFailure(error) };
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
  return pollDueFeeds({
    feeds: deps.feeds,
    now: () => nowOf(deps),
    policy: deps.policy,
    signal,
    fetchFeed: (feed) => fetchFeedBody(deps, feed, signal),
    parseFeed: (text, url) => pagesOf(deps).parseFeed(text, url),
    indexItem: (feed, item, context) =>
      indexItem(deps, item, { guildId: scopeOf(feed), feedUrl: feed.url, feedTitle: feed.title, backlog: context.backlog }, signal)
        .catch(itemFailure),
  }, options);
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
    report.failed.push({ file: redactUrl(url), reason: sourceFailure(error) });
  }
  return report;
}

const SourcesFileSchema = z.object({
  feeds: z.array(
    z.union([
      z.string(),
      z.object({ url: z.string(), title: z.string().optional(), intervalMinutes: z.number().min(1).max(24 * 60).optional() }),
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
    return { guildId: null, url, origin: 'file' as const, title: 'title' in spec ? spec.title ?? null : null, intervalMs };
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
    (error: unknown) => deps.log?.error(sourceFailure(error)),
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
