/** Candidate sentences for the extractive summarizer: where each comes from, its words, and how well it reads alone. */
import { splitSentences } from '../../articles/sentences.js';
import { createVocabulary, idSet, type SummarizableArticle, termCounter, type Vocabulary, wordTokens } from '../common/index.js';

export interface Candidate {
  text: string;
  articleId: string;
  /** The article's place in the request (0 = most relevant). */
  articleRank: number;
  /** 0-based paragraph of the article the sentence sits in. */
  paragraph: number;
  /** 0-based sentence index within the article (counting only the paragraphs that were split). */
  position: number;
  /** Lowercased word tokens, stop words included. */
  tokens: string[];
  /** Vocabulary ids of the content-word stems, in order, repeats kept. */
  stems: number[];
  /** The same as a sorted set. */
  stemSet: Int32Array;
}

/** Decides which paragraphs are worth splitting (all of them unless told otherwise). */
export type ParagraphFilter = (paragraph: string, index: number) => boolean;

/** Splits the chosen paragraphs of one article into candidates, keeping each sentence verbatim. */
export function articleCandidates(
  article: SummarizableArticle,
  articleRank: number,
  keepParagraph: ParagraphFilter = () => true,
  vocabulary: Vocabulary = createVocabulary(),
): Candidate[] {
  const out: Candidate[] = [];
  article.paragraphs.forEach((paragraph, index) => {
    if (!keepParagraph(paragraph, index)) return;
    for (const text of splitSentences(paragraph)) {
      const tokens = wordTokens(text);
      const stems = vocabulary.contentIds(tokens);
      out.push({
        text,
        articleId: article.id,
        articleRank,
        paragraph: index,
        position: out.length,
        tokens,
        stems,
        stemSet: idSet(stems),
      });
    }
  });
  return out;
}

// Heuristics as data: openers that lean on an earlier sentence, which a reader of the summary will not see.
const DANGLING_OPENER =
  /^["“‘']?(?:but|and|or|so|yet|however|also|meanwhile|still|instead|then|thus|therefore|besides|moreover|he|she|it|they|this|that|these|those|his|her|their|its|such|the latter|the former)\b/i;
const QUESTION_END = /\?\s*["”’']?\)?\s*$/;
const MIN_WORDS = 6;
const MAX_WORDS = 60;
const MOSTLY_QUOTED = 0.6;

/** True when the sentence opens with a connective or pronoun that points back to text the summary leaves out. */
export function opensWithDanglingReference(text: string): boolean {
  return DANGLING_OPENER.test(text);
}

/** True when the sentence asks rather than tells. */
export function isQuestion(text: string): boolean {
  return QUESTION_END.test(text);
}

/** True when the whole sentence sits inside quotation marks, with no speaker or context outside them. */
export function isQuoteOnly(text: string): boolean {
  const t = text.trim();
  if (!/^["“]/.test(t) || !/["”]\)?$/.test(t)) return false;
  // Any closing mark before the end means there is text outside the quote ("...," he said, "...").
  const inner = t.slice(1, -1);
  return !/["”]/.test(inner);
}

/** Share of the sentence's characters inside double quotation marks. */
export function quotedShare(text: string): number {
  let inside = 0;
  for (const match of text.matchAll(/["“]([^"”]*)["”]/g)) inside += match[1]?.length ?? 0;
  return text.length === 0 ? 0 : inside / text.length;
}

/** How much worse than its content the sentence reads on its own: 0 is fine, each flaw adds one. */
export function readabilityFlaws(candidate: Candidate): number {
  const words = candidate.tokens.length;
  let flaws = 0;
  if (opensWithDanglingReference(candidate.text)) flaws++;
  if (isQuestion(candidate.text)) flaws++;
  // A summary reports; a sentence that is mostly someone's words belongs to /quotes.
  if (isQuoteOnly(candidate.text) || quotedShare(candidate.text) > MOSTLY_QUOTED) flaws++;
  if (words < MIN_WORDS) flaws += 2;
  if (words > MAX_WORDS) flaws++;
  return flaws;
}

/** True when a sentence is too slight to stand in a summary at all. */
export function isFragment(candidate: Candidate): boolean {
  return candidate.tokens.length < 4 || candidate.stems.length < 2;
}

/** A summary's pool: every whole sentence of the chosen paragraphs, and with topic terms only those naming one, with how many they name. */
export function collectCandidates(
  articles: readonly SummarizableArticle[],
  terms: readonly string[],
  keepParagraph: ParagraphFilter,
  beforeArticle: () => void = () => {},
): { candidates: Candidate[]; matched: number[] } {
  const vocabulary = createVocabulary();
  const countTerms = termCounter(terms, vocabulary.stem);
  const candidates: Candidate[] = [];
  const matched: number[] = [];
  articles.forEach((article, rank) => {
    beforeArticle();
    for (const c of articleCandidates(article, rank, keepParagraph, vocabulary)) {
      if (isFragment(c)) continue;
      const hits = terms.length > 0 ? countTerms(c.tokens) : 0;
      if (terms.length > 0 && hits === 0) continue;
      candidates.push(c);
      matched.push(hits);
    }
  });
  return { candidates, matched };
}
