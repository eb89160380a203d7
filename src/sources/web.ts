/** Web documents through the guarded fetch: a page becomes a RawPage (with its canonical URL), a feed stays text. */
import type { RawPage } from '../articles/article.js';
import { CharsetError } from './charset.js';
import { looksLikeFeed } from './feeds.js';
import { bodyText, FetchError, type FetchOptions, type FetchResult, guardedFetch } from './fetch.js';
import { canonicalUrl } from './urls.js';

export type DocumentKind = 'feed' | 'html' | 'text';

export interface WebDocument {
  /** The URL asked for, and the one that finally answered (after redirects). */
  requested: string;
  url: string;
  kind: DocumentKind;
  text: string;
  fetched: FetchResult;
}

export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1';
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, text/html;q=0.5, */*;q=0.1';

const FEED_TYPES = /(?:rss|atom|rdf)\+xml|^(?:application|text)\/xml\b|^application\/feed\+json\b/i;
const TEXT_TYPES = /^text\/|xml|json/i;

/** What a fetched body is: a feed (by type or by its first element), an HTML page, or plain text. */
export function classifyDocument(contentType: string | null, text: string): DocumentKind {
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (FEED_TYPES.test(type) || looksLikeFeed(text)) return 'feed';
  if (/^text\/plain$/i.test(type)) return 'text';
  return 'html';
}

/** Fetches a feed or page and reads it as text; refuses bodies that are not text (images, PDFs...). */
export async function fetchDocument(url: string, options: FetchOptions): Promise<WebDocument> {
  const fetched = await fetchTextBody(url, options);
  const text = fetched.notModified ? '' : decoded(fetched, fetched.body);
  return { requested: url, url: fetched.url, kind: classifyDocument(fetched.contentType, text), text, fetched };
}

/** A fetched feed or page whose body is still bytes (decoding 5 MB takes tens of milliseconds). */
export interface UndecodedDocument {
  requested: string;
  url: string;
  kind: DocumentKind;
  fetched: FetchResult;
}

// Enough bytes for looksLikeFeed's 4,096 characters in any encoding.
const HEAD_BYTES = 16_384;

/** fetchDocument without decoding the whole body: the kind is read from its beginning, as fetchDocument reads it. */
export async function fetchUndecoded(url: string, options: FetchOptions): Promise<UndecodedDocument> {
  const fetched = await fetchTextBody(url, options);
  const head = fetched.notModified ? '' : decoded(fetched, fetched.body.subarray(0, HEAD_BYTES));
  return { requested: url, url: fetched.url, kind: classifyDocument(fetched.contentType, head), fetched };
}

/** Bytes of a fetched body as text; a charset nobody knows fails as the fetch's decode error, naming the URL. */
function decoded(fetched: FetchResult, bytes: Buffer): string {
  try {
    return bodyText(bytes, fetched.contentType);
  } catch (error) {
    if (error instanceof CharsetError) throw new FetchError('decode', fetched.url, error.message);
    throw error;
  }
}

async function fetchTextBody(url: string, options: FetchOptions): Promise<FetchResult> {
  const fetched = await guardedFetch(url, options);
  const type = fetched.contentType?.split(';')[0]?.trim() ?? '';
  if (type !== '' && !TEXT_TYPES.test(type)) {
    throw new FetchError('decode', fetched.url, `expected an HTML page or a feed, got ${type}`);
  }
  return fetched;
}

/** A fetched page as the RawPage articles are built from; its url is canonical, so two spellings share one id. */
export function pageOf(document: WebDocument): RawPage {
  return { ...pageFacts(document), content: document.text };
}

/** What a RawPage of a fetched page holds besides its text. */
export function pageFacts(document: WebDocument | UndecodedDocument): Omit<RawPage, 'content'> {
  return {
    origin: document.url,
    format: document.kind === 'text' ? 'text' : 'html',
    url: canonicalUrl(document.url) ?? document.url,
  };
}

/** Fetches one web page into a RawPage. */
export async function fetchPage(url: string, options: FetchOptions): Promise<RawPage> {
  return pageOf(await fetchDocument(url, { accept: PAGE_ACCEPT, ...options }));
}
