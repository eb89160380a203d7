/** Removing what is never article prose: scripts, navigation, hidden and boilerplate-classed elements. */

import { type AnyNode, attr, classAndId, type Element, isElement } from './dom.js';
import { BOILERPLATE_CLASS, CONTENT_CLASS, DROPPED_TAGS, EMBED_CLASS, LAYOUT_WRAPPER_SHARE, RESCUE_MIN_PARAGRAPHS } from './heuristics.js';
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

export function isBoilerplateElement(element: Element, options: PruneOptions, stats: StatsMap, pageParagraphs: number): boolean {
  if (DROPPED_TAGS.has(element.name) || element.type !== 'tag') return true;
  if (BOILERPLATE_ROLES.has(attr(element, 'role'))) return true;
  if (isHidden(element)) return true;
  return options.byClass && hasBoilerplateClass(element, stats, pageParagraphs);
}

/** Drops boilerplate elements and comments in place, in one pass over the tree. */
export function pruneBoilerplate(root: AnyNode, options: PruneOptions): void {
  const stats = options.byClass ? computeStats(root) : new Map();
  let pageParagraphs = 0;
  if ('children' in root) for (const child of root.children) if (isElement(child)) pageParagraphs += statsOf(stats, child).paragraphs;
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('children' in node)) continue;
    const kept = node.children.filter(
      (child) => child.type === 'text' || (isElement(child) && !isBoilerplateElement(child, options, stats, pageParagraphs)),
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
