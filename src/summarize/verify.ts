/** Checks everything the model wrote against the articles it was given; what cannot be checked is dropped. */
import { z } from 'zod';
import { stripInvisibleControls } from './prompt.js';
import { isStopWord, stem, wordTokens } from './similarity.js';
import type { SummarizableArticle, SummarySentence } from './summarizer.js';

/** A sentence as the model returned it, citations still as article numbers. */
export interface ModelSentence {
  text: string;
  citations: number[];
}

export type DropReason =
  | 'no citation'
  | 'citation out of range'
  | 'quote not in its source'
  | 'unbalanced quotation marks'
  | 'contains a link'
  | 'not supported by its source'
  | 'empty or too long';

/** A numbered article as verification sees it: its id, and its full text normalised for matching. */
export interface CitableArticle {
  n: number;
  id: string;
  text: string;
  stems: Set<string>;
  numbers: Set<string>;
}

export interface Verified {
  sentences: SummarySentence[];
  /** Numbers as the model cited them, kept for a reduce pass. */
  citations: number[][];
  dropped: DropReason[];
}

// Models write "[2]" or "2" in citations; both mean article 2.
const Citation = z.union([
  z.number().int(),
  z
    .string()
    .trim()
    .regex(/^\[?\d+\]?$/)
    .transform((s) => Number(s.replace(/\D/g, ''))),
]);
const LenientSentence = z.object({ text: z.string(), citations: z.array(Citation).default([]) });
const LenientOutput = z.union([
  z.object({ sentences: z.array(LenientSentence) }),
  z.array(LenientSentence).transform((sentences) => ({ sentences })),
]);

const MAX_SENTENCE_CHARS = 600;
// A sentence must share this much of its content words with what it cites (paraphrase allowed, invention not).
const MIN_SUPPORT = 0.4;
// Below this many content words the share says little.
const MIN_WORDS_FOR_SUPPORT = 3;

/** The JSON inside a reply: without a ``` fence, and without prose before the first brace or after the last. */
export function stripCodeFences(raw: string): string {
  const fenced = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/.exec(raw);
  const body = (fenced ? fenced[1]! : raw).trim();
  const open = body.search(/[[{]/);
  const close = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'));
  return open >= 0 && close > open ? body.slice(open, close + 1) : body;
}

/** The model's sentences, or null when the reply is not the JSON asked for. */
export function parseModelOutput(raw: string): ModelSentence[] | null {
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFences(raw));
  } catch {
    return null;
  }
  const parsed = LenientOutput.safeParse(json);
  return parsed.success ? parsed.data.sentences : null;
}

/** Text as compared for verbatim quotes: NFKC, straight quotes, plain hyphens, single spaces, no invisible controls. */
export function normaliseForMatch(text: string): string {
  return stripInvisibleControls(text)
    .normalize('NFKC')
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function contentStems(text: string): string[] {
  return wordTokens(text)
    .filter((w) => !isStopWord(w))
    .map(stem);
}

function numberTokens(text: string): string[] {
  return (text.match(/\d+(?:[.,]\d+)*/g) ?? []).map((n) => n.replace(/,/g, ''));
}

/** Prepares the articles for verification, numbered as the prompt numbered them. */
export function citableArticles(articles: SummarizableArticle[]): Map<number, CitableArticle> {
  const out = new Map<number, CitableArticle>();
  articles.forEach((article, i) => {
    const text = normaliseForMatch([article.title, article.published ?? '', ...article.paragraphs].join('\n'));
    out.set(i + 1, { n: i + 1, id: article.id, text, stems: new Set(contentStems(text)), numbers: new Set(numberTokens(text)) });
  });
  return out;
}

/** Moves inline markers like "[2]" or "[1, 3]" out of the text and into the citations. */
export function extractInlineCitations(sentence: ModelSentence): ModelSentence {
  const citations = [...sentence.citations];
  const text = sentence.text.replace(/\s*\[(\d+(?:\s*,\s*\d+)*)\]/g, (_m, list: string) => {
    for (const n of list.split(',')) citations.push(Number(n.trim()));
    return '';
  });
  return { text, citations: [...new Set(citations)] };
}

/** Removes anything Discord could turn into a ping or a channel/role/command link. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/<(?:@[!&]?|#|\/|a?:|t:)[^>\s]*>/g, '')
    .replace(/@(everyone|here)\b/gi, '＠$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The quoted spans of a (normalised) sentence, split at ellipses; null when its quotation marks do not pair up. */
export function quotedSpans(normalised: string): string[] | null {
  if ((normalised.match(/"/g) ?? []).length % 2 !== 0) return null;
  const spans: string[] = [];
  for (const match of normalised.matchAll(/"([^"]*)"/g)) {
    for (const piece of (match[1] ?? '').split('...')) {
      const span = piece.trim().replace(/^[,;:.!?\s]+|[,;:.!?\s]+$/g, '');
      if (span) spans.push(span);
    }
  }
  return spans;
}

function hasLink(text: string): boolean {
  return /\bhttps?:\/\/|\bwww\.|\]\(/i.test(text);
}

/** True when every quoted span occurs verbatim in at least one cited article. */
function quotesFoundIn(spans: string[], cited: CitableArticle[]): boolean {
  return spans.every((span) => cited.some((article) => article.text.includes(span)));
}

/** True when the sentence's numbers all appear in its sources and most of its content words do too. */
export function isSupportedBy(text: string, cited: CitableArticle[]): boolean {
  if (!numberTokens(text).every((n) => cited.some((a) => a.numbers.has(n)))) return false;
  const stems = [...new Set(contentStems(text))];
  if (stems.length < MIN_WORDS_FOR_SUPPORT) return true;
  const found = stems.filter((s) => cited.some((a) => a.stems.has(s))).length;
  return found / stems.length >= MIN_SUPPORT;
}

/** Why a sentence must be dropped, or null when it stands. */
export function rejectionOf(sentence: ModelSentence, articles: Map<number, CitableArticle>): DropReason | null {
  if (!sentence.text || sentence.text.length > MAX_SENTENCE_CHARS) return 'empty or too long';
  if (sentence.citations.length === 0) return 'no citation';
  const cited = sentence.citations.map((n) => articles.get(n));
  if (cited.some((a) => a === undefined)) return 'citation out of range';
  const sources = cited.filter((a): a is CitableArticle => a !== undefined);
  if (hasLink(sentence.text)) return 'contains a link';
  const spans = quotedSpans(normaliseForMatch(sentence.text));
  if (spans === null) return 'unbalanced quotation marks';
  if (!quotesFoundIn(spans, sources)) return 'quote not in its source';
  if (!isSupportedBy(sentence.text, sources)) return 'not supported by its source';
  return null;
}

/** Cleans and checks each sentence; keeps at most `maxSentences` that pass, with citations mapped to article ids. */
export function verifySentences(raw: ModelSentence[], articles: Map<number, CitableArticle>, maxSentences: number): Verified {
  const out: Verified = { sentences: [], citations: [], dropped: [] };
  const seen = new Set<string>();
  for (const original of raw) {
    const inline = extractInlineCitations({ ...original, text: stripInvisibleControls(original.text) });
    const sentence = { ...inline, text: neutraliseMentions(inline.text.replace(/\s+/g, ' ').trim()) };
    const reason = rejectionOf(sentence, articles);
    if (reason) {
      out.dropped.push(reason);
      continue;
    }
    if (seen.has(sentence.text) || out.sentences.length >= maxSentences) continue;
    seen.add(sentence.text);
    const ids = [...new Set(sentence.citations.map((n) => articles.get(n)!.id))];
    out.sentences.push({ text: sentence.text, sources: ids });
    out.citations.push(sentence.citations);
  }
  return out;
}

/** True when enough survived verification to be worth showing instead of the extractive summary. */
export function isEnoughLeft(kept: number, maxSentences: number): boolean {
  return kept >= Math.max(1, Math.ceil(maxSentences / 2));
}
