/** Fits articles into the prompt's token budget: each is cut to its best extractive sentences, then grouped if still too big. */
import { createVocabulary, type SummarizableArticle, termCounter } from '../common/index.js';
import {
  articleCandidates,
  type Candidate,
  centralityScores,
  isFragment,
  pickSentences,
  scoreSentence,
  TOPIC_WEIGHTS,
} from '../extractive/index.js';
import { type ChatMessage, fenceArticle, type NumberedExcerpt } from './prompt.js';

// No tokenizer ships for every model an endpoint may serve; ~4 characters a token is the usual English average.
const CHARS_PER_TOKEN = 4;
// Chat formats add a few tokens of framing per message.
const TOKENS_PER_MESSAGE = 4;
// Beyond this many sentences an article adds little that its best ones did not say.
const MAX_SENTENCES_PER_ARTICLE = 8;
// Every map pass is one more call inside the same deadline: past this, the lowest-ranked articles are left out.
export const MAX_GROUPS = 4;
// An article whose sentences are all fragments still shows this much of its opening.
const OPENING_CHARS = 400;

/** A token estimate for text the model will read. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function messagesTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTokens(m.content), 0);
}

interface RankedArticle {
  n: number;
  article: SummarizableArticle;
  /** Candidates in the order they are worth keeping (best first). */
  ranked: Candidate[];
}

/** An article's sentences, best first: the extractive scoring (centrality, lead, topic terms) with MMR against repeats. */
export function rankSentences(article: SummarizableArticle, terms: string[]): Candidate[] {
  const vocabulary = createVocabulary();
  const candidates = articleCandidates(article, 0, () => true, vocabulary).filter((c) => !isFragment(c));
  const countTerms = termCounter(terms, vocabulary.stem);
  const centrality = centralityScores(candidates);
  const pool = candidates.map((candidate, i) => ({
    candidate,
    score: scoreSentence(candidate, centrality[i] ?? 0, terms.length > 0 ? countTerms(candidate.tokens) : 0, TOPIC_WEIGHTS, true),
  }));
  return pickSentences(pool, MAX_SENTENCES_PER_ARTICLE, TOPIC_WEIGHTS).map((p) => p.candidate);
}

/** What stands for an article with no usable sentence: its opening, cut short. */
function openingOf(article: SummarizableArticle): Candidate[] {
  const text = (article.paragraphs[0] ?? '').slice(0, OPENING_CHARS).trim();
  if (!text) return [];
  return [{ text, articleId: article.id, articleRank: 0, paragraph: 0, position: 0, tokens: [], stems: [], stemSet: new Int32Array() }];
}

function excerptOf(item: RankedArticle, taken: number): NumberedExcerpt {
  const chosen = item.ranked.slice(0, taken).sort((a, b) => a.position - b.position);
  return { n: item.n, title: item.article.title, published: item.article.published, sentences: chosen.map((c) => c.text) };
}

/** Tokens an article costs with its best `taken` sentences (delimiters and title included). */
function excerptCost(item: RankedArticle, taken: number): number {
  return estimateTokens(fenceArticle(excerptOf(item, taken), 'x'.repeat(16))) + 1;
}

/** Splits articles, in rank order, into groups whose articles each fit with at least their best sentence. */
function groupByMinimumCost(items: RankedArticle[], available: number): RankedArticle[][] {
  const groups: RankedArticle[][] = [];
  let current: RankedArticle[] = [];
  let used = 0;
  for (const item of items) {
    const cost = excerptCost(item, 1);
    if (current.length > 0 && used + cost > available) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Round-robin: every article gets its best sentence, then its second best, and so on, while the budget lasts. */
function fillGroup(items: RankedArticle[], available: number): NumberedExcerpt[] {
  const taken = items.map(() => 1);
  let used = items.reduce((sum, item) => sum + excerptCost(item, 1), 0);
  let grew = true;
  while (grew) {
    grew = false;
    items.forEach((item, i) => {
      const have = taken[i]!;
      if (have >= item.ranked.length) return;
      const extra = excerptCost(item, have + 1) - excerptCost(item, have);
      if (used + extra > available) return;
      taken[i] = have + 1;
      used += extra;
      grew = true;
    });
  }
  return items.map((item, i) => excerptOf(item, taken[i]!));
}

export interface ExcerptPlan {
  /** One group: a single call. Several: map each, then reduce. */
  groups: NumberedExcerpt[][];
  /** Articles left out because even map-reduce would need too many calls. */
  leftOut: number;
}

/** Numbers the articles (1-based, rank order) and fits them into `available` tokens per call. */
export function planExcerpts(articles: SummarizableArticle[], terms: string[], available: number): ExcerptPlan {
  const items: RankedArticle[] = articles.map((article, i) => {
    const ranked = rankSentences(article, terms);
    return { n: i + 1, article, ranked: ranked.length > 0 ? ranked : openingOf(article) };
  });
  const usable = items.filter((item) => item.ranked.length > 0);
  const groups = groupByMinimumCost(usable, available);
  const kept = groups.slice(0, MAX_GROUPS);
  const leftOut = groups.slice(MAX_GROUPS).reduce((sum, g) => sum + g.length, 0);
  return { groups: kept.map((group) => fillGroup(group, available)), leftOut };
}
