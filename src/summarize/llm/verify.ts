/** Checks everything the model wrote against the articles it was given; what cannot be checked is dropped. */
import { z } from 'zod';
import { type ClaimChecker, type ClaimFault, createClaimChecker } from '../citations/index.js';
import { normaliseForMatch, type SummarizableArticle, type SummarySentence, stripInvisibleControls } from '../common/index.js';

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
  | 'a name or date its source does not give'
  | 'a number its source does not give'
  | 'says the opposite of its source'
  | 'gives what was said or done to someone else'
  | 'empty or too long';

/** The claim check's finding (ADR 18) as a reader would put it. */
export const CLAIM_DROP_REASON: Record<ClaimFault, DropReason> = {
  unsupported: 'not supported by its source',
  name: 'a name or date its source does not give',
  number: 'a number its source does not give',
  opposite: 'says the opposite of its source',
  negation: 'says the opposite of its source',
  actor: 'gives what was said or done to someone else',
};

export { normaliseForMatch };

/** A numbered article as verification sees it: its id, its full text normalised for quotes, and the claim check over all of them. */
export interface CitableArticle {
  n: number;
  id: string;
  text: string;
  /** Shared by the articles of one request: checks a sentence against the sentences of the articles it cites (ADR 18). */
  claims: ClaimChecker;
}

export interface Verified {
  sentences: SummarySentence[];
  /** Numbers as the model cited them, kept for a reduce pass. */
  citations: number[][];
  dropped: DropReason[];
  /** The text of each dropped sentence, in the order of `dropped`, for the log. */
  droppedTexts: string[];
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

/** Prepares the articles for verification, numbered as the prompt numbered them. */
export function citableArticles(articles: SummarizableArticle[]): Map<number, CitableArticle> {
  const out = new Map<number, CitableArticle>();
  const claims = createClaimChecker(articles);
  articles.forEach((article, i) => {
    const text = normaliseForMatch([article.title, article.published ?? '', ...article.paragraphs].join('\n'));
    out.set(i + 1, { n: i + 1, id: article.id, text, claims });
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
export function removeMentions(text: string): string {
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

/** The cited articles that hold the sentence (ADR 18): their aligned sentences give its names, numbers, actor and polarity. */
export function articlesHolding(text: string, cited: CitableArticle[]): { holding: CitableArticle[]; fault: ClaimFault | null } {
  if (cited.length === 0) return { holding: [], fault: 'unsupported' };
  const verdict = cited[0]!.claims.check(
    text,
    cited.map((a) => a.id),
  );
  const ids = new Set(verdict.holding);
  return { holding: cited.filter((a) => ids.has(a.id)), fault: verdict.fault };
}

/** The verdict on one sentence: why it is dropped, or the cited articles that hold it (the rest lose their citation). */
function checkSentence(
  sentence: ModelSentence,
  articles: Map<number, CitableArticle>,
): { reason: DropReason | null; holding: CitableArticle[] } {
  const drop = (reason: DropReason) => ({ reason, holding: [] });
  if (!sentence.text || sentence.text.length > MAX_SENTENCE_CHARS) return drop('empty or too long');
  if (sentence.citations.length === 0) return drop('no citation');
  const cited = sentence.citations.map((n) => articles.get(n));
  if (cited.some((a) => a === undefined)) return drop('citation out of range');
  if (hasLink(sentence.text)) return drop('contains a link');
  const spans = quotedSpans(normaliseForMatch(sentence.text));
  if (spans === null) return drop('unbalanced quotation marks');
  const sources = cited.filter((a): a is CitableArticle => a !== undefined);
  if (!quotesFoundIn(spans, sources)) return drop('quote not in its source');
  const { holding, fault } = articlesHolding(sentence.text, sources);
  if (holding.length === 0) return drop(CLAIM_DROP_REASON[fault ?? 'unsupported']);
  // The quotes must still be in an article it goes on citing.
  if (!quotesFoundIn(spans, holding)) return drop('quote not in its source');
  return { reason: null, holding };
}

/** Cleans and checks each sentence; keeps at most `maxSentences` that pass, with citations mapped to article ids. */
export function verifySentences(raw: ModelSentence[], articles: Map<number, CitableArticle>, maxSentences: number): Verified {
  const out: Verified = { sentences: [], citations: [], dropped: [], droppedTexts: [] };
  const seen = new Set<string>();
  for (const original of raw) {
    const inline = extractInlineCitations({ ...original, text: stripInvisibleControls(original.text) });
    const sentence = { ...inline, text: removeMentions(inline.text.replace(/\s+/g, ' ').trim()) };
    const { reason, holding } = checkSentence(sentence, articles);
    if (reason) {
      out.dropped.push(reason);
      out.droppedTexts.push(sentence.text);
      continue;
    }
    if (seen.has(sentence.text) || out.sentences.length >= maxSentences) continue;
    seen.add(sentence.text);
    out.sentences.push({ text: sentence.text, sources: [...new Set(holding.map((a) => a.id))] });
    out.citations.push(holding.map((a) => a.n));
  }
  return out;
}

/**
 * True when enough survived verification to be worth showing instead of the extractive summary: at least
 * one sentence, and at least half of those the model wrote. A short answer that holds is used as it is.
 */
export function isEnoughLeft(kept: number, dropped: number): boolean {
  return kept >= 1 && kept >= dropped;
}
