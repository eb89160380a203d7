/** The default summarizer: picks sentences verbatim from the articles, so it needs nothing and cannot make things up. */
import {
  isStopWord,
  type SummarizableArticle,
  type Summarizer,
  type Summary,
  type SummaryRequest,
  type SummarySentence,
  stem,
  wordTokens,
} from '../common/index.js';
import { type Candidate, collectCandidates, type ParagraphFilter } from './candidates.js';
import { summarizeSet } from './extractive-set.js';
import {
  centralityScores,
  type PickedSentence,
  pickSentences,
  type ScoringWeights,
  SINGLE_ARTICLE_WEIGHTS,
  scoreSentence,
  TOPIC_WEIGHTS,
  throwIfAborted,
} from './scoring.js';

// Without a topic, several articles are summarized from their opening paragraphs only (and fast).
const LEAD_PARAGRAPHS_PER_ARTICLE = 3;

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
  return collectCandidates(articles, terms, paragraphsWorthSplitting(terms, articles.length), () => throwIfAborted(signal));
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
        notes.push("No sentence names the topic; showing the articles' opening sentences.");
        picked = summarizeSet(request, [], mayMentionTerms([]), maxSentences);
      }
    } else if (maxSentences > 0 && articles.length > 0) {
      const topicMode = terms.length > 0;
      const weights = topicMode || articles.length > 1 ? TOPIC_WEIGHTS : SINGLE_ARTICLE_WEIGHTS;
      const pool = collectPool(articles, terms, signal);
      picked = summarizePool(pool.candidates, pool.matched, maxSentences, weights, topicMode, signal);
      if (topicMode && picked.length === 0) {
        // The articles matched the topic elsewhere (title, metadata): fall back to their openings.
        notes.push("No sentence names the topic; showing the articles' opening sentences.");
        const lead = collectPool(articles, [], signal);
        picked = summarizePool(lead.candidates, lead.matched, maxSentences, TOPIC_WEIGHTS, false, signal);
      }
    }
    throwIfAborted(signal);
    const sentences: SummarySentence[] = picked.map((p) => ({ text: p.candidate.text, sources: p.sources }));
    return notes.length > 0 ? { sentences, generator: this.name, notes } : { sentences, generator: this.name };
  }
}
