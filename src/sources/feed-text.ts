/**
 * The text of feed elements, by what they hold: RSS titles and descriptions are HTML more often than
 * not, Atom says so in its `type` attribute (text, html or xhtml: RFC 4287 §3.1), and plain text that
 * must become HTML is escaped. Links inside HTML resolve against the element's xml:base.
 */
import { decodeStray, escapeHtml, htmlToText, resolveHttpUrl, resolveLinksInHtml, textToHtml } from './entities.js';
import { firstChild, textOf, type XmlElement } from './xml-tree.js';

export type TextKind = 'text' | 'html' | 'xhtml';

/** An Atom text construct's kind; Atom 0.3's `mode="escaped"` and MIME-type spellings count too. */
export function constructKind(element: XmlElement): TextKind {
  const type = (element.attrs.type ?? '').trim().toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') return 'xhtml';
  if (type === 'html' || type === 'text/html' || element.attrs.mode === 'escaped') return 'html';
  return 'text';
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const LINK_ATTRIBUTES = new Set(['href', 'src']);

function serializeAttributes(element: XmlElement): string {
  let out = '';
  for (const [name, value] of Object.entries(element.attrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xml:')) continue;
    const shown = LINK_ATTRIBUTES.has(name) ? (resolveHttpUrl(value, element.base) ?? value) : value;
    out += ` ${name}="${escapeHtml(shown)}"`;
  }
  return out;
}

function serializeNode(node: XmlElement | string): string {
  if (typeof node === 'string') return escapeHtml(node);
  const open = `<${node.local}${serializeAttributes(node)}`;
  if (VOID_ELEMENTS.has(node.local)) return `${open}>`;
  return `${open}>${node.children.map(serializeNode).join('')}</${node.local}>`;
}

/** XHTML content as HTML: the wrapping <div> the spec requires is dropped, links resolved where they sit. */
function xhtmlOf(element: XmlElement): string {
  const div = firstChild(element, ['xhtml:div', 'div']);
  return (div ?? element).children.map(serializeNode).join('').trim();
}

/** A text construct as plain text: markup dropped from html and xhtml; stray entities decoded in text. */
export function constructText(element: XmlElement, kind: TextKind = constructKind(element)): string {
  if (kind === 'xhtml') return htmlToText(xhtmlOf(element));
  if (kind === 'html') return htmlToText(textOf(element));
  return decodeStray(textOf(element));
}

/** A text construct as HTML: html as given (links resolved), xhtml serialised, text escaped. */
export function constructHtml(element: XmlElement, kind: TextKind = constructKind(element)): string {
  if (kind === 'xhtml') return xhtmlOf(element);
  if (kind === 'html') return resolveLinksInHtml(textOf(element).trim(), element.base);
  return textToHtml(textOf(element));
}

/** How a child is read: as one kind, or by its own `type` attribute (Atom's text constructs). */
export type Reading = TextKind | 'typed';

/** The first named child's text as plain text, or null when absent or empty. */
export function childText(element: XmlElement, names: readonly string[], reading: Reading = 'html'): string | null {
  for (const name of names) {
    const child = firstChild(element, [name]);
    const text = child ? constructText(child, reading === 'typed' ? constructKind(child) : reading) : '';
    if (text) return text;
  }
  return null;
}

/** The first named child's content as HTML, or null when absent or empty. */
export function childHtml(element: XmlElement, names: readonly string[], reading: Reading = 'html'): string | null {
  for (const name of names) {
    const child = firstChild(element, [name]);
    const html = child ? constructHtml(child, reading === 'typed' ? constructKind(child) : reading) : '';
    if (html.trim()) return html;
  }
  return null;
}
