/** Choosing the article's container: Readability-style scores from the paragraphs each block holds. */

import { type AnyNode, allElements, childElements, classAndId, type Element, isElement, textOf } from './dom.js';
import { CONTAINER_TAGS, MIN_SCORED_PARAGRAPH, NEGATIVE_CLASS, POSITIVE_CLASS, TAG_WEIGHTS } from './heuristics.js';
import { isBlock, linkDensity, type StatsMap, statsOf, type TextStats } from './stats.js';

/** How far up a paragraph's score travels, and the share each ancestor level receives. */
const ANCESTOR_SHARES = [1, 1 / 2, 1 / 6, 1 / 9, 1 / 12];

export type Scores = Map<Element, number>;

/** Class/id words say a lot about intent: -25 for furniture-ish; article-ish can at most double what the prose earned. */
export function classWeight(element: Element, earned: number): number {
  const names = classAndId(element);
  if (names === '') return 0;
  let weight = 0;
  if (NEGATIVE_CLASS.test(names)) weight -= 25;
  if (POSITIVE_CLASS.test(names)) weight += Math.min(25, earned);
  return weight;
}

/** A block's own prose is worth more the longer it is and the more clauses (commas) it has. */
export function scoreParagraph(s: TextStats): number {
  const text = s.ownText;
  const density = text > 0 ? s.ownLinks / text : 0;
  return (1 + s.ownCommas + Math.min(Math.floor(text / 100), 3)) * (1 - density);
}

function isScoredParagraph(element: Element, s: TextStats): boolean {
  return isBlock(element) && s.ownText >= MIN_SCORED_PARAGRAPH;
}

/** Gives every block container a score from the paragraphs below it, discounted by its link density. */
export function scoreContainers(root: AnyNode, stats: StatsMap): Scores {
  const scores: Scores = new Map();
  for (const element of allElements(root)) {
    const s = statsOf(stats, element);
    if (!isScoredParagraph(element, s)) continue;
    const points = scoreParagraph(s);
    // A div with its own text is both a paragraph and a possible container.
    let ancestor: Element | null = CONTAINER_TAGS.has(element.name) && s.paragraphs > 1 ? element : parentElement(element);
    for (let level = 0; ancestor && level < ANCESTOR_SHARES.length; level++) {
      scores.set(ancestor, (scores.get(ancestor) ?? 0) + points * ANCESTOR_SHARES[level]!);
      ancestor = parentElement(ancestor);
    }
  }
  for (const [element, earned] of scores) {
    const initial = (TAG_WEIGHTS[element.name] ?? 0) + classWeight(element, earned);
    scores.set(element, (earned + initial) * (1 - linkDensity(statsOf(stats, element))));
  }
  return scores;
}

function parentElement(node: AnyNode): Element | null {
  const parent = node.parent;
  return parent && isElement(parent) ? parent : null;
}

function contains(ancestor: Element, node: Element): boolean {
  for (let current: Element | null = node; current; current = parentElement(current)) if (current === ancestor) return true;
  return false;
}

/** The best-scoring container, moved up when near-equal rivals share an ancestor (an article split in parts). */
export function pickContainer(scores: Scores): Element | null {
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  if (!best) return null;
  let [top, topScore] = best;
  const rivals = ranked
    .slice(1, 5)
    .filter(([, score]) => score >= topScore * 0.75)
    .map(([el]) => el);
  if (rivals.length >= 3) top = commonAncestorOfMost(top, rivals) ?? top;
  top = climbWhileScoreHolds(top, scores);
  topScore = scores.get(top) ?? topScore;
  while (top.parent && isElement(top.parent) && top.parent.name !== 'body' && childElements(top.parent).length === 1) top = top.parent;
  return top;
}

function commonAncestorOfMost(top: Element, rivals: Element[]): Element | null {
  for (let parent = parentElement(top); parent && parent.name !== 'body'; parent = parentElement(parent)) {
    if (rivals.filter((rival) => contains(parent, rival)).length >= 3) return parent;
  }
  return null;
}

/** Readability's walk up: a parent scoring higher than the child holds more of the article. */
function climbWhileScoreHolds(top: Element, scores: Scores): Element {
  let lastScore = scores.get(top) ?? 0;
  const threshold = lastScore / 3;
  let current = top;
  for (let parent = parentElement(top); parent && parent.name !== 'body'; parent = parentElement(parent)) {
    const score = scores.get(parent);
    if (score === undefined) continue;
    if (score < threshold) break;
    if (score > lastScore) {
      current = parent;
      break;
    }
    lastScore = score;
  }
  return current;
}

/** The container plus siblings that look like more of the same article (same class, good score, plain prose). */
export function collectSiblings(top: Element, scores: Scores, stats: StatsMap): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent)) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = top.attribs['class'] ?? '';
  let beforeTop = true;
  return childElements(parent).filter((sibling) => {
    if (sibling === top) {
      beforeTop = false;
      return true;
    }
    const bonus = topClass !== '' && sibling.attribs['class'] === topClass ? topScore * 0.2 : 0;
    const score = isMorePartOfText(sibling, top, stats) ? bestScoreWithin(sibling, scores) : (scores.get(sibling) ?? 0);
    if (score + bonus >= threshold) return true;
    return isProseSibling(sibling, statsOf(stats, sibling), beforeTop);
  });
}

/**
 * Siblings of one tag whose first class word is the same and names article content ("articleBodyText")
 * are parts of one text; grid words ("row", "col-xs-12") name a layout, not a part.
 */
function isSameKind(sibling: Element, top: Element): boolean {
  const kind = firstClassWord(top);
  return POSITIVE_CLASS.test(kind) && sibling.name === top.name && firstClassWord(sibling) === kind;
}

/** A sibling of the same kind that is still plain prose: not named furniture ("content comments"), not a list of links. */
function isMorePartOfText(sibling: Element, top: Element, stats: StatsMap): boolean {
  return isSameKind(sibling, top) && !NEGATIVE_CLASS.test(classAndId(sibling)) && linkDensity(statsOf(stats, sibling)) < 0.25;
}

function firstClassWord(element: Element): string {
  return (element.attribs['class'] ?? '').trim().split(/\s+/, 1)[0] ?? '';
}

/**
 * A sibling's best candidate, itself or below: a part of the article nested deeper than scores travel
 * up (or split by figures into wrappers of one paragraph each) still shows its prose.
 */
function bestScoreWithin(sibling: Element, scores: Scores): number {
  let best = scores.get(sibling) ?? 0;
  for (const element of allElements(sibling)) best = Math.max(best, scores.get(element) ?? 0);
  return best;
}

/** A lone paragraph beside the container; before it, a div may hold the lead the template keeps apart. */
function isProseSibling(sibling: Element, s: TextStats, beforeTop: boolean): boolean {
  const lead = beforeTop && (sibling.name === 'div' || sibling.name === 'section') && s.paragraphs === 1 && s.ownText > 80;
  if (sibling.name !== 'p' && !lead) return false;
  const density = linkDensity(s);
  if (s.text > 80) return density < 0.25;
  return s.text > 0 && density === 0 && /[.!?]["'”’]?$/.test(textOf(sibling));
}
