/**
 * Feed XML as a small tree, read safely: htmlparser2 in XML mode never fetches a DTD, a document
 * that declares its own entities (billion laughs, external entities) is refused outright, and the
 * size of what one feed may make us build is bounded. Each element knows its xml:base, and elements
 * of the namespaces feeds use carry one fixed prefix whatever prefix the feed chose ("dc:creator").
 */

import { Parser } from 'htmlparser2';
import { ShownError } from '../errors.js';
import { decodeXmlText, resolveHttpUrl } from './entities.js';

/** A feed that cannot be read; the message says what was expected. */
export class FeedError extends ShownError {
  override name = 'FeedError';
}

export interface XmlElement {
  /** Lower-case name: bare for RSS and unnamespaced elements, a fixed prefix for known namespaces ("atom:link"). */
  name: string;
  /** The name without its prefix ("link"), for serialising XHTML. */
  local: string;
  /** Lower-case attribute names, values decoded. */
  attrs: Record<string, string>;
  /** The base URL in effect (xml:base here or on an ancestor, else the feed's address). */
  base: string;
  /** Decoded text and child elements, in order. */
  children: (XmlElement | string)[];
}

// Bounds on what one feed may make us build; real feeds stay far below them.
const MAX_ELEMENTS = 200_000;
const MAX_DEPTH = 64;

// Namespaces by URI (lower case): '' for RSS's own elements, else the prefix we name them by.
const NAMESPACES: Record<string, string> = {
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.w3.org/1999/xhtml': 'xhtml',
};

type Scope = Record<string, string>;

/** True when a declaration would define entities: an internal DTD subset or an ENTITY declaration. */
function declaresEntities(name: string, data: string): boolean {
  const lower = name.toLowerCase();
  return lower === '!entity' || (lower === '!doctype' && data.includes('['));
}

/** The namespace declarations of a start tag, as a scope inheriting the parent's (or the parent's own when none). */
function scopeOf(attrs: Record<string, string>, parent: Scope): Scope {
  let scope = parent;
  for (const [key, value] of Object.entries(attrs)) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    if (scope === parent) scope = Object.create(parent) as Scope;
    scope[key === 'xmlns' ? '' : key.slice(6)] = value.trim().toLowerCase();
  }
  return scope;
}

/** A qualified name under our fixed prefixes; unknown namespaces keep the name as written. */
function canonicalName(qname: string, scope: Scope, isAttribute: boolean): string {
  const colon = qname.indexOf(':');
  if (colon < 0 && isAttribute) return qname;
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  if (prefix === 'xml' || prefix === 'xmlns') return qname;
  const uri = scope[prefix];
  const known = uri === undefined ? undefined : NAMESPACES[uri];
  const local = qname.slice(colon + 1);
  if (known === undefined) return qname;
  return known === '' ? local : `${known}:${local}`;
}

function elementOf(qname: string, raw: Record<string, string>, parent: XmlElement, scope: Scope): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = key.toLowerCase();
    attrs[name.includes(':') ? canonicalName(name, scope, true) : name] = decodeXmlText(value);
  }
  const name = canonicalName(qname.toLowerCase(), scope, false);
  const base = attrs['xml:base'] ? (resolveHttpUrl(attrs['xml:base'], parent.base) ?? parent.base) : parent.base;
  return { name, local: name.slice(name.indexOf(':') + 1), attrs, base, children: [] };
}

/** Parses XML into a tree, refusing entity declarations, unbalanced tags and oversized documents. */
export function parseXml(xml: string, feedUrl: string): XmlElement {
  const root: XmlElement = { name: '#document', local: '#document', attrs: {}, base: feedUrl, children: [] };
  const stack: XmlElement[] = [root];
  const scopes: Scope[] = [{}];
  let elements = 0;
  let problem: string | null = null;
  let pending = '';
  let inCdata = false;
  // Text arrives raw (entities undecoded) and maybe in pieces; it is decoded whole, CDATA never.
  const flush = () => {
    if (pending) stack.at(-1)!.children.push(decodeXmlText(pending));
    pending = '';
  };
  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        if (declaresEntities(name, data)) problem ??= 'declares its own XML entities (a DOCTYPE internal subset), refused as unsafe';
      },
      onopentag(name, attrs) {
        if (++elements > MAX_ELEMENTS) problem ??= `more than ${MAX_ELEMENTS} elements`;
        if (stack.length > MAX_DEPTH) problem ??= `nested deeper than ${MAX_DEPTH} elements`;
        if (problem) return parser.pause();
        flush();
        const scope = scopeOf(attrs, scopes.at(-1)!);
        const element = elementOf(name, attrs, stack.at(-1)!, scope);
        stack.at(-1)!.children.push(element);
        stack.push(element);
        scopes.push(scope);
      },
      onclosetag(name, isImplied) {
        flush();
        const selfClosing = xml.slice(parser.startIndex, parser.endIndex + 1).endsWith('/>');
        if (isImplied && !selfClosing) problem ??= `element <${name}> is not closed (truncated or malformed XML)`;
        if (stack.length > 1) {
          stack.pop();
          scopes.pop();
        }
      },
      oncdatastart() {
        flush();
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      ontext(text) {
        if (inCdata) stack.at(-1)!.children.push(text);
        else pending += text;
      },
    },
    { xmlMode: true, recognizeCDATA: true, decodeEntities: false },
  );
  parser.end(xml);
  flush();
  if (problem) throw new FeedError(`feed ${feedUrl} ${problem}`);
  return root;
}

export function isElement(node: XmlElement | string): node is XmlElement {
  return typeof node !== 'string';
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter(isElement);
}

/** The first child with one of the names, trying the names in the order given. */
export function firstChild(element: XmlElement, names: readonly string[]): XmlElement | null {
  const children = childElements(element);
  for (const name of names) {
    const found = children.find((c) => c.name === name);
    if (found) return found;
  }
  return null;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return childElements(element).filter((c) => c.name === name);
}

/** All text inside an element, as decoded. */
export function textOf(element: XmlElement): string {
  if (element.children.length === 1 && typeof element.children[0] === 'string') return element.children[0];
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}
