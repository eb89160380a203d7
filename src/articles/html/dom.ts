/** A light DOM over htmlparser2: parsing and the few queries the extractor needs. */

import type { AnyNode, Document, Element } from 'domhandler';
import { DomHandler, type Options, Parser } from 'htmlparser2';
import { boundNesting, MAX_NESTING } from './guard.js';

export type { AnyNode, Document, Element };

const PARSE_OPTIONS: Options = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

class NestingTooDeep extends Error {}

/** A DOM builder that gives up past MAX_NESTING open elements, where the parser's cost turns quadratic. */
class BoundedHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.tagStack.length > MAX_NESTING) throw new NestingTooDeep();
    super.onopentag(name, attribs);
  }
}

function parseWith(handler: DomHandler, html: string): Document {
  new Parser(handler, PARSE_OPTIONS).end(html);
  return handler.root;
}

/** Parses HTML leniently (htmlparser2 never throws on malformed markup) with entities decoded and nesting bounded. */
export function parseHtml(html: string): Document {
  try {
    return parseWith(new BoundedHandler(undefined, PARSE_OPTIONS), html);
  } catch (error) {
    if (!(error instanceof NestingTooDeep)) throw error;
    // Only pathological pages pay for the second pass.
    return parseWith(new DomHandler(undefined, PARSE_OPTIONS), boundNesting(html));
  }
}

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function attr(element: Element, name: string): string {
  return element.attribs[name] ?? '';
}

/** The class and id of an element as one lowercase string, for pattern matching. */
export function classAndId(element: Element): string {
  const cls = element.attribs['class'];
  const id = element.attribs['id'];
  if (!cls && !id) return '';
  // camelCase words become hyphenated so "imageEmbedCaption" matches the word "caption".
  return `${cls ?? ''} ${id ?? ''}`.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * Collapses runs of whitespace (including non-breaking and zero-width spaces) into one space. The
 * zero-width non-joiner and joiner (U+200C, U+200D) are part of words (Persian "می‌خواهم", emoji
 * sequences): kept inside a word, dropped only where they touch white space.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(WHITE_SPACE_RUN, ' ').trim();
}

/** White space and zero-width spaces, with any joiners on either side of them. */
const WHITE_SPACE_RUN = /[\u200c\u200d]*[\s\u00a0\u200b\u2060\ufeff][\s\u00a0\u200b\u200c\u200d\u2060\ufeff]*/g;

/** Every element under a root, in document order, without recursion (deep pages must not overflow the stack). */
export function allElements(root: AnyNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node)) out.push(node);
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Elements with one of the given tag names, in document order. */
export function elementsByTag(root: AnyNode, names: ReadonlySet<string>): Element[] {
  return allElements(root).filter((el) => names.has(el.name));
}

/** The raw concatenated text under a node (no block separation); cheap, for short elements. */
export function rawText(node: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'text') parts.push(current.data);
    else if ('children' in current) for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return parts.join('');
}

/** The collapsed text of a node. */
export function textOf(node: AnyNode): string {
  return collapseWhitespace(rawText(node));
}

/** Detaches a node from its parent and siblings. */
export function removeNode(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node);
  if (index >= 0) parent.children.splice(index, 1);
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Child elements of an element. */
export function childElements(element: Element): Element[] {
  return element.children.filter(isElement);
}
