/**
 * Feed items into stored articles: an item's page fetched (or the feed's own text when it cannot
 * be), the feed's facts filled in, and the article stored once where its scope can see it.
 */

import { articleId, MAX_BODY_CHARS, NotAnArticleError, type RawPage } from '../articles/article.js';
import { imageUrl } from '../articles/html/index.js';
import type { Article } from '../articles/model.js';
import { ShownError } from '../errors.js';
import { sha256 } from '../hash.js';
import { redactUrl } from '../redact.js';
import type { FeedItem } from '../sources/feeds.js';
import type { FetchOptions } from '../sources/fetch.js';
import type { ItemResult } from '../sources/poller.js';
import { canonicalUrl, sameSite } from '../sources/urls.js';
import { fetchUndecoded, PAGE_ACCEPT, pageFacts } from '../sources/web.js';
import { type FetchedPage, inProcessPageBuilder, type PageBuilder } from './page-builder.js';
import type { SourcesDeps } from './sources.js';

/** A source the user got wrong (bad URL, not a feed, too many feeds); the message is shown as is. */
export class SourceError extends ShownError {
  override name = 'SourceError';
}

/** An undated item of a feed's first poll counts as ingested this long ago (old news, not new). */
const BACKLOG_AGE_MS = 7 * 86_400_000;
/** Feed text shorter than this is no article to fall back on. */
const MIN_FEED_CONTENT_CHARS = 200;

export function pagesOf(deps: SourcesDeps): PageBuilder {
  return deps.pages ?? inProcessPageBuilder;
}

export function nowOf(deps: SourcesDeps): number {
  return (deps.now ?? Date.now)();
}

export function fetchOptions(deps: SourcesDeps, extra: Partial<FetchOptions> = {}): FetchOptions {
  return { ...deps.fetch, ...extra };
}

export interface ItemScope {
  guildId: string | null;
  feedUrl: string;
  feedTitle: string | null;
  backlog: boolean;
}

/** A guid is a cross-feed key only when it is globally unique by construction (a URL, tag: or urn:). */
function globalGuid(guid: string | null): string | null {
  return guid && /^(?:https?:|tag:|urn:)/i.test(guid) ? guid : null;
}

export function bodyHashOf(article: Article): string {
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
export async function articleFromPage(
  deps: SourcesDeps,
  page: FetchedPage,
  ingestedAt: Date,
): Promise<{ article: Article; canonical: string | null }> {
  const article = await pagesOf(deps).buildFetched(page, ingestedAt);
  if (article.truncated) deps.log?.warn(truncationNote(page.url ?? page.origin));
  const declared = article.url && page.url && sameSite(article.url, page.url) ? canonicalUrl(article.url) : null;
  const canonical = declared ?? page.url ?? null;
  return { article: canonical ? { ...article, id: articleId(canonical, page.origin) } : article, canonical };
}

/** A fetched page for the builder, its body still bytes. */
export function fetchedPage(document: Parameters<typeof pageFacts>[0]): FetchedPage {
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
 * Fills what the page lacked from the feed: title, byline, site name, lead image (its date was
 * weighed when the article was built: RawPage.feedPublished); an undated backlog item counts as
 * ingested long ago.
 */
function withFeedFacts(article: Article, item: FeedItem, scope: ItemScope, now: number): Article {
  const untitled = article.title === article.paragraphs[0]?.slice(0, 120);
  const image = article.image ?? imageUrl(item.image, item.url);
  return {
    ...article,
    ...(image ? { image } : {}),
    title: untitled && item.title ? item.title : article.title,
    byline: article.byline ?? item.author,
    source: article.source ?? scope.feedTitle,
    ingestedAt: scope.backlog && !article.published ? new Date(now - BACKLOG_AGE_MS).toISOString() : article.ingestedAt,
  };
}

/** Fetches an item's page (or falls back to the feed's content) and builds its article. */
async function itemArticle(
  deps: SourcesDeps,
  item: FeedItem,
  scope: ItemScope,
  url: string | null,
  signal?: AbortSignal,
): Promise<{ article: Article; canonical: string | null }> {
  const ingestedAt = new Date(nowOf(deps));
  let pageError: unknown = null;
  if (url) {
    try {
      const document = await fetchUndecoded(url, fetchOptions(deps, { accept: PAGE_ACCEPT, signal }));
      if (document.kind !== 'feed')
        return await articleFromPage(deps, { ...fetchedPage(document), feedPublished: item.published }, ingestedAt);
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
export async function indexItem(deps: SourcesDeps, item: FeedItem, scope: ItemScope, signal?: AbortSignal): Promise<ItemResult> {
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
