/** The default summarizer: picks sentences verbatim from the articles, so it needs nothing and cannot make things up. */
import {
  articleCandidates,
  isFragment,
  readabilityFlaws,
  type Candidate,
  type ParagraphFilter,
} from './candidates.js';
import { summarizeSet } from './extractive-set.js';
import { createVocabulary, isStopWord, overlap, stem, termCounter, wordTokens, type Overlap } from './similarity.js';
import type { SummarizableArticle, Summarizer, Summary, SummaryRequest, SummarySentence } from './summarizer.js';

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
export const SINGLE_ARTICLE_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({ lead: 0.2, rank: 0, relevance: 0, flaw: 0.15, redundancy: 0.2, sameArticle: 0 });
// Topic: relevance, early paragraphs and well-ranked articles matter as much as centrality; readability matters more.
export const TOPIC_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({ lead: 0.4, rank: 0.4, relevance: 0.15, flaw: 0.3, redundancy: 0.5, sameArticle: 0.1 });

// Same wire story in two outlets: most content words shared, or one sentence a trimmed copy of the other.
const DUPLICATE_JACCARD = 0.6;
const DUPLICATE_CONTAINMENT = 0.85;
// Beyond this many content words a sentence stops gaining centrality for its length.
const CENTRALITY_LENGTH_CAP = 30;
// Without a topic, several articles are summarized from their opening paragraphs only (and fast).
const LEAD_PARAGRAPHS_PER_ARTICLE = 3;

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

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The summary was aborted', 'AbortError');
}

/** The request's topic terms, lowercased; derived from the topic's content words when the caller passed none. */
export function requestTerms(request: SummaryRequest): string[] {
  const given = (request.terms ?? []).map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
  if (given.length > 0) return [...new Set(given)];
  if (!request.topic) return [];
  return [...new Set(wordTokens(request.topic).filter((w) => !isStopWord(w)))];
}

/** A cheap pre-check so only paragraphs that can mention a term are split into sentences. */
function mayMentionTerms(terms: string[]): ParagraphFilter {
  // The stem's first letters occur in every inflection and prefix match ("flies" -> "fly", "iran" -> "iranian").
  const needles = terms.map((t) => stem(wordTokens(t)[0] ?? '').slice(0, 4)).filter((n) => n.length > 0);
  return (paragraph) => {
    const lower = paragraph.toLowerCase();
    return needles.some((n) => lower.includes(n));
  };
}

/** Which paragraphs to split: those that may name the topic; without one, every paragraph of a lone article or the openings of many. */
function paragraphsWorthSplitting(terms: string[], articleCount: number): ParagraphFilter {
  if (terms.length > 0) return mayMentionTerms(terms);
  if (articleCount > 1) return (_paragraph, index) => index < LEAD_PARAGRAPHS_PER_ARTICLE;
  return () => true;
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

/** Reading order: by article rank, then by place in the article. */
function inReadingOrder(a: PickedSentence, b: PickedSentence): number {
  return a.candidate.articleRank - b.candidate.articleRank || a.candidate.position - b.candidate.position;
}

/** Every usable sentence of the articles, or only those mentioning a term when there is a topic. */
function collectPool(
  articles: SummarizableArticle[],
  terms: string[],
  signal: AbortSignal | undefined,
): { candidates: Candidate[]; matched: number[] } {
  const filter = paragraphsWorthSplitting(terms, articles.length);
  const vocabulary = createVocabulary();
  const countTerms = termCounter(terms, vocabulary.stem);
  const candidates: Candidate[] = [];
  const matched: number[] = [];
  articles.forEach((article, rank) => {
    throwIfAborted(signal);
    for (const c of articleCandidates(article, rank, filter, vocabulary)) {
      if (isFragment(c)) continue;
      const hits = terms.length > 0 ? countTerms(c.tokens) : 0;
      if (terms.length > 0 && hits === 0) continue;
      candidates.push(c);
      matched.push(hits);
    }
  });
  return { candidates, matched };
}

/** Scores a pool and picks from it. */
function summarizePool(
  candidates: Candidate[],
  matched: number[],
  maxSentences: number,
  weights: ScoringWeights,
  topicMode: boolean,
  signal: AbortSignal | undefined,
): PickedSentence[] {
  const centrality = centralityScores(candidates);
  const pool = candidates.map((candidate, i) => ({
    candidate,
    score: scoreSentence(candidate, centrality[i] ?? 0, matched[i] ?? 0, weights, topicMode),
  }));
  return pickSentences(pool, maxSentences, weights, signal).sort(inReadingOrder);
}

/** Stories or a word budget ask for the set mode (extractive-set.ts); without them a summary is picked as it always was. */
function isSetRequest(request: SummaryRequest): boolean {
  return request.stories !== undefined || request.maxWords !== undefined;
}

export class ExtractiveSummarizer implements Summarizer {
  readonly name = 'extractive';

  async summarize(request: SummaryRequest): Promise<Summary> {
    const { articles, signal } = request;
    throwIfAborted(signal);
    const maxSentences = Math.max(0, Math.floor(request.maxSentences));
    const terms = requestTerms(request);
    const notes: string[] = [];
    let picked: PickedSentence[] = [];
    if (maxSentences > 0 && articles.length > 0 && isSetRequest(request)) {
      picked = summarizeSet(request, terms, mayMentionTerms(terms), maxSentences);
      if (terms.length > 0 && picked.length === 0) {
        notes.push('No sentence names the topic; showing the articles\' opening sentences.');
        picked = summarizeSet(request, [], mayMentionTerms([]), maxSentences);
      }
    } else if (maxSentences > 0 && articles.length > 0) {
      const topicMode = terms.length > 0;
      const weights = topicMode || articles.length > 1 ? TOPIC_WEIGHTS : SINGLE_ARTICLE_WEIGHTS;
      const pool = collectPool(articles, terms, signal);
      picked = summarizePool(pool.candidates, pool.matched, maxSentences, weights, topicMode, signal);
      if (topicMode && picked.length === 0) {
        // The articles matched the topic elsewhere (title, metadata): fall back to their openings.
        notes.push('No sentence names the topic; showing the articles\' opening sentences.');
        const lead = collectPool(articles, [], signal);
        picked = summarizePool(lead.candidates, lead.matched, maxSentences, TOPIC_WEIGHTS, false, signal);
      }
    }
    throwIfAborted(signal);
    const sentences: SummarySentence[] = picked.map((p) => ({ text: p.candidate.text, sources: p.sources }));
    return notes.length > 0 ? { sentences, generator: this.name, notes } : { sentences, generator: this.name };
  }
}
