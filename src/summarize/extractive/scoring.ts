/** How the extractive summarizer scores and picks sentences: centrality, lead and rank, readability, redundancy (MMR). */
import { type Overlap, overlap } from '../common/index.js';
import { type Candidate, readabilityFlaws } from './candidates.js';

/** How a mode weighs what makes a sentence worth picking. */
export interface ScoringWeights {
  /** Bonus 1/(1+k) for the k-th sentence (single article) or paragraph (topic) of its article. */
  lead: number;
  /** Bonus 1/(1+rank/2) for sentences from better-ranked articles. */
  rank: number;
  /** Bonus per distinct topic term the sentence mentions (at most two count). */
  relevance: number;
  /** Penalty per readability flaw (dangling opener, question, quote-only, too short or long). */
  flaw: number;
  /** Penalty times the highest word overlap with a sentence already picked (MMR). */
  redundancy: number;
  /** Penalty per sentence already picked from the same article, to spread a topic summary over outlets. */
  sameArticle: number;
}

// Single article: the Luhn-style centrality does most of the work; a light lead bias breaks near-ties toward the top.
export const SINGLE_ARTICLE_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  lead: 0.2,
  rank: 0,
  relevance: 0,
  flaw: 0.15,
  redundancy: 0.2,
  sameArticle: 0,
});
// Topic: relevance, early paragraphs and well-ranked articles matter as much as centrality; readability matters more.
export const TOPIC_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  lead: 0.4,
  rank: 0.4,
  relevance: 0.15,
  flaw: 0.3,
  redundancy: 0.5,
  sameArticle: 0.1,
});

// Same wire story in two outlets: most content words shared, or one sentence a trimmed copy of the other.
const DUPLICATE_JACCARD = 0.6;
const DUPLICATE_CONTAINMENT = 0.85;
// Beyond this many content words a sentence stops gaining centrality for its length.
const CENTRALITY_LENGTH_CAP = 30;

export interface ScoredCandidate {
  candidate: Candidate;
  score: number;
}

/**
 * A picked sentence with every article it or a near-duplicate was found in (the first is where the text
 * comes from). Near-duplicate is looser than "holds the sentence": holdCitations (ADR 14) keeps only those that do.
 */
export interface PickedSentence {
  candidate: Candidate;
  sources: string[];
}

/** Stops a summary the caller cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The summary was aborted', 'AbortError');
}

/** Luhn-style centrality: how frequent in the pool a sentence's content words are, scaled to 0..1. */
export function centralityScores(pool: Candidate[]): number[] {
  const counts: number[] = [];
  let maxCount = 1;
  for (const c of pool) {
    for (const s of c.stems) {
      const n = (counts[s] ?? 0) + 1;
      counts[s] = n;
      if (n > maxCount) maxCount = n;
    }
  }
  const raw = pool.map((c) => {
    let sum = 0;
    for (const s of c.stems) sum += (counts[s] ?? 0) / maxCount;
    // Long sentences would win on length alone; past the cap they are scored by their average word.
    return c.stems.length > CENTRALITY_LENGTH_CAP ? (sum * CENTRALITY_LENGTH_CAP) / c.stems.length : sum;
  });
  const best = Math.max(0, ...raw);
  return best === 0 ? raw.map(() => 0) : raw.map((x) => x / best);
}

/** A sentence's standing before redundancy: centrality, lead and rank bias, topic relevance, minus readability flaws. */
export function scoreSentence(
  candidate: Candidate,
  centrality: number,
  matched: number,
  weights: ScoringWeights,
  topicMode: boolean,
): number {
  const lead = 1 / (1 + (topicMode ? candidate.paragraph : candidate.position));
  const rank = 1 / (1 + candidate.articleRank / 2);
  return (
    centrality +
    weights.lead * lead +
    weights.rank * rank +
    weights.relevance * Math.min(2, matched) -
    weights.flaw * readabilityFlaws(candidate)
  );
}

/** True when two sentences say the same thing in nearly the same words (a wire story reprinted). */
export function isNearDuplicate(a: Candidate, b: Candidate, shared: Overlap = overlap(a.stemSet, b.stemSet)): boolean {
  if (shared.jaccard >= DUPLICATE_JACCARD) return true;
  return Math.min(a.stemSet.length, b.stemSet.length) >= 4 && shared.containment >= DUPLICATE_CONTAINMENT;
}

/**
 * Greedy MMR: repeatedly takes the best sentence after penalties for overlap with what is already picked,
 * folding near-duplicates into the picked sentence's sources instead of repeating them.
 */
export function pickSentences(
  pool: ScoredCandidate[],
  maxSentences: number,
  weights: ScoringWeights,
  signal?: AbortSignal,
): PickedSentence[] {
  let remaining = pool.map((item) => ({ item, overlap: 0 }));
  const picked: PickedSentence[] = [];
  const perArticle = new Map<string, number>();
  const value = (r: { item: ScoredCandidate; overlap: number }): number =>
    r.item.score - weights.redundancy * r.overlap - weights.sameArticle * (perArticle.get(r.item.candidate.articleId) ?? 0);
  while (picked.length < maxSentences && remaining.length > 0) {
    throwIfAborted(signal);
    let best = remaining[0]!;
    for (const r of remaining) if (value(r) > value(best)) best = r;
    const chosen: PickedSentence = { candidate: best.item.candidate, sources: [best.item.candidate.articleId] };
    picked.push(chosen);
    perArticle.set(chosen.candidate.articleId, (perArticle.get(chosen.candidate.articleId) ?? 0) + 1);
    // One pass against the new pick: fold its near-duplicates, and raise everyone else's overlap.
    const next: typeof remaining = [];
    for (const r of remaining) {
      if (r === best) continue;
      const other = r.item.candidate;
      const shared = overlap(chosen.candidate.stemSet, other.stemSet);
      if (isNearDuplicate(chosen.candidate, other, shared)) {
        if (!chosen.sources.includes(other.articleId)) chosen.sources.push(other.articleId);
        continue;
      }
      r.overlap = Math.max(r.overlap, shared.jaccard);
      next.push(r);
    }
    remaining = next;
  }
  return picked;
}
