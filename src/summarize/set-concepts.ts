/**
 * Concepts shared across the set's articles (ADR 21, revision 1): word pairs that several articles
 * use are the facts they report, as in concept-coverage summarizers (Gillick and Favre). A picked
 * sentence covers its pairs, so the next pick gains only for what is still uncovered: a second
 * outlet's wording of the same fact gains nothing, while a new fact does. Counted over the whole
 * set, not per story: grouping misses rewritten reports of one event (ADR 19), and a pair several
 * stories share is what the topic is about.
 */
import type { Candidate } from './candidates.js';
import { isStopWord } from './similarity.js';

/** Each candidate's concepts (ids) and the weight of every concept id. */
export interface Concepts {
  of: number[][];
  weight: number[];
  /** The largest total weight one candidate holds (for scaling gains to 0..1); 0 when none. */
  best: number;
}

/** A pair of adjacent words counts when one of them is a content word ("the port" yes, "of the" no). */
function pairsOf(tokens: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (!isStopWord(a) || !isStopWord(b)) pairs.push(`${a} ${b}`);
  }
  return pairs;
}

/** A pair used by k >= 2 of the set's articles weighs k - 1; one article's pair, nothing. */
export function sharedConcepts(candidates: readonly Candidate[]): Concepts {
  const holders = new Map<string, Set<string>>();
  const keys = candidates.map((c) => {
    const own = [...new Set(pairsOf(c.tokens))];
    for (const key of own) {
      let set = holders.get(key);
      if (!set) holders.set(key, (set = new Set()));
      set.add(c.articleId);
    }
    return own;
  });
  const ids = new Map<string, number>();
  const weight: number[] = [];
  for (const [key, set] of holders) {
    if (set.size < 2) continue;
    ids.set(key, weight.length);
    weight.push(set.size - 1);
  }
  const of = keys.map((own) => own.flatMap((key) => (ids.has(key) ? [ids.get(key)!] : [])));
  let best = 0;
  for (const list of of) best = Math.max(best, list.reduce((sum, id) => sum + weight[id]!, 0));
  return { of, weight, best };
}

/** The weight a candidate's concepts add that the picks so far have not covered, scaled by the best candidate's total. */
export function uncoveredGain(concepts: Concepts, index: number, covered: ReadonlySet<number>): number {
  if (concepts.best === 0) return 0;
  let gain = 0;
  for (const id of concepts.of[index]!) if (!covered.has(id)) gain += concepts.weight[id]!;
  return gain / concepts.best;
}
