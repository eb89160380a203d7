/**
 * JSON Feed 1.0 and 1.1 (jsonfeed.org): items with content_html or content_text, url or
 * external_url, image, attachments, author (1.0) or authors (1.1, the feed's when the item has none).
 * Every field is checked for its type, since nothing in a JSON document is guaranteed.
 */

import { collapse, htmlToText, resolveHttpUrl, resolveLinksInHtml, textToHtml } from './entities.js';
import { parseFeedDate } from './feed-dates.js';
import type { FeedEnclosure } from './feed-media.js';
import type { Feed, FeedItem } from './feeds.js';
import { FeedError } from './xml-tree.js';

type Json = Record<string, unknown>;

const MAX_ITEMS = 500;
const VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/i;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value : null;
}

/** A title or name: plain text by the spec, though feeds often escape or mark it up as HTML. */
function plainText(value: unknown): string | null {
  const text = stringOf(value);
  return text ? htmlToText(text) || null : null;
}

/** Names of authors (1.1) or the author (1.0), joined; null when there are none. */
function authorsOf(holder: Json): string | null {
  const list = Array.isArray(holder.authors) ? holder.authors : isObject(holder.author) ? [holder.author] : [];
  const names = list
    .filter(isObject)
    .map((a) => plainText(a.name))
    .filter((n): n is string => n !== null);
  return names.length > 0 ? names.join(', ') : null;
}

function attachmentsOf(item: Json, base: string): FeedEnclosure[] {
  if (!Array.isArray(item.attachments)) return [];
  const enclosures: FeedEnclosure[] = [];
  for (const attachment of item.attachments.filter(isObject)) {
    const url = resolveHttpUrl(stringOf(attachment.url), base);
    const size = attachment.size_in_bytes;
    const length = typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : null;
    if (url) enclosures.push({ url, type: stringOf(attachment.mime_type)?.trim() ?? null, length });
  }
  return enclosures;
}

/** content_html as is (its links resolved), else content_text or summary as HTML. */
function contentOf(item: Json, base: string): string | null {
  const html = stringOf(item.content_html);
  if (html) return resolveLinksInHtml(html, base);
  const text = stringOf(item.content_text) ?? stringOf(item.summary);
  return text ? textToHtml(text) : null;
}

function jsonItem(item: Json, base: string, feedAuthor: string | null): FeedItem {
  const enclosures = attachmentsOf(item, base);
  const attachedImage = enclosures.find((e) => e.type !== null && /^image\//i.test(e.type))?.url ?? null;
  return {
    guid: stringOf(item.id) ? collapse(stringOf(item.id)!) : null,
    url: resolveHttpUrl(stringOf(item.url), base) ?? resolveHttpUrl(stringOf(item.external_url), base),
    title: plainText(item.title),
    published: parseFeedDate(stringOf(item.date_published) ?? stringOf(item.date_modified)),
    author: authorsOf(item) ?? feedAuthor,
    content: contentOf(item, base),
    image: resolveHttpUrl(stringOf(item.image), base) ?? attachedImage ?? resolveHttpUrl(stringOf(item.banner_image), base),
    enclosures,
  };
}

function parseJson(text: string, feedUrl: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FeedError(`feed ${feedUrl} is not well-formed JSON (${(error as Error).message})`);
  }
}

/** Parses a JSON Feed; throws FeedError naming the feed when the text is not JSON or not a JSON Feed. */
export function parseJsonFeed(text: string, feedUrl: string): Feed {
  const document = parseJson(text, feedUrl);
  if (!isObject(document) || typeof document.version !== 'string' || !VERSION.test(document.version.trim())) {
    throw new FeedError(`${feedUrl} is not a JSON Feed (expected "version": "https://jsonfeed.org/version/1.1")`);
  }
  const items = Array.isArray(document.items) ? document.items.filter(isObject).slice(0, MAX_ITEMS) : [];
  const feedAuthor = authorsOf(document);
  return {
    format: 'json',
    title: plainText(document.title),
    siteUrl: resolveHttpUrl(stringOf(document.home_page_url), feedUrl),
    items: items.map((item) => jsonItem(item, feedUrl, feedAuthor)),
  };
}

/** True when text starts like a JSON Feed (a leading "{" and jsonfeed.org's version near the top). */
export function looksLikeJsonFeed(text: string): boolean {
  return /^\s*\{/.test(text) && /jsonfeed\.org\/version\//i.test(text.slice(0, 4096));
}
