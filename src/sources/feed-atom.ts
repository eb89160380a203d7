/**
 * Atom 1.0 (RFC 4287), and Atom 0.3 where it differs only in names: text constructs read by their
 * type, the alternate link against the xml:base in effect, the entry's authors or else the feed's,
 * content (out-of-line content falls back to the summary), media and enclosures.
 */

import { collapse, resolveHttpUrl } from './entities.js';
import { parseFeedDate } from './feed-dates.js';
import { enclosuresOf, imageOf } from './feed-media.js';
import { childHtml, childText } from './feed-text.js';
import type { Feed, FeedItem } from './feeds.js';
import { childElements, firstChild, textOf, type XmlElement } from './xml-tree.js';

const MAX_ITEMS = 500;

/** Atom's elements are "atom:x" in the Atom namespace and "x" in feeds that forgot to declare it. */
function names(...locals: string[]): string[] {
  return locals.flatMap((local) => [`atom:${local}`, local]);
}

/** The alternate link (the page), else the first link without a rel. */
export function atomLink(element: XmlElement): string | null {
  const links = childElements(element).filter((c) => (c.name === 'atom:link' || c.name === 'link') && c.attrs.href);
  const alternate = links.find((l) => (l.attrs.rel ?? 'alternate').trim() === 'alternate');
  return alternate ? resolveHttpUrl(alternate.attrs.href, alternate.base) : null;
}

/** The names of the element's <author>s, joined; null when it has none. */
function authorsOf(element: XmlElement): string | null {
  const found: string[] = [];
  for (const author of childElements(element).filter((c) => c.name === 'atom:author' || c.name === 'author')) {
    const name = childText(author, names('name'), 'text') ?? collapse(textOf(author));
    if (name) found.push(name);
  }
  return found.length > 0 ? found.join(', ') : null;
}

/** True for Atom's own types and text or XML media types; base64 media (image/png) holds no text. */
function isReadable(type: string | undefined): boolean {
  const value = (type ?? '').trim().toLowerCase();
  return !value.includes('/') || value.startsWith('text/') || value.endsWith('+xml') || value.endsWith('/xml');
}

/** The entry's content; out-of-line content (src=) or a media type holds no text, so the summary stands in. */
function contentOf(entry: XmlElement): string | null {
  const content = firstChild(entry, names('content'));
  const inline = content && !content.attrs.src && isReadable(content.attrs.type) ? childHtml(entry, names('content'), 'typed') : null;
  return inline ?? childHtml(entry, names('summary'), 'typed');
}

function atomEntry(entry: XmlElement, feedAuthor: string | null): FeedItem {
  const enclosures = enclosuresOf(entry);
  const id = firstChild(entry, names('id'));
  return {
    guid: id ? collapse(textOf(id)) || null : null,
    url: atomLink(entry),
    title: childText(entry, names('title'), 'typed'),
    published: parseFeedDate(childText(entry, [...names('published', 'updated', 'issued', 'modified', 'created'), 'dc:date'], 'text')),
    author: authorsOf(entry) ?? childText(entry, ['dc:creator'], 'text') ?? feedAuthor,
    content: contentOf(entry),
    image: imageOf(entry, enclosures),
    enclosures,
  };
}

/** Reads an Atom <feed> element. */
export function atomFeed(root: XmlElement): Feed {
  const feedAuthor = authorsOf(root);
  const entries = childElements(root)
    .filter((c) => c.name === 'atom:entry' || c.name === 'entry')
    .slice(0, MAX_ITEMS);
  return {
    format: 'atom',
    title: childText(root, names('title'), 'typed'),
    siteUrl: atomLink(root),
    items: entries.map((entry) => atomEntry(entry, feedAuthor)),
  };
}
