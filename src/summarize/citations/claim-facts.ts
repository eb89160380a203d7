/** One sentence read for the claim check (ADR 18): its tokens, names, numbers, negations and actors. */
import { CUE_VERBS } from '../../articles/quotes/index.js';
import { isStopWord, numberTokens, type Stemmer } from '../common/index.js';
import {
  BETWEEN_ACTOR_AND_VERB,
  COORDINATORS,
  DISCOURSE_OPENERS,
  NEGATIONS,
  NUMBER_WORDS,
  PREPOSITIONS,
  SUBJECT_PRONOUNS,
  TIME_NAMES,
} from './claim-words.js';

export interface Token {
  lower: string;
  stem: string;
  /** A capitalised name or acronym (not a function word opening the sentence). */
  name: boolean;
  /** Punctuation that ends a clause: , ; : ( ) " and a spaced dash. */
  break: boolean;
  negation: boolean;
  /** A plain content word: not a stop word, a name, a number or a negation. */
  plain: boolean;
}

export interface SentenceClaims {
  tokens: Token[];
  /** Stems of every word. */
  words: Set<string>;
  /** Lowercased words, for opposites. */
  lowers: Set<string>;
  /** Distinct stems the claim's support is measured on: names and plain content words. */
  content: string[];
  plain: Set<string>;
  names: Set<string>;
  numbers: Set<string>;
  negated: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)*|[,;:()"]| -(?= )/gu;
export const DIGITS = /^\p{N}/u;
const CAPITAL_FIRST = /^\p{Lu}/u;
const ACRONYM = /^\p{Lu}{2,}$/u;
// Stop words that, capitalised, are part of a name ("New York", "New Year").
const CAPITALISED_STOP_NAMES = new Set(['new', 'year', 'years']);

/** A capitalised word that can be (part of) a name: not a function word. "May", "New Year" can. */
function mayName(lower: string): boolean {
  return !isStopWord(lower) || CAPITALISED_STOP_NAMES.has(lower) || TIME_NAMES.has(lower);
}

function isNegation(lower: string): boolean {
  return NEGATIONS.has(lower) || lower.endsWith("n't");
}

/** What the text around a sentence says of its words, to tell a name from a capitalised sentence opener. */
export interface Vocabulary {
  /** Words written capitalised after a sentence's first word ("said Trump"). */
  midCapital: ReadonlySet<string>;
  /** Every word, lowercased. */
  all: ReadonlySet<string>;
}

/**
 * Reads a normalised sentence. A capitalised opener is a name when the text capitalises it elsewhere too,
 * or never uses it at all ("Rouhani said" about an article that never names him); "Officials said" is not.
 */
export function readSentence(normalised: string, stemmer: Stemmer, vocabulary: Vocabulary, headline = false): SentenceClaims {
  const tokens: Token[] = [];
  let opening = true;
  for (const [raw] of normalised.matchAll(TOKEN)) {
    const text = raw.trim();
    if (text === '-' || /^[,;:()"]$/.test(text)) {
      tokens.push({ lower: text, stem: text, name: false, break: true, negation: false, plain: false });
      if (text === '"' || text === '(') opening = opening || tokens.length === 1;
      continue;
    }
    const lower = text.toLowerCase();
    const stem = stemmer(lower);
    const negation = isNegation(lower);
    const number = DIGITS.test(text) || NUMBER_WORDS.has(lower);
    let name = false;
    if (!negation && !number && CAPITAL_FIRST.test(text)) {
      if (ACRONYM.test(text)) name = true;
      // A headline capitalises every word: a name there is one the body capitalises too.
      else if (headline) name = mayName(lower) && vocabulary.midCapital.has(lower);
      else if (opening)
        name = mayName(lower) && !DISCOURSE_OPENERS.has(lower) && (vocabulary.midCapital.has(lower) || !vocabulary.all.has(lower));
      else name = mayName(lower);
    }
    opening = false;
    const plain = !name && !negation && !number && !isStopWord(lower);
    tokens.push({ lower, stem, name, break: false, negation, plain });
  }
  const words = new Set<string>();
  const lowers = new Set<string>();
  const plain = new Set<string>();
  const names = new Set<string>();
  const numbers = new Set(numberTokens(normalised));
  let negated = false;
  for (const t of tokens) {
    if (t.break) continue;
    words.add(t.stem);
    lowers.add(t.lower);
    if (t.negation) negated = true;
    if (t.plain) plain.add(t.stem);
    if (t.name) names.add(t.stem);
    if (NUMBER_WORDS.has(t.lower)) numbers.add(t.lower);
  }
  return { tokens, words, lowers, content: [...names, ...plain], plain, names, numbers, negated };
}

/** Adds a text's words to a vocabulary: every word, and those capitalised after the opening word of a sentence. */
export function addToVocabulary(text: string, vocabulary: { midCapital: Set<string>; all: Set<string> }): void {
  for (const sentence of text.split(/(?<=[.!?]["')\]]?)\s+|\n/)) {
    let first = true;
    for (const [w] of sentence.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)) {
      const lower = w.toLowerCase();
      vocabulary.all.add(lower);
      if (!first && CAPITAL_FIRST.test(w)) vocabulary.midCapital.add(lower);
      first = false;
    }
  }
}

/** The stem of the first plain word after a negation at `i`, within the clause; null when none follows closely. */
export function negationTarget(tokens: readonly Token[], i: number): string | null {
  for (let j = i + 1; j < tokens.length && j <= i + 5; j++) {
    const t = tokens[j]!;
    if (t.break) return null;
    if (t.plain || t.name) return t.stem;
  }
  return null;
}

/**
 * True when a negation in the sentence bears on `stem`: it is the first content word after one, in the same
 * clause, or comes after words the other sentence lacks ("did not immediately respond" / "did not respond").
 */
export function negates(tokens: readonly Token[], stem: string, otherWords: ReadonlySet<string>): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i]!.negation) continue;
    let skipped = 0;
    for (let j = i + 1; j < tokens.length && j <= i + 8; j++) {
      const t = tokens[j]!;
      if (t.break) break;
      if (!(t.plain || t.name)) continue;
      if (t.stem === stem) return true;
      if (otherWords.has(t.stem) || ++skipped > 2) break;
    }
  }
  return false;
}

/** A run of names ("Iran President Masoud Pezeshkian"): token indices [start, end). A possessive ends it. */
export interface NameSpan {
  start: number;
  end: number;
  stems: Set<string>;
}

function isTimeName(t: Token): boolean {
  return TIME_NAMES.has(t.lower);
}

/** The name spans of a sentence, in order; times (days, months) are left out unless asked for: they never act. */
export function nameSpans(tokens: readonly Token[], withTimes = false): NameSpan[] {
  const spans: NameSpan[] = [];
  const counts = (t: Token) => t.name && (withTimes || !isTimeName(t));
  let i = 0;
  while (i < tokens.length) {
    if (!counts(tokens[i]!)) {
      i++;
      continue;
    }
    const start = i;
    const stems = new Set<string>();
    while (i < tokens.length && counts(tokens[i]!)) {
      stems.add(tokens[i]!.stem);
      i++;
      if (tokens[i - 1]!.lower.endsWith("'s")) break;
    }
    spans.push({ start, end: i, stems });
  }
  return spans;
}

/** An actor the sentence names, and the word for what it does or says ("Trump" + "sent"). */
export interface ActorClaim {
  stems: Set<string>;
  verb: string;
  /** The verb is one of saying: any verb of saying in the source may stand for it. */
  saying: boolean;
}

/** Names that may act (not after a preposition), each with the first word after it that says what it does. */
export function actorClaims(tokens: readonly Token[]): ActorClaim[] {
  const spans = nameSpans(tokens);
  const out: ActorClaim[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    const before = tokens[span.start - 1];
    if (before && PREPOSITIONS.has(before.lower)) continue;
    let j = span.end;
    // "Iran and Oman said": both act; skip the names joined to this one.
    let next = k + 1;
    while (j < tokens.length && COORDINATORS.has(tokens[j]!.lower) && spans[next]?.start === j + 1) {
      j = spans[next]!.end;
      next++;
    }
    if (j < tokens.length && tokens[j]!.break) continue;
    while (j < tokens.length && !tokens[j]!.break && BETWEEN_ACTOR_AND_VERB.has(tokens[j]!.lower)) j++;
    const verb = tokens[j];
    if (!verb || verb.break || verb.name || !(verb.plain || CUE_VERBS.has(verb.lower))) continue;
    out.push({ stems: span.stems, verb: verb.stem, saying: CUE_VERBS.has(verb.lower) });
  }
  return out;
}

export function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** The names acting before token `j`: the nearest name span and those joined to it by "and" or commas. */
export function actorsBefore(
  tokens: readonly Token[],
  spans: readonly NameSpan[],
  j: number,
): { stems: Set<string>; start: number; end: number } | null {
  let k = spans.length - 1;
  while (k >= 0 && spans[k]!.end > j) k--;
  if (k < 0) return null;
  const stems = new Set(spans[k]!.stems);
  const end = spans[k]!.end;
  let start = spans[k]!.start;
  while (k > 0 && spans[k - 1]!.end === start - 1 && COORDINATORS.has(tokens[start - 1]!.lower)) {
    k--;
    for (const s of spans[k]!.stems) stems.add(s);
    start = spans[k]!.start;
  }
  return { stems, start, end };
}

/** The subject pronoun right before token `j` ("he had sent"), if any. */
function pronounBefore(tokens: readonly Token[], j: number): boolean {
  let i = j - 1;
  while (i >= 0 && !tokens[i]!.break && BETWEEN_ACTOR_AND_VERB.has(tokens[i]!.lower)) i--;
  return i >= 0 && SUBJECT_PRONOUNS.has(tokens[i]!.lower);
}

/** The word the claim's actor does, or any verb of saying for a claim's verb of saying ("said" for "emphasized"). */
function sameVerb(t: Token, actor: ActorClaim): boolean {
  return t.stem === actor.verb || (actor.saying && CUE_VERBS.has(t.lower));
}

/** 'resolved': a pronoun in the source stands for the actor, named only in a sentence before. */
export type ActorVerdict = 'agrees' | 'resolved' | 'differs' | 'not found';

/**
 * Whether the source sentence gives `actor.verb` to the claim's actor: the names acting before it are
 * the actor's, or it says "..., said ACTOR", or the actor acts in an aside before another name ("Trump,
 * after meeting Netanyahu, said"), or a pronoun stands for it (resolved in the sentence, else in `earlierNames`).
 */
export function actorInSource(actor: ActorClaim, tokens: readonly Token[], earlierNames: ReadonlySet<string>): ActorVerdict {
  const spans = nameSpans(tokens);
  let found = false;
  for (let j = 0; j < tokens.length; j++) {
    if (!sameVerb(tokens[j]!, actor)) continue;
    found = true;
    const acting = actorsBefore(tokens, spans, j);
    if (pronounBefore(tokens, j)) {
      if (acting && overlaps(acting.stems, actor.stems)) return 'agrees';
      if (overlaps(earlierNames, actor.stems)) return 'resolved';
      continue;
    }
    if (acting && overlaps(acting.stems, actor.stems)) return 'agrees';
    if (CUE_VERBS.has(tokens[j]!.lower)) {
      const after = spans.find((s) => s.start > j && s.start <= j + 3);
      if (after && overlaps(after.stems, actor.stems)) return 'agrees';
    }
    if (acting) {
      const aside = tokens.slice(acting.end, j).some((t) => t.break);
      const earlier = spans.some((s) => s.end <= acting.start && overlaps(s.stems, actor.stems));
      if (aside && earlier) return 'agrees';
    }
    // No name acts before the word: a description does ("the firm said"); the claim's actor must not be elsewhere in it.
    if (!acting && !spans.some((s) => overlaps(s.stems, actor.stems))) return 'agrees';
  }
  return found ? 'differs' : 'not found';
}
