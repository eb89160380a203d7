/** Turning the chosen container(s) into clean paragraphs of text. */

import { type AnyNode, collapseWhitespace, type Element, isElement, textOf } from './dom.js';
import {
  BOILERPLATE_LINE,
  BOILERPLATE_PREFIX,
  BOILERPLATE_PREFIX_MAX_CHARS,
  CALL_TO_ACTION,
  CALL_TO_ACTION_MAX_CHARS,
} from './heuristics.js';
import { isBlock, linkDensity, type StatsMap, statsOf } from './stats.js';

/** Headings that are the page title, not part of the body. */
const TITLE_TAGS: ReadonlySet<string> = new Set(['h1']);

/** Containers that, inside the article, are still skipped when they are mostly links (related lists, tag clouds). */
const LINK_LIST_TAGS: ReadonlySet<string> = new Set(['ul', 'ol', 'dl', 'div', 'section', 'table', 'p', 'li']);

/** Decides whether a block inside the article is furniture rather than prose. */
export function isLinkCluster(element: Element, stats: StatsMap): boolean {
  if (!LINK_LIST_TAGS.has(element.name)) return false;
  const s = statsOf(stats, element);
  if (s.text === 0) return false;
  const density = linkDensity(s);
  if (element.name === 'p' || element.name === 'li') return density > 0.5 && !(density < 0.9 && isLinkedSentence(element));
  return (density > 0.5 && s.commas < 10) || (density > 0.33 && s.commas < 3);
}

/** A paragraph kept in the body: not empty, not furniture, not a short call to action. */
export function isProseParagraph(text: string): boolean {
  if (text === '' || BOILERPLATE_LINE.test(text)) return false;
  if (text.length <= BOILERPLATE_PREFIX_MAX_CHARS && BOILERPLATE_PREFIX.test(text)) return false;
  return text.length > CALL_TO_ACTION_MAX_CHARS || !CALL_TO_ACTION.test(text);
}

/** "By Jane Doe - 11/18/19 11:04 PM" above the body: a short credit line, not a sentence. */
const BYLINE_LINE = /^by\s+\p{Lu}[^.!?]{0,80}$/u;

/** Drops the page's title and byline where the template repeats them inside the article container. */
export function dropTitleAndByline(paragraphs: string[], title: string | null, byline: string | null): string[] {
  return paragraphs.filter((text, index) => {
    if (index < 3 && title !== null && text === title) return false;
    if (BYLINE_LINE.test(text)) return false;
    return !(byline !== null && text.length < byline.length + 40 && text.includes(byline) && !/[.!?]$/.test(text));
  });
}

/** A link-heavy paragraph is still prose when it reads as a full sentence (inline links in running text). */
function isLinkedSentence(element: Element): boolean {
  const text = textOf(element);
  return text.split(' ').length >= 12 && /[.!?]["'\u201d\u2019)]?$/.test(text);
}

type Step = { node: AnyNode; exit: false } | { node: Element; exit: true };

/** Emits paragraphs in document order: each block starts a new one, `<br>` pairs split one. */
export function emitParagraphs(roots: Element[], stats: StatsMap): string[] {
  const paragraphs: string[] = [];
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    const text = collapseWhitespace(buffer.join(''));
    buffer = [];
    if (isProseParagraph(text) && paragraphs[paragraphs.length - 1] !== text) paragraphs.push(text);
  };
  const stack: Step[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, exit: false });
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.exit) {
      if (isBlock(step.node)) flush();
      continue;
    }
    const node = step.node;
    if (node.type === 'text') {
      buffer.push(node.data);
      continue;
    }
    if (!isElement(node)) continue;
    if (node.name === 'br') {
      buffer.push('\n');
      if (node.next && isElement(node.next) && node.next.name === 'br') flush();
      continue;
    }
    if (TITLE_TAGS.has(node.name) || isLinkCluster(node, stats)) continue;
    if (isBlock(node)) flush();
    stack.push({ node, exit: true });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, exit: false });
  }
  flush();
  return paragraphs;
}
