/**
 * Concepts shared across the set's articles (ADR 21, revision 1): word pairs that several articles
 * use are the facts they report, as in concept-coverage summarizers (Gillick and Favre). A picked
 * sentence covers its pairs, so the next pick gains only for what is still uncovered: a second
 * outlet's wording of the same fact gains nothing, while a new fact does. Counted over the whole
 * set, not per story: grouping misses rewritten reports of one event (ADR 19), and a pair several
 * stories share is what the topic is about.
 */
import { isStopWord } from '../common/index.js';
import type { Candidate } from './candidates.js';

/** Each candidate's concepts (ids) and the weight of every concept id. */
export interface Concepts {
  of: number[][];
  weight: number[];
  /** The largest total weight one candidate holds (for scaling gains to 0..1); 0 when none. */
  best: number;
}

// Word ids stay below this, so a pair of ids is one number (first * PAIR_BASE + second).
const PAIR_BASE = 1 << 21;

/** Each candidate's distinct pairs of adjacent words, as numbers; a pair counts when one word is a content word ("the port" yes, "of the" no). */
function pairKeys(candidates: readonly Candidate[]): number[][] {
  const wordIds = new Map<string, number>();
  // A stop word gets an odd id, so a pair of two is told by parity alone.
  const idOf = (word: string): number => {
    let id = wordIds.get(word);
    if (id === undefined) wordIds.set(word, (id = wordIds.size * 2 + (isStopWord(word) ? 1 : 0)));
    return id;
  };
  return candidates.map((c) => {
    const keys = new Set<number>();
    let previous = -1;
    for (const token of c.tokens) {
      const id = idOf(token);
      if (previous >= 0 && (previous % 2 === 0 || id % 2 === 0)) keys.add(previous * PAIR_BASE + id);
      previous = id;
    }
    return [...keys];
  });
}

/** A pair used by k >= 2 of the set's articles weighs k - 1; one article's pair, nothing. */
export function sharedConcepts(candidates: readonly Candidate[]): Concepts {
  const keys = pairKeys(candidates);
  const holders = new Map<number, { articles: number; last: string }>();
  keys.forEach((own, i) => {
    const article = candidates[i]!.articleId;
    for (const key of own) {
      const h = holders.get(key);
      if (!h) holders.set(key, { articles: 1, last: article });
      else if (h.last !== article) {
        h.articles++;
        h.last = article;
      }
    }
  });
  const ids = new Map<number, number>();
  const weight: number[] = [];
  for (const [key, h] of holders) {
    if (h.articles < 2) continue;
    ids.set(key, weight.length);
    weight.push(h.articles - 1);
  }
  const of = keys.map((own) => own.flatMap((key) => (ids.has(key) ? [ids.get(key)!] : [])));
  let best = 0;
  for (const list of of)
    best = Math.max(
      best,
      list.reduce((sum, id) => sum + weight[id]!, 0),
    );
  return { of, weight, best };
}

/** No concepts at all, for a pool of this many candidates. */
export function noConcepts(candidates: number): Concepts {
  return { of: Array.from({ length: candidates }, () => []), weight: [], best: 0 };
}

/** The weight a candidate's concepts add that the picks so far have not covered, scaled by the best candidate's total. */
export function uncoveredGain(concepts: Concepts, index: number, covered: ReadonlySet<number>): number {
  if (concepts.best === 0) return 0;
  let gain = 0;
  for (const id of concepts.of[index]!) if (!covered.has(id)) gain += concepts.weight[id]!;
  return gain / concepts.best;
}
