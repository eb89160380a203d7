/**
 * Citations hold (ADR 14, ADR 18): an article is cited for a summary sentence only when one of its own
 * sentences says the same thing (a model's sentence: one or two of them, under the claim check). Checked sentence to sentence, never against the article's whole
 * vocabulary, and never through a third sentence (A~B and B~C does not make A cite C).
 */
import { splitSentences } from '../../articles/sentences.js';
import {
  createStemmer,
  isStopWord,
  normaliseForMatch,
  numberTokens,
  type Stemmer,
  type SummarizableArticle,
  type Summary,
} from '../common/index.js';
import { createClaimChecker } from './claims.js';

/** Share of the claim's distinct content words one sentence of the article must hold. */
export const MIN_HELD_SHARE = 0.8;
/** Share of the claim's adjacent content-word pairs it must hold too: the same words in the same order, not a shuffle. */
export const MIN_HELD_PAIRS = 0.6;

// Words that turn a statement around; "will" and "will not" must never cite each other.
const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot']);
const NEGATED_CONTRACTION = /n['’]t$/;
const DIGITS = /^\p{N}+$/u;
// wordTokens' pattern, for text that keeps its capitals.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const CAPITAL_FIRST = /^\p{Lu}/u;
// All capitals ("US", "NHS"): a name even when its lowercase form is a stop word.
const ACRONYM = /^\p{Lu}{2,}$/u;

/** What a sentence states, as the measure compares it. */
export interface SentenceFacts {
  /** Stems of every word, stop words included (what a claim's words are looked up in). */
  words: Set<string>;
  /** Distinct content-word stems, numbers left out (they are checked on their own). */
  content: string[];
  numbers: Set<string>;
  /** Stems of capitalised names and acronyms: a different person or place is a different claim. */
  entities: string[];
  /** Adjacent content-word stems ("oil export", "export fell"), in reading order. */
  pairs: Set<string>;
  negated: boolean;
}

/** The facts of one normalised sentence (or paragraph: its words are the union of its sentences'). */
export function sentenceFacts(normalised: string, stemmer: Stemmer, withPairs = true): SentenceFacts {
  const words = new Set<string>();
  const content = new Set<string>();
  const entities = new Set<string>();
  const pairs = new Set<string>();
  let previous: string | null = null;
  let negated = false;
  // The same tokens as wordTokens, read before lowercasing so capitals can mark names.
  for (const [original] of normalised.matchAll(WORD)) {
    const token = original.toLowerCase();
    const s = stemmer(token);
    words.add(s);
    if (NEGATIONS.has(token) || NEGATED_CONTRACTION.test(token)) negated = true;
    else if (!isStopWord(token) && !DIGITS.test(token)) {
      content.add(s);
      if (withPairs && previous !== null) pairs.add(`${previous} ${s}`);
      previous = s;
    }
    if (isName(original, token)) entities.add(s);
  }
  return { words, content: [...content], numbers: new Set(numberTokens(normalised)), entities: [...entities], pairs, negated };
}

/** A capitalised word or an acronym, unless it is a function word that opens a sentence ("The", "He"). */
function isName(original: string, lower: string): boolean {
  if (!CAPITAL_FIRST.test(original)) return false;
  return !isStopWord(lower) || ACRONYM.test(original);
}

/** True when `held` holds `claim`'s words: most content words, and every number and name. Polarity is checked apart. */
function coversWords(claim: SentenceFacts, held: SentenceFacts): boolean {
  for (const n of claim.numbers) if (!held.numbers.has(n)) return false;
  if (!claim.entities.every((e) => held.words.has(e))) return false;
  // A claim of numbers and names alone ("Arsenal 2, Chelsea 1.") is held by a sentence that has them all.
  if (claim.content.length === 0) return claim.numbers.size + claim.entities.length > 0;
  let found = 0;
  for (const s of claim.content) if (held.words.has(s)) found++;
  return found >= MIN_HELD_SHARE * claim.content.length;
}

/** True when `held` has most of the claim's adjacent word pairs; one break is free, where "X said" moved to the end. */
function keepsOrder(claim: SentenceFacts, held: SentenceFacts): boolean {
  let found = 0;
  for (const pair of claim.pairs) if (held.pairs.has(pair)) found++;
  return found + 1 >= MIN_HELD_PAIRS * claim.pairs.size;
}

/** The measure: a sentence of the cited article says what the summary sentence says (ADR 14). */
export function holdsClaim(claim: SentenceFacts, held: SentenceFacts): boolean {
  return claim.negated === held.negated && coversWords(claim, held) && keepsOrder(claim, held);
}

/** A summary sentence prepared once for checking against each article it cites. */
export interface Claim {
  text: string;
  /** Computed on first use: a claim found as a whole sentence of the article never needs them. */
  readonly facts: SentenceFacts;
}

export function toClaim(text: string, stemmer: Stemmer): Claim {
  let facts: SentenceFacts | undefined;
  return {
    text: text.trim(),
    get facts() {
      return (facts ??= sentenceFacts(normaliseForMatch(text), stemmer));
    },
  };
}

/** Answers whether an article holds a claim; normalises, splits and tokenises the article only as far as a claim needs. */
export type ArticleHolder = (claim: Claim) => boolean;

export function articleHolder(article: SummarizableArticle, stemmer: Stemmer): ArticleHolder {
  // The title counts as a sentence of the article: a model may restate the headline.
  const raw = [article.title, ...article.paragraphs].filter((b) => b.trim().length > 0);
  const normalised: (string | undefined)[] = [];
  const screens: (SentenceFacts | undefined)[] = [];
  const sentences: (SentenceFacts[] | undefined)[] = [];
  const normalisedOf = (i: number): string => (normalised[i] ??= normaliseForMatch(raw[i]!));
  // A paragraph's facts only screen it (words, numbers, names): its pairs would cross sentence ends.
  const screenOf = (i: number): SentenceFacts => (screens[i] ??= sentenceFacts(normalisedOf(i), stemmer, false));
  // Split as the extractive summarizer splits (before normalising), so its own sentences come back whole.
  const sentencesOf = (i: number): SentenceFacts[] =>
    (sentences[i] ??= splitSentences(raw[i]!).map((s) => sentenceFacts(normaliseForMatch(s), stemmer)));
  return (claim) => {
    // Verbatim is the common case (the extractive summary's own source, a wire copy): look there first, as written.
    const verbatim = raw.findIndex((b) => b.includes(claim.text));
    if (verbatim >= 0) {
      const around = sentencesAround(raw[verbatim]!, claim.text);
      // The claim is one of the article's own sentences, word for word.
      if (around === claim.text) return true;
      if (holdsClaim(claim.facts, sentenceFacts(normaliseForMatch(around), stemmer))) return true;
    }
    for (let i = 0; i < raw.length; i++) {
      // A paragraph that lacks the claim's words cannot have a sentence that holds them: split only the rest.
      if (i !== verbatim && coversWords(claim.facts, screenOf(i)) && sentencesOf(i).some((held) => holdsClaim(claim.facts, held)))
        return true;
    }
    return false;
  };
}

/** The paragraph's sentences that the verbatim text overlaps, joined: usually exactly that text. */
export function sentencesAround(paragraph: string, text: string): string {
  const start = paragraph.indexOf(text);
  const end = start + text.length;
  let offset = 0;
  const covering: string[] = [];
  for (const sentence of splitSentences(paragraph)) {
    const at = paragraph.indexOf(sentence, offset);
    offset = at + sentence.length;
    if (at < end && offset > start) covering.push(sentence);
  }
  return covering.length > 0 ? covering.join(' ') : text;
}

/** Prepared articles for checking citations, each split at most once per summary. */
export interface CitationChecker {
  holds(articleId: string, text: string): boolean;
}

export function createCitationChecker(articles: readonly SummarizableArticle[]): CitationChecker {
  const stemmer = createStemmer();
  const byId = new Map(articles.map((a) => [a.id, a]));
  const holders = new Map<string, ArticleHolder>();
  const claims = new Map<string, Claim>();
  return {
    holds(articleId, text) {
      const article = byId.get(articleId);
      if (!article) return false;
      let holder = holders.get(articleId);
      if (!holder) holders.set(articleId, (holder = articleHolder(article, stemmer)));
      let claim = claims.get(text);
      if (!claim) claims.set(text, (claim = toClaim(text, stemmer)));
      return holder(claim);
    },
  };
}

/** Extractive answers (and the fallback's) are sentences copied from the articles; any other generator is a model writing its own. */
export function isVerbatimGenerator(generator: string): boolean {
  return generator === 'extractive' || generator.startsWith('extractive (');
}

/**
 * The step every summary passes (extractive, LLM, cached, fallback): each citation is kept only when
 * the cited article holds the sentence; a sentence left with no citation is dropped. Copied sentences are
 * held by one sentence of the article (ADR 14); a model's own sentences by the claim check, which allows
 * paraphrase and two fused sentences but no other name, number, actor or polarity (ADR 18).
 */
export function holdCitations(summary: Summary, articles: readonly SummarizableArticle[]): Summary {
  const holding = citationsHolding(summary.generator, articles);
  let changed = false;
  const sentences = [];
  for (const sentence of summary.sentences) {
    const sources = holding(sentence.text, sentence.sources);
    if (sources.length !== sentence.sources.length) changed = true;
    if (sources.length > 0) sentences.push({ text: sentence.text, sources });
  }
  return changed ? { ...summary, sentences } : summary;
}

function citationsHolding(generator: string, articles: readonly SummarizableArticle[]): (text: string, sources: string[]) => string[] {
  if (isVerbatimGenerator(generator)) {
    const checker = createCitationChecker(articles);
    return (text, sources) => sources.filter((id) => checker.holds(id, text));
  }
  const claims = createClaimChecker(articles);
  return (text, sources) => {
    const held = new Set(claims.check(text, sources).holding);
    return sources.filter((id) => held.has(id));
  };
}
