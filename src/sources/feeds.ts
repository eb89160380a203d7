/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, parsed safely: htmlparser2 in XML mode decodes only the five
 * predefined entities and character references, never fetches a DTD, and a feed that declares its
 * own entities (the billion-laughs and external-entity tricks) is refused outright.
 */
import { Parser } from 'htmlparser2';
import { parseFeedDate } from './feed-dates.js';

/** A feed that cannot be read; the message says what was expected. */
export class FeedError extends Error {
  override name = 'FeedError';
}

export interface FeedItem {
  /** The item's guid (RSS), id (Atom) or rdf:about; null when it has none. */
  guid: string | null;
  /** The article's address, resolved against the feed's. */
  url: string | null;
  title: string | null;
  /** ISO 8601 date-time. */
  published: string | null;
  author: string | null;
  /** Full content (HTML) when the feed carries it, else its summary or description. */
  content: string | null;
}

export interface Feed {
  format: 'rss' | 'rdf' | 'atom';
  title: string | null;
  siteUrl: string | null;
  items: FeedItem[];
}

interface XmlElement {
  /** Lower-case qualified name, e.g. "content:encoded". */
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

// Bounds on what one feed may make us build; real feeds stay far below them.
const MAX_ELEMENTS = 200_000;
const MAX_DEPTH = 64;
const MAX_ITEMS = 500;

// HTML entities feeds often use though XML lacks them; replaced once (never recursively).
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™', eacute: 'é', egrave: 'è', aacute: 'á',
  agrave: 'à', oacute: 'ó', uacute: 'ú', iacute: 'í', ntilde: 'ñ', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä',
};

/** True when a declaration would define entities: an internal DTD subset or an ENTITY declaration. */
function declaresEntities(name: string, data: string): boolean {
  const lower = name.toLowerCase();
  return lower === '!entity' || (lower === '!doctype' && data.includes('['));
}

function lowerCaseKeys(attrs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Parses XML into a tree, refusing entity declarations, unbalanced tags and oversized documents. */
function parseXml(xml: string, feedUrl: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let elements = 0;
  let problem: string | null = null;
  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        if (declaresEntities(name, data)) problem ??= 'declares its own XML entities (a DOCTYPE internal subset), refused as unsafe';
      },
      onopentag(name, attrs) {
        if (++elements > MAX_ELEMENTS) problem ??= `more than ${MAX_ELEMENTS} elements`;
        if (stack.length > MAX_DEPTH) problem ??= `nested deeper than ${MAX_DEPTH} elements`;
        if (problem) return parser.pause();
        const element: XmlElement = { name: name.toLowerCase(), attrs: lowerCaseKeys(attrs), children: [] };
        stack.at(-1)!.children.push(element);
        stack.push(element);
      },
      onclosetag(name, isImplied) {
        const selfClosing = xml.slice(parser.startIndex, parser.endIndex + 1).endsWith('/>');
        if (isImplied && !selfClosing) problem ??= `element <${name}> is not closed (truncated or malformed XML)`;
        if (stack.length > 1) stack.pop();
      },
      ontext(text) {
        stack.at(-1)!.children.push(text);
      },
    },
    { xmlMode: true, recognizeCDATA: true },
  );
  parser.end(xml);
  if (problem) throw new FeedError(`feed ${feedUrl} ${problem}`);
  return root;
}

function isElement(node: XmlElement | string): node is XmlElement {
  return typeof node !== 'string';
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter(isElement);
}

/** The first child with one of the names (qualified, or local when the name has no prefix), in the order asked. */
function firstChild(element: XmlElement, names: readonly string[]): XmlElement | null {
  const children = childElements(element);
  for (const name of names) {
    const wanted = (c: XmlElement) => (name.includes(':') ? c.name === name : c.name === name || localName(c.name) === name);
    const found = children.find(wanted);
    if (found) return found;
  }
  return null;
}

function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

function decodeHtmlEntities(text: string): string {
  return text.replace(/&([a-z]+);/gi, (whole, name: string) => HTML_ENTITIES[name.toLowerCase()] ?? whole);
}

/** A child's trimmed text with spaces collapsed, or null when absent or empty. */
function childText(element: XmlElement, names: readonly string[]): string | null {
  const child = firstChild(element, names);
  const text = child ? decodeHtmlEntities(textOf(child)).replace(/\s+/g, ' ').trim() : '';
  return text || null;
}

function resolveUrl(href: string | null | undefined, base: string): string | null {
  if (!href?.trim()) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Atom's alternate link (the page), else its first link without a rel. */
function atomLink(element: XmlElement, base: string): string | null {
  const links = childElements(element).filter((c) => localName(c.name) === 'link' && c.attrs.href);
  const alternate = links.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate');
  return resolveUrl(alternate?.attrs.href, base);
}

function rssItem(item: XmlElement, base: string): FeedItem {
  const guid = childText(item, ['guid', 'dc:identifier']) ?? item.attrs['rdf:about'] ?? null;
  const permalink = firstChild(item, ['guid'])?.attrs.ispermalink !== 'false' ? resolveUrl(guid, base) : null;
  return {
    guid,
    url: resolveUrl(childText(item, ['link']), base) ?? atomLink(item, base) ?? permalink,
    title: childText(item, ['title']),
    published: parseFeedDate(childText(item, ['pubdate', 'dc:date', 'published', 'updated', 'date'])),
    author: childText(item, ['dc:creator', 'author', 'creator']),
    content: childText(item, ['content:encoded', 'encoded', 'description', 'summary']),
  };
}

function atomEntry(entry: XmlElement, base: string): FeedItem {
  const author = firstChild(entry, ['author']);
  return {
    guid: childText(entry, ['id']),
    url: atomLink(entry, base),
    title: childText(entry, ['title']),
    published: parseFeedDate(childText(entry, ['published', 'updated', 'issued', 'modified'])),
    author: author ? childText(author, ['name']) ?? childText(entry, ['author']) : null,
    content: childText(entry, ['content', 'summary']),
  };
}

function itemsOf(container: XmlElement, name: string): XmlElement[] {
  return childElements(container).filter((c) => localName(c.name) === name).slice(0, MAX_ITEMS);
}

function rootOf(document: XmlElement, feedUrl: string): XmlElement {
  const roots = childElements(document);
  if (roots.length !== 1) throw new FeedError(`feed ${feedUrl} is not well-formed XML (expected one root element, found ${roots.length})`);
  return roots[0]!;
}

/** Parses a feed document; throws FeedError naming the feed when it is not RSS, RDF or Atom, or is malformed. */
export function parseFeed(xml: string, feedUrl: string): Feed {
  const root = rootOf(parseXml(xml, feedUrl), feedUrl);
  const base = resolveUrl(root.attrs['xml:base'], feedUrl) ?? feedUrl;
  const kind = localName(root.name);
  if (kind === 'feed') {
    return { format: 'atom', title: childText(root, ['title']), siteUrl: atomLink(root, base), items: itemsOf(root, 'entry').map((e) => atomEntry(e, base)) };
  }
  if (kind === 'rss' || kind === 'rdf') {
    const channel = firstChild(root, ['channel']);
    if (!channel) throw new FeedError(`feed ${feedUrl} has no <channel> (expected RSS)`);
    // RSS 1.0 puts items beside the channel, RSS 2.0 inside it.
    const items = kind === 'rdf' ? itemsOf(root, 'item') : itemsOf(channel, 'item');
    return {
      format: kind === 'rss' ? 'rss' : 'rdf',
      title: childText(channel, ['title']),
      siteUrl: resolveUrl(childText(channel, ['link']), base),
      items: items.map((item) => rssItem(item, base)),
    };
  }
  throw new FeedError(`${feedUrl} is not an RSS or Atom feed (root element <${root.name}>, expected <rss>, <rdf:RDF> or <feed>)`);
}

/** A cheap sniff: does this text start like a feed rather than a web page? */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '').trimStart();
  return /^<(?:[\w-]+:)?(?:rss|rdf|feed)\b/i.test(head);
}

/** Feed links a web page advertises (<link rel="alternate" type="application/rss+xml" href>). */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const links: string[] = [];
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1] ?? '';
    const isFeed = /alternate/i.test(attr('rel')) && /application\/(rss|atom)\+xml/i.test(attr('type'));
    const url = isFeed ? resolveUrl(attr('href').replace(/&amp;/g, '&'), pageUrl) : null;
    if (url) links.push(url);
  }
  return links;
}
