/**
 * Extractive summaries of a set of articles that may report several stories (ADR 21): sentences are
 * scored within their own story (what several of its articles report counts most), picked greedily
 * for the shared concepts they still add (set-concepts.ts), against redundancy, with a penalty per
 * sentence already taken from the same story, within a word budget of whole sentences; a sentence
 * leaning on the one before it only right after it (set-order.ts); cited to every holder (ADR 14).
 */
import { createCitationChecker } from '../citations/index.js';
import { countWords, overlap, type SummarizableArticle, type SummaryRequest } from '../common/index.js';
import { type Candidate, collectCandidates, type ParagraphFilter } from './candidates.js';
import {
  centralityScores,
  isNearDuplicate,
  type PickedSentence,
  type ScoringWeights,
  scoreSentence,
  TOPIC_WEIGHTS,
  throwIfAborted,
} from './scoring.js';
import { type Concepts, noConcepts, sharedConcepts, uncoveredGain } from './set-concepts.js';
import { inTellingOrder, leansOn, placeOf } from './set-order.js';

/** What the set mode adds to the sentence weights of scoring.ts (centrality within its story is 0..1). */
export const SET_EXTRAS = Object.freeze({
  /** Bonus for the share of the story's other articles that share the sentence's words (what several outlets report). */
  agreement: 2,
  /** A story's standing: its best sentence scores this times its share of the set's articles (plus the rank bonus). */
  storyShare: 0.3,
});

/** How a set is summarized with or without a topic. */
export interface SetMode {
  /** Bonus for the shared word pairs (set-concepts.ts) the sentence adds to what the picks cover, 1 for the richest sentence. */
  concepts: number;
  /** Penalty per sentence already picked from the same story, so several stories each get their say. */
  sameStory: number;
}

// Without a topic, what the articles share is what the set is about; the story penalty outweighs what concepts leave.
export const SET_MODE: Readonly<SetMode> = Object.freeze({ concepts: 8, sameStory: 2 });
// On a topic the ranking says what matters, and what the found articles share is often a side subject (trade routes, not Iran).
export const TOPIC_SET_MODE: Readonly<SetMode> = Object.freeze({ concepts: 0, sameStory: 0.35 });

const NOTHING_COVERED: ReadonlySet<number> = new Set();

// Without a topic the articles' order says little (files as given), and the opening sentences say most.
export const SET_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  lead: 0.5,
  rank: 0,
  relevance: 0,
  flaw: 0.3,
  redundancy: 0.6,
  sameArticle: 0.05,
});

// Without a topic, this many opening paragraphs of each article are read: the rest rarely leads a summary.
const LEAD_PARAGRAPHS = 8;

/** A candidate with its story and standing before the picks begin. */
interface SetCandidate {
  candidate: Candidate;
  story: number;
  words: number;
  score: number;
  /** The place of the sentence this one leans on (set-order.ts), or null when it stands alone. */
  leansOn: string | null;
  /** The candidate's index in the pool (its concepts). */
  index: number;
  /** Its shared concepts' weight before any pick (uncoveredGain), part of its score. */
  gain: number;
}

interface Limits {
  maxSentences: number;
  maxWords: number;
}

/** Article frequency of each stem within each story, and the story's size. */
function storyStemCounts(
  candidates: readonly Candidate[],
  storyOf: (c: Candidate) => number,
): Map<number, { articles: number; df: Map<number, number> }> {
  const seen = new Map<number, { articles: Set<string>; df: Map<number, number>; last: Map<number, string> }>();
  for (const c of candidates) {
    const story = storyOf(c);
    let s = seen.get(story);
    if (!s) seen.set(story, (s = { articles: new Set(), df: new Map(), last: new Map() }));
    s.articles.add(c.articleId);
    for (const id of c.stemSet) {
      if (s.last.get(id) === c.articleId) continue;
      s.last.set(id, c.articleId);
      s.df.set(id, (s.df.get(id) ?? 0) + 1);
    }
  }
  return new Map([...seen].map(([story, s]) => [story, { articles: s.articles.size, df: s.df }]));
}

/** Share of a story's other articles that have the sentence's content words, averaged over its words: 0 for a lone article. */
function agreementOf(c: Candidate, stats: { articles: number; df: Map<number, number> }): number {
  if (stats.articles < 2 || c.stemSet.length === 0) return 0;
  let sum = 0;
  for (const id of c.stemSet) sum += ((stats.df.get(id) ?? 1) - 1) / (stats.articles - 1);
  return sum / c.stemSet.length;
}

/** Scores every candidate within its own story, so a small story's best sentence stands as high as a big one's. */
function scoreSet(
  candidates: readonly Candidate[],
  matched: readonly number[],
  storyOf: (c: Candidate) => number,
  weights: Readonly<ScoringWeights>,
  topicMode: boolean,
  concepts: Concepts,
  mode: Readonly<SetMode>,
): SetCandidate[] {
  const byStory = new Map<number, number[]>();
  candidates.forEach((c, i) => {
    const list = byStory.get(storyOf(c)) ?? [];
    list.push(i);
    byStory.set(storyOf(c), list);
  });
  const centrality: number[] = [];
  for (const members of byStory.values()) {
    const scores = centralityScores(members.map((i) => candidates[i]!));
    members.forEach((i, k) => (centrality[i] = scores[k] ?? 0));
  }
  const stats = storyStemCounts(candidates, storyOf);
  const raw = candidates.map(
    (candidate, i) =>
      scoreSentence(candidate, centrality[i] ?? 0, matched[i] ?? 0, weights, topicMode) +
      SET_EXTRAS.agreement * agreementOf(candidate, stats.get(storyOf(candidate))!),
  );
  // Each story's best sentence scores its story's standing: a lone outlet's story is not outscored by a widely reported one.
  const offset = new Map<number, number>();
  const articleCount = new Set(candidates.map((c) => c.articleId)).size;
  for (const [story, members] of byStory) {
    const best = Math.max(...members.map((i) => raw[i]!));
    const bestRank = Math.min(...members.map((i) => candidates[i]!.articleRank));
    const share = stats.get(story)!.articles / articleCount;
    offset.set(story, SET_EXTRAS.storyShare * share + weights.rank / (1 + bestRank / 2) - best);
  }
  const leaning = leansOn(candidates);
  return candidates.map((candidate, i) => {
    const story = storyOf(candidate);
    const gain = uncoveredGain(concepts, i, NOTHING_COVERED);
    return {
      candidate,
      story,
      words: countWords(candidate.text),
      score: raw[i]! + offset.get(story)! + mode.concepts * gain,
      gain,
      leansOn: leaning[i]!,
      index: i,
    };
  });
}

/** Greedy MMR within the limits: the best sentence that still fits, after redundancy, story and article penalties. */
function pickWithin(
  pool: SetCandidate[],
  concepts: Concepts,
  mode: Readonly<SetMode>,
  limits: Limits,
  weights: Readonly<ScoringWeights>,
  signal: AbortSignal | undefined,
): { picked: PickedSentence; story: number }[] {
  let remaining = pool.map((item) => ({ item, overlap: 0 }));
  const picked: { picked: PickedSentence; story: number }[] = [];
  const perStory = new Map<number, number>();
  const perArticle = new Map<string, number>();
  let wordsLeft = limits.maxWords;
  const placed = new Set<string>();
  const covered = new Set<number>();
  // A sentence leaning on the one before it waits until that one is picked (then follows it, set-order.ts).
  const shown = (r: (typeof remaining)[number]): boolean => r.item.leansOn === null || placed.has(r.item.leansOn);
  const value = (r: (typeof remaining)[number]): number =>
    r.item.score -
    mode.concepts * (r.item.gain - uncoveredGain(concepts, r.item.index, covered)) -
    weights.redundancy * r.overlap -
    mode.sameStory * (perStory.get(r.item.story) ?? 0) -
    weights.sameArticle * (perArticle.get(r.item.candidate.articleId) ?? 0);
  while (picked.length < limits.maxSentences) {
    throwIfAborted(signal);
    remaining = remaining.filter((r) => r.item.words <= wordsLeft);
    let best: (typeof remaining)[number] | undefined;
    for (const r of remaining) if (shown(r) && (!best || value(r) > value(best))) best = r;
    if (!best) break;
    placed.add(placeOf(best.item.candidate));
    for (const id of concepts.of[best.item.index]!) covered.add(id);
    const chosen: PickedSentence = { candidate: best.item.candidate, sources: [best.item.candidate.articleId] };
    picked.push({ picked: chosen, story: best.item.story });
    wordsLeft -= best.item.words;
    perStory.set(best.item.story, (perStory.get(best.item.story) ?? 0) + 1);
    perArticle.set(chosen.candidate.articleId, (perArticle.get(chosen.candidate.articleId) ?? 0) + 1);
    const next: typeof remaining = [];
    for (const r of remaining) {
      if (r === best) continue;
      const shared = overlap(chosen.candidate.stemSet, r.item.candidate.stemSet);
      // Another outlet's copy of the same sentence is never picked again.
      if (isNearDuplicate(chosen.candidate, r.item.candidate, shared)) continue;
      r.overlap = Math.max(r.overlap, shared.jaccard);
      next.push(r);
    }
    remaining = next;
  }
  return picked;
}

// The screen before the full check: this many of a sentence's longest words, by their first letters (a stem's).
const SCREEN_WORDS = 5;
const SCREEN_PREFIX = 5;

/** Cheap look before the full check: the article's text has all but one of the sentence's longest words (by prefix). */
function mayHold(lowerText: string, candidate: Candidate): boolean {
  const longest = [...new Set(candidate.tokens)].sort((a, b) => b.length - a.length).slice(0, SCREEN_WORDS);
  let missing = 0;
  for (const word of longest) if (!lowerText.includes(word.slice(0, SCREEN_PREFIX)) && ++missing > 1) return false;
  return true;
}

/** Cites every article of the set holding the sentence (one of its sentences says it, ADR 14), the source first. */
function citeHolders(picked: PickedSentence[], articles: readonly SummarizableArticle[]): void {
  if (articles.length < 2) return;
  const checker = createCitationChecker(articles);
  const lowerTexts = articles.map((a) => [a.title, ...a.paragraphs].join('\n').toLowerCase());
  for (const p of picked) {
    articles.forEach((a, i) => {
      if (a.id === p.candidate.articleId || !mayHold(lowerTexts[i]!, p.candidate)) return;
      if (checker.holds(a.id, p.candidate.text)) p.sources.push(a.id);
    });
  }
}

/** The best-scored sentence that stands alone, cut to its first `words` words, marked as cut; none when every one leans back. */
function cutBest(scored: readonly SetCandidate[], words: number): { picked: PickedSentence; story: number } | null {
  let best: SetCandidate | undefined;
  for (const s of scored) if (s.leansOn === null && (!best || s.score > best.score)) best = s;
  if (!best) return null;
  const kept: string[] = [];
  let count = 0;
  for (const piece of best.candidate.text.split(/\s+/)) {
    if (count >= words) break;
    kept.push(piece);
    count += countWords(piece);
  }
  const text = `${kept.join(' ').replace(/[,;:]$/, '')}…`;
  return { picked: { candidate: { ...best.candidate, text }, sources: [best.candidate.articleId] }, story: best.story };
}

/** Which paragraphs to split: those that may name the topic, else each article's opening ones. */
function paragraphFilter(terms: readonly string[], lower: ParagraphFilter): ParagraphFilter {
  return terms.length > 0 ? lower : (_paragraph, index) => index < LEAD_PARAGRAPHS;
}

/**
 * The set summary's sentences in telling order (set-order.ts): oldest story and article first when all
 * are dated, else stories in the order of their first pick and articles by rank; then place.
 */
export function summarizeSet(
  request: SummaryRequest,
  terms: string[],
  topicFilter: ParagraphFilter,
  maxSentences: number,
): PickedSentence[] {
  const { articles } = request;
  const storyOfArticle = new Map(articles.map((a, i) => [a.id, request.stories?.[i] ?? -1 - i]));
  const storyOf = (c: Candidate): number => storyOfArticle.get(c.articleId)!;
  const { candidates, matched } = collectCandidates(articles, terms, paragraphFilter(terms, topicFilter));
  const limits = { maxSentences, maxWords: request.maxWords ?? Number.POSITIVE_INFINITY };
  const weights = terms.length > 0 ? TOPIC_WEIGHTS : SET_WEIGHTS;
  const mode = terms.length > 0 ? TOPIC_SET_MODE : SET_MODE;
  const concepts = mode.concepts > 0 ? sharedConcepts(candidates) : noConcepts(candidates.length);
  const scored = scoreSet(candidates, matched, storyOf, weights, terms.length > 0, concepts, mode);
  const picks = pickWithin(scored, concepts, mode, limits, weights, request.signal);
  // Only when no whole sentence fits the budget is one cut: the best, to its first words.
  const cut = picks.length === 0 && maxSentences > 0 && Number.isFinite(limits.maxWords) ? cutBest(scored, limits.maxWords) : null;
  if (cut) picks.push(cut);
  const publishedOf = new Map(articles.map((a) => [a.id, a.published]));
  const ordered = inTellingOrder(
    picks.map((p) => ({ ...p, candidate: p.picked.candidate })),
    (id) => publishedOf.get(id),
  );
  const picked = ordered.map((p) => p.picked);
  citeHolders(picked, articles);
  return picked;
}
