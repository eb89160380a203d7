/**
 * Feeds as they really are: RSS 0.9x, 1.0 (RDF) and 2.0, Atom 1.0 and JSON Feed 1.0/1.1, read into
 * one shape (docs/adr/0022-feeds-read-by-our-own-parser.md). XML is read safely (src/sources/xml-tree.ts:
 * no DTD fetched, entity declarations refused, size bounded); every HTML entity is decoded, xml:base
 * honoured at every level, and media, enclosures, Dublin Core and iTunes fields read where they say
 * what the item does not.
 */

import { collapse, resolveHttpUrl } from './entities.js';
import { atomFeed, atomLink } from './feed-atom.js';
import { parseFeedDate } from './feed-dates.js';
import { looksLikeJsonFeed, parseJsonFeed } from './feed-json.js';
import { enclosuresOf, type FeedEnclosure, imageOf } from './feed-media.js';
import { childHtml, childText } from './feed-text.js';
import { childElements, childrenNamed, FeedError, firstChild, parseXml, textOf, type XmlElement } from './xml-tree.js';

export type { FeedEnclosure } from './feed-media.js';
export { FeedError } from './xml-tree.js';

export interface FeedItem {
  /** The item's guid (RSS), id (Atom, JSON Feed) or rdf:about; null when it has none. */
  guid: string | null;
  /** The article's address, resolved against the xml:base in effect (else the feed's address). */
  url: string | null;
  /** Plain text: entities decoded, markup dropped. */
  title: string | null;
  /** ISO 8601 date-time. */
  published: string | null;
  author: string | null;
  /** Full content (HTML) when the feed carries it, else its summary or description; relative links resolved. */
  content: string | null;
  /** The item's lead image from Media RSS, an image enclosure, iTunes or JSON Feed; http(s), resolved. */
  image: string | null;
  /** Enclosures and attachments (podcast audio, images, video), http(s), resolved. */
  enclosures: FeedEnclosure[];
}

export interface Feed {
  format: 'rss' | 'rdf' | 'atom' | 'json';
  title: string | null;
  siteUrl: string | null;
  items: FeedItem[];
}

const MAX_ITEMS = 500;

/** RSS <author> is "email (Name)" by the spec; the name is what a reader wants. */
function authorName(text: string | null): string | null {
  if (!text) return null;
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  return named ? named[1]!.trim() : text;
}

/** Every <dc:creator>, joined: a story may have several. */
function creators(item: XmlElement): string | null {
  const names = childrenNamed(item, 'dc:creator')
    .map((c) => collapse(textOf(c)))
    .filter(Boolean);
  return names.length > 0 ? names.join(', ') : null;
}

function guidOf(item: XmlElement): string | null {
  const guid = firstChild(item, ['guid', 'dc:identifier']);
  return (guid ? collapse(textOf(guid)) : '') || item.attrs['rdf:about']?.trim() || null;
}

/** The <link>'s text, an Atom alternate link, else the guid when it is a permalink. */
function rssLink(item: XmlElement, guid: string | null): string | null {
  const link = childElements(item).find((c) => c.name === 'link' && textOf(c).trim());
  const fromLink = link ? resolveHttpUrl(textOf(link), link.base) : null;
  const guidElement = firstChild(item, ['guid']);
  const permalink =
    guidElement && guidElement.attrs.ispermalink?.trim().toLowerCase() !== 'false' ? resolveHttpUrl(guid, guidElement.base) : null;
  return fromLink ?? atomLink(item) ?? permalink;
}

// HTML content first; the iTunes and Media RSS fields are plain text and stand in only when nothing else says more.
const HTML_CONTENT = ['content:encoded', 'description', 'dc:description', 'atom:content', 'atom:summary'];
const TEXT_CONTENT = ['itunes:summary', 'itunes:subtitle', 'media:description'];

function rssContent(item: XmlElement): string | null {
  const group = firstChild(item, ['media:group']);
  return (
    childHtml(item, HTML_CONTENT) ??
    childHtml(item, TEXT_CONTENT, 'text') ??
    (group ? childHtml(group, ['media:description'], 'text') : null)
  );
}

function rssItem(item: XmlElement, channelAuthor: string | null): FeedItem {
  const guid = guidOf(item);
  const enclosures = enclosuresOf(item);
  return {
    guid,
    url: rssLink(item, guid),
    title: childText(item, ['title', 'dc:title', 'itunes:title', 'media:title']),
    published: parseFeedDate(
      childText(
        item,
        ['pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'atom:published', 'atom:updated', 'dcterms:modified'],
        'text',
      ),
    ),
    author: creators(item) ?? authorName(childText(item, ['author', 'itunes:author', 'atom:author'])) ?? channelAuthor,
    content: rssContent(item),
    image: imageOf(item, enclosures),
    enclosures,
  };
}

function itemsOf(container: XmlElement): XmlElement[] {
  return childElements(container)
    .filter((c) => c.name === 'item')
    .slice(0, MAX_ITEMS);
}

function rootOf(document: XmlElement, feedUrl: string): XmlElement {
  const roots = childElements(document);
  if (roots.length !== 1) throw new FeedError(`feed ${feedUrl} is not well-formed XML (expected one root element, found ${roots.length})`);
  return roots[0]!;
}

function rssFeed(root: XmlElement, feedUrl: string): Feed {
  const rdf = root.name === 'rdf:rdf' || root.local === 'rdf';
  const channel = firstChild(root, ['channel']);
  if (!channel) throw new FeedError(`feed ${feedUrl} has no <channel> (expected RSS)`);
  // RSS 0.90 and 1.0 put items beside the channel, RSS 0.9x and 2.0 inside it.
  const items = rdf ? itemsOf(root) : itemsOf(channel);
  const link = childElements(channel).find((c) => c.name === 'link' && textOf(c).trim());
  const channelAuthor = childText(channel, ['itunes:author', 'dc:creator']);
  return {
    format: rdf ? 'rdf' : 'rss',
    title: childText(channel, ['title', 'dc:title']),
    siteUrl: (link ? resolveHttpUrl(textOf(link), link.base) : null) ?? atomLink(channel),
    items: items.map((item) => rssItem(item, channelAuthor)),
  };
}

/** Parses a feed document (XML, or JSON Feed when it starts with "{"); throws FeedError naming the feed when it is no feed. */
export function parseFeed(text: string, feedUrl: string): Feed {
  if (/^\s*\{/.test(text)) return parseJsonFeed(text, feedUrl);
  const root = rootOf(parseXml(text, feedUrl), feedUrl);
  if (root.name === 'atom:feed' || root.name === 'feed') return atomFeed(root);
  if (root.name === 'rss' || root.name === 'rdf:rdf' || root.local === 'rdf') return rssFeed(root, feedUrl);
  throw new FeedError(`${feedUrl} is not an RSS, Atom or JSON feed (root element <${root.name}>, expected <rss>, <rdf:RDF> or <feed>)`);
}

/** A cheap sniff: does this text start like a feed rather than a web page? */
export function looksLikeFeed(text: string): boolean {
  if (looksLikeJsonFeed(text)) return true;
  const head = text
    .slice(0, 4096)
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '')
    .trimStart();
  return /^<(?:[\w-]+:)?(?:rss|rdf|feed)\b/i.test(head);
}

const FEED_LINK_TYPES = /application\/(?:rss|atom)\+xml|application\/feed\+json/i;

/** Feed links a web page advertises (<link rel="alternate" type="application/rss+xml" href>). */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const links: string[] = [];
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1] ?? '';
    const isFeed = /alternate/i.test(attr('rel')) && FEED_LINK_TYPES.test(attr('type'));
    const url = isFeed ? resolveHttpUrl(attr('href').replace(/&amp;/g, '&'), pageUrl) : null;
    if (url) links.push(url);
  }
  return links;
}
