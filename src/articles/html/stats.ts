/** Text statistics of every element, computed bottom-up in one pass so scoring stays linear. */

import { CARRIAGE_RETURN, FORM_FEED, LINE_FEED, NO_BREAK_SPACE, SPACE, TAB } from '../text/index.js';
import { type AnyNode, allElements, type Element, isElement } from './dom.js';
import { BLOCK_TAGS } from './heuristics.js';

export interface TextStats {
  /** Characters of text below the element (whitespace runs count as one). */
  text: number;
  /** Characters of that text inside links. */
  links: number;
  commas: number;
  /** The same three for the element's own inline text, not counting text in child blocks. */
  ownText: number;
  ownLinks: number;
  ownCommas: number;
  /** Paragraph-like descendants (p, or non-heading blocks with their own text) of 25+ characters. */
  paragraphs: number;
}

export type StatsMap = Map<Element, TextStats>;

const EMPTY: TextStats = { text: 0, links: 0, commas: 0, ownText: 0, ownLinks: 0, ownCommas: 0, paragraphs: 0 };

// Commas in Latin, CJK and Arabic scripts all mark clause boundaries, a sign of prose.
const COMMA = /[,\uff0c\u060c\u3001]/g;

// Headings are labels, not prose paragraphs.
const HEADING = /^h[1-6]$/;

export function isBlock(element: Element): boolean {
  return BLOCK_TAGS.has(element.name);
}

function textLength(data: string): number {
  let length = 0;
  let inSpace = true;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const space =
      code === SPACE || code === LINE_FEED || code === TAB || code === CARRIAGE_RETURN || code === NO_BREAK_SPACE || code === FORM_FEED;
    if (!space) length++;
    else if (!inSpace) length++;
    inSpace = space;
  }
  return length;
}

function commaCount(data: string): number {
  return data.match(COMMA)?.length ?? 0;
}

/** Computes stats for every element under root (children are visited before their parents). */
export function computeStats(root: AnyNode): StatsMap {
  const stats: StatsMap = new Map();
  const elements = allElements(root);
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    const isLink = element.name === 'a';
    const own: TextStats = { text: 0, links: 0, commas: 0, ownText: 0, ownLinks: 0, ownCommas: 0, paragraphs: 0 };
    for (const child of element.children) {
      if (child.type === 'text') {
        const length = textLength(child.data);
        const commas = commaCount(child.data);
        own.text += length;
        own.commas += commas;
        own.ownText += length;
        own.ownCommas += commas;
        if (isLink) {
          own.links += length;
          own.ownLinks += length;
        }
      } else if (isElement(child)) {
        const c = stats.get(child) ?? EMPTY;
        own.text += c.text;
        own.commas += c.commas;
        own.links += isLink ? c.text : c.links;
        own.paragraphs += c.paragraphs;
        if (!isBlock(child)) {
          own.ownText += c.ownText;
          own.ownCommas += c.ownCommas;
          own.ownLinks += isLink ? c.ownText : c.ownLinks;
        }
      }
    }
    if (isBlock(element) && !HEADING.test(element.name) && own.ownText >= 25) own.paragraphs += 1;
    stats.set(element, own);
  }
  return stats;
}

export function linkDensity(s: TextStats): number {
  return s.text > 0 ? s.links / s.text : 0;
}

export function statsOf(stats: StatsMap, element: Element): TextStats {
  return stats.get(element) ?? EMPTY;
}
