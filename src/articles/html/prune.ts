/** Removing what is never article prose: scripts, navigation, hidden and boilerplate-classed elements. */

import { type AnyNode, attr, classAndId, type Element, isElement } from './dom.js';
import {
  BOILERPLATE_CLASS,
  CONTENT_CLASS,
  DROPPED_TAGS,
  EMBED_CLASS,
  LAYOUT_WRAPPER_SHARE,
  PROSE_CORE_MIN_CHARS,
  RESCUE_MIN_PARAGRAPHS,
} from './heuristics.js';
import { computeStats, type StatsMap, statsOf } from './stats.js';

/** ARIA roles of page furniture. */
const BOILERPLATE_ROLES: ReadonlySet<string> = new Set([
  'navigation',
  'complementary',
  'banner',
  'contentinfo',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'search',
  'toolbar',
]);

/** Elements whose class/id is never judged: the page shell and its main article. */
const NEVER_CLASS_DROPPED: ReadonlySet<string> = new Set(['html', 'body', 'article', 'main']);

export interface PruneOptions {
  /** Also drop elements by class/id words (off on a retry when the first pass found too little). */
  byClass: boolean;
}

/** Hidden elements are not part of what the reader sees. */
export function isHidden(element: Element): boolean {
  if (element.attribs['hidden'] !== undefined) return true;
  const style = attr(element, 'style');
  return style !== '' && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * A class/id that names furniture (share, related, newsletter...), unless it also names the article and holds
 * prose, or wraps most of the page's paragraphs (a layout wrapper such as "page-ad-margins").
 */
export function hasBoilerplateClass(element: Element, stats: StatsMap, pageParagraphs: number): boolean {
  const names = classAndId(element);
  if (names === '' || NEVER_CLASS_DROPPED.has(element.name)) return false;
  if (!BOILERPLATE_CLASS.test(names) || EMBED_CLASS.test(names)) return false;
  const paragraphs = statsOf(stats, element).paragraphs;
  if (paragraphs > pageParagraphs * LAYOUT_WRAPPER_SHARE) return false;
  return !(CONTENT_CLASS.test(names) && paragraphs >= RESCUE_MIN_PARAGRAPHS);
}

/** What the class/id rule weighs an element against: the page's paragraph count and the prose core's line. */
interface ClassContext {
  stats: StatsMap;
  pageParagraphs: number;
  /** The prose core and its ancestors: never dropped for a class word. */
  coreLine: ReadonlySet<Element>;
}

export function isBoilerplateElement(element: Element, options: PruneOptions, context: ClassContext): boolean {
  if (DROPPED_TAGS.has(element.name) || element.type !== 'tag') return true;
  if (BOILERPLATE_ROLES.has(attr(element, 'role'))) return true;
  if (isHidden(element)) return true;
  if (!options.byClass || context.coreLine.has(element)) return false;
  return hasBoilerplateClass(element, context.stats, context.pageParagraphs);
}

/**
 * The element holding the most unlinked text in paragraphs of its own (the prose core), with its ancestors:
 * the article's body, even when a template names it or its wrappers "read-more", "paywall" or "modal".
 */
export function proseCoreLine(stats: StatsMap): Set<Element> {
  let core: Element | null = null;
  let best = PROSE_CORE_MIN_CHARS - 1;
  for (const element of stats.keys()) {
    let prose = 0;
    for (const child of element.children) {
      if (!isElement(child) || child.name !== 'p') continue;
      const s = statsOf(stats, child);
      prose += s.text - s.links;
    }
    if (prose > best) [core, best] = [element, prose];
  }
  const line = new Set<Element>();
  for (let node: AnyNode | null = core; node && isElement(node); node = node.parent) line.add(node);
  return line;
}

/** Drops boilerplate elements and comments in place, in one pass over the tree. */
export function pruneBoilerplate(root: AnyNode, options: PruneOptions): void {
  const stats: StatsMap = options.byClass ? computeStats(root) : new Map();
  let pageParagraphs = 0;
  if ('children' in root) for (const child of root.children) if (isElement(child)) pageParagraphs += statsOf(stats, child).paragraphs;
  const context: ClassContext = { stats, pageParagraphs, coreLine: options.byClass ? proseCoreLine(stats) : new Set() };
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('children' in node)) continue;
    const kept = node.children.filter(
      (child) => child.type === 'text' || (isElement(child) && !isBoilerplateElement(child, options, context)),
    );
    if (kept.length !== node.children.length) relink(node.children, kept);
    for (const child of kept) stack.push(child);
  }
}

/** Replaces a children array's contents with the kept nodes and repairs sibling links. */
function relink(children: AnyNode[], kept: AnyNode[]): void {
  children.length = 0;
  for (let i = 0; i < kept.length; i++) {
    const node = kept[i]!;
    node.prev = kept[i - 1] ?? null;
    node.next = kept[i + 1] ?? null;
    children.push(node);
  }
}
