/** The pieces a speaker phrase is read from: what a chunk's first word says, and the phrase a span of tokens makes. */

import { foldedWordSet } from '../text/index.js';
import { NOT_NAME_WORDS, PERSON_TITLES } from './cues.js';
import type { Token } from './speaker-tokens.js';

const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'it']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'one',
  'two',
  'three',
  'several',
  'some',
  'many',
  'another',
  'other',
  'his',
  'her',
  'its',
  'their',
  'both',
  'most',
]);

// The word lists as looked up here, case-insensitively and without lower-casing each token (see word-lookup.ts).
export const PRONOUN = foldedWordSet(SUBJECT_PRONOUNS);
export const DETERMINER = foldedWordSet(DETERMINERS);
export const NOT_NAME = foldedWordSet(NOT_NAME_WORDS);
export const TITLE = foldedWordSet(PERSON_TITLES);
export const NOUN_MARKER = foldedWordSet([
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'our',
  'my',
  'your',
  'these',
  'those',
  'such',
  'whose',
]);
export const PLACE_PREPOSITION = foldedWordSet([
  'of',
  'in',
  'at',
  'during',
  'on',
  'from',
  'near',
  'outside',
  'inside',
  'across',
  'throughout',
  'after',
  'before',
  'while',
]);
const OWNER_PREPOSITION = foldedWordSet(['for', 'to', 'of', 'at']);

/** The words standing for the speaker and where they sit in their paragraph. */
export interface SpeakerPhrase {
  phrase: string;
  /** Offset of the phrase in its paragraph. */
  index: number;
}

/** The length of a word without one final full stop ("said." is "said"). */
export function withoutFinalStop(word: string): number {
  return word.endsWith('.') ? word.length - 1 : word.length;
}

export type SubjectKind = 'name' | 'pronoun' | 'determiner' | 'other';

/** What the first word of a chunk says about it being someone: a name, a pronoun, a determiner phrase, or neither. */
export function subjectKind(token: Token | undefined): SubjectKind {
  if (!token) return 'other';
  const word = token.word;
  if (PRONOUN.has(word)) return 'pronoun';
  if (DETERMINER.has(word)) return 'determiner';
  if (/^\p{Lu}/u.test(word) && (!NOT_NAME.has(word) || TITLE.has(word, 0, withoutFinalStop(word)))) return 'name';
  return 'other';
}

export function phraseOf(window: string, tokens: Token[], [from, to]: [number, number], offset = 0): SpeakerPhrase {
  const first = tokens[from];
  const last = tokens[to - 1];
  const startIndex = first?.index ?? 0;
  const phrase = window.slice(startIndex, (last?.index ?? 0) + (last?.word.length ?? 0)).replace(/[,.]$/, '');
  return { phrase, index: offset + startIndex };
}

/** Where the capitalised words from `from` end, looking no further than `limit`. */
export function capitalsEnd(tokens: Token[], from: number, limit: number): number {
  let k = from;
  while (k < tokens.length && k < limit && /^\p{Lu}/u.test(tokens[k]?.word ?? '')) k++;
  return k;
}

/**
 * Past a described source, the name it belongs to: "a spokeswoman | for the House Armed Services Committee",
 * "a longtime adviser | to Trump". Returns where the phrase ends: `at` when no name follows.
 */
export function whoseName(tokens: Token[], at: number): number {
  if (!OWNER_PREPOSITION.has(tokens[at]?.word ?? '')) return at;
  let k = at + 1;
  if (tokens[k]?.word === 'the') k++;
  const first = k;
  while (k < tokens.length && k - first < 6 && /^\p{Lu}/u.test(tokens[k]?.word ?? '')) k++;
  return k > first ? k : at;
}

/** The token after the comma that ends the chunk starting at `from`, or the end. */
export function skipChunk(tokens: Token[], from: number): number {
  const comma = tokens.findIndex((t, j) => j > from && t.word === ',');
  return comma < 0 ? tokens.length : comma + 1;
}
