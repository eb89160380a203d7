/**
 * feedsmith's output mapped to our FeedItem, as thinly as we would have to if we adopted it: its
 * fields picked in the same order of preference as ours, URLs resolved against the xml:base it
 * reports (feed and entry level; it keeps none on single elements), Atom titles read by their type,
 * our date parser, and our DOCTYPE refusal in front (feedsmith leaves undeclared entities as text).
 * Only the feed comparison uses it (bench/feed-compare.ts); feedsmith is not a dependency.
 */

import { decodeStray, htmlToText, resolveHttpUrl, resolveLinksInHtml } from '../src/sources/entities.js';
import { parseFeedDate } from '../src/sources/feed-dates.js';

export interface FeedsmithModule {
  parseFeed(value: unknown): { format: string; feed: unknown };
}

type Node = Record<string, unknown>;

function get(value: unknown, ...path: (string | number)[]): unknown {
  let at = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Node)[key] : undefined;
  return at;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function baseOf(node: unknown, parent: string): string {
  return resolveHttpUrl(str(get(node, 'xml', 'base')), parent) ?? parent;
}

/** An Atom text construct ({value, type}) or a plain string, as plain text. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return htmlToText(value) || null;
  const inner = str(get(value, 'value'));
  if (!inner) return null;
  return (get(value, 'type') === 'text' || get(value, 'type') === undefined ? decodeStray(inner) : htmlToText(inner)) || null;
}

function widest(items: unknown[], base: string, accept: (item: unknown) => boolean): string | null {
  let best: { url: string; width: number } | null = null;
  for (const item of items) {
    const url = resolveHttpUrl(str(get(item, 'url')), base);
    const width = Number(get(item, 'width')) || 0;
    if (url && accept(item) && (!best || width > best.width)) best = { url, width };
  }
  return best?.url ?? null;
}

function mediaImage(item: unknown, base: string): string | null {
  const holders = [get(item, 'media'), ...list(get(item, 'media', 'groups'))];
  const contents = holders.flatMap((h) => list(get(h, 'contents')));
  const thumbnails = holders.flatMap((h) => list(get(h, 'thumbnails')));
  const isImage = (c: unknown) => get(c, 'medium') === 'image' || /^image\//.test(str(get(c, 'type')) ?? '');
  return widest(contents, base, isImage) ?? widest(thumbnails, base, () => true);
}

function rssItem(item: unknown, feedBase: string): Node {
  const base = baseOf(item, feedBase);
  const guid = str(get(item, 'guid', 'value')) ?? str(get(item, 'rdf', 'about'));
  const enclosure = list(get(item, 'enclosures')).find((e) => /^image\//.test(str(get(e, 'type')) ?? ''));
  const author = get(item, 'authors', 0);
  return {
    guid,
    url: resolveHttpUrl(str(get(item, 'link')), base) ?? (get(item, 'guid', 'isPermaLink') !== false ? resolveHttpUrl(guid, base) : null),
    title: text(get(item, 'title')) ?? text(get(item, 'dc', 'titles', 0)) ?? text(get(item, 'itunes', 'title')),
    published: parseFeedDate(str(get(item, 'pubDate')) ?? str(get(item, 'dc', 'dates', 0))),
    author:
      list(get(item, 'dc', 'creators'))
        .map(str)
        .join(', ') ||
      str(get(author, 'name')) ||
      str(author) ||
      str(get(item, 'itunes', 'author')),
    content:
      resolveLinksInHtml(
        str(get(item, 'content', 'encoded')) ??
          str(get(item, 'description')) ??
          str(get(item, 'dc', 'descriptions', 0)) ??
          str(get(item, 'itunes', 'summary')) ??
          str(get(item, 'itunes', 'subtitle')) ??
          '',
        base,
      ) || null,
    image:
      mediaImage(item, base) ?? resolveHttpUrl(str(get(enclosure, 'url')), base) ?? resolveHttpUrl(str(get(item, 'itunes', 'image')), base),
  };
}

function atomLink(node: unknown, base: string): string | null {
  const link = list(get(node, 'links')).find((l) => (str(get(l, 'rel')) ?? 'alternate') === 'alternate');
  return resolveHttpUrl(str(get(link, 'href')), base);
}

function atomEntry(entry: unknown, feedBase: string, feedAuthor: string | null): Node {
  const base = baseOf(entry, feedBase);
  const content = get(entry, 'content');
  const enclosure = list(get(entry, 'links')).find((l) => get(l, 'rel') === 'enclosure' && /^image\//.test(str(get(l, 'type')) ?? ''));
  const names = list(get(entry, 'authors'))
    .map((a) => str(get(a, 'name')))
    .filter(Boolean)
    .join(', ');
  const body = str(get(content, 'value')) ? content : get(entry, 'summary');
  return {
    guid: str(get(entry, 'id')),
    url: atomLink(entry, base),
    title: text(get(entry, 'title')),
    published: parseFeedDate(str(get(entry, 'published')) ?? str(get(entry, 'updated'))),
    author: names || feedAuthor,
    content: str(get(body, 'value')) ? resolveLinksInHtml(str(get(body, 'value'))!, baseOf(body, base)) : null,
    image: mediaImage(entry, base) ?? resolveHttpUrl(str(get(enclosure, 'href')), base),
  };
}

function jsonItem(item: unknown, url: string, feedAuthor: string | null): Node {
  const names =
    list(get(item, 'authors'))
      .map((a) => str(get(a, 'name')))
      .filter(Boolean)
      .join(', ') || str(get(item, 'author', 'name'));
  const attached = list(get(item, 'attachments')).find((a) => /^image\//.test(str(get(a, 'mime_type')) ?? ''));
  return {
    guid: str(get(item, 'id')),
    url: resolveHttpUrl(str(get(item, 'url')), url) ?? resolveHttpUrl(str(get(item, 'external_url')), url),
    title: text(get(item, 'title')),
    published: parseFeedDate(str(get(item, 'date_published')) ?? str(get(item, 'date_modified'))),
    author: names || feedAuthor,
    content: str(get(item, 'content_html')) ?? str(get(item, 'content_text')) ?? str(get(item, 'summary')),
    image: resolveHttpUrl(str(get(item, 'image')), url) ?? resolveHttpUrl(str(get(attached, 'url')), url),
  };
}

/** A reader with our parseFeed's shape, on top of feedsmith. */
export function feedsmithReader(feedsmith: FeedsmithModule): (text: string, url: string) => unknown {
  return (input, url) => {
    if (/<!DOCTYPE[^>]*\[|<!ENTITY/i.test(input.slice(0, 65_536))) throw new Error(`feed ${url} declares its own XML entities`);
    let value: unknown = input;
    if (/^\s*\{/.test(input)) {
      try {
        value = JSON.parse(input);
      } catch {
        throw new Error(`feed ${url} is not well-formed JSON`);
      }
    }
    const { format, feed } = feedsmith.parseFeed(value);
    const base = baseOf(feed, url);
    if (format === 'atom') {
      const author =
        list(get(feed, 'authors'))
          .map((a) => str(get(a, 'name')))
          .filter(Boolean)
          .join(', ') || null;
      return {
        format,
        title: text(get(feed, 'title')),
        siteUrl: atomLink(feed, base),
        items: list(get(feed, 'entries')).map((e) => atomEntry(e, base, author)),
      };
    }
    if (format === 'json') {
      const author =
        list(get(feed, 'authors'))
          .map((a) => str(get(a, 'name')))
          .filter(Boolean)
          .join(', ') || str(get(feed, 'author', 'name'));
      return {
        format,
        title: text(get(feed, 'title')),
        siteUrl: resolveHttpUrl(str(get(feed, 'home_page_url')), url),
        items: list(get(feed, 'items')).map((i) => jsonItem(i, url, author)),
      };
    }
    const author = str(get(feed, 'itunes', 'author'));
    return {
      format,
      title: text(get(feed, 'title')),
      siteUrl: resolveHttpUrl(str(get(feed, 'link')), base),
      items: list(get(feed, 'items')).map((item) => ({ ...rssItem(item, base), author: rssItem(item, base).author || author })),
    };
  };
}
