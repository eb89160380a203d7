/** What a capitalised run says on its own, whatever the article: its titles, its name, and what kind of name. */

import { PRONOUN_SURNAMES } from '../names/index.js';
import {
  FoldedWordTrie,
  FULL_STOP,
  isApostrophe,
  isAsciiLower,
  isAsciiSpan,
  isAsciiUpper,
  isBeyondAscii,
  LOWER_S,
  NO_BREAK_SPACE,
  SPACE,
} from '../text/index.js';
import {
  FEMALE_FIRST_NAMES,
  GENDERED_HONORIFICS,
  MALE_FIRST_NAMES,
  NOT_NAME_WORDS,
  ORGANISATION_WORDS,
  PERSON_TITLES,
  SENTENCE_WORD_SURNAMES,
  TWO_WORD_PLACES,
} from './cues.js';

export type Gender = 'male' | 'female' | null;

/** The places of two words as written in a run: "South Dakota". */
const TWO_WORD_PLACE_NAMES: ReadonlySet<string> = new Set(
  [...TWO_WORD_PLACES].map((place) => place.replace(/(^| )\p{Ll}/gu, (first) => first.toUpperCase())),
);

const MAX_NAME_WORDS = 5;
const ABBREVIATED_TITLE = /^(?:Sen|Gov|Rep|Mr|Mrs|Ms|Dr|Gen|Lt|Sgt|Col|Capt|Prof|Rev)\.?$/;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** A word as the word lists hold it: lower-cased, without dots or apostrophes. */
export const normalise = (word: string): string => {
  const lower = word.toLowerCase();
  return hasDotOrApostrophe(lower) ? lower.replace(/[.’']/g, '') : lower;
};

/** `/[.’']/.test(word)`, by char code: words are short, and a regex call costs more than the loop. */
function hasDotOrApostrophe(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === FULL_STOP || isApostrophe(code)) return true;
  }
  return false;
}

/** The run without a final possessive ("Trump's" -> "Trump"), as `run.replace(/['’]s?$/, '')` gives it. */
function withoutPossessive(run: string): string {
  const last = run.length - 1;
  if (run.charCodeAt(last) === LOWER_S && isApostrophe(run.charCodeAt(last - 1))) return run.slice(0, last - 1);
  return isApostrophe(run.charCodeAt(last)) ? run.slice(0, last) : run;
}

/** The words of a run, as `run.split(/[ \u00a0]+/).filter(Boolean)` gives them, without a regex. */
function runWords(run: string): string[] {
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    const code = i < run.length ? run.charCodeAt(i) : SPACE;
    if (code !== SPACE && code !== NO_BREAK_SPACE) continue;
    if (i > start) words.push(run.slice(start, i));
    start = i + 1;
  }
  return words;
}

/** The index of the last word but the final one that ends in "'s" or "’s", or -1. */
function lastPossessive(words: readonly string[]): number {
  for (let i = words.length - 2; i >= 0; i--) {
    const word = words[i]!;
    if (word.charCodeAt(word.length - 1) === LOWER_S && isApostrophe(word.charCodeAt(word.length - 2))) return i;
  }
  return -1;
}

/** A capitalised run split into the titles before the name and the name itself. */
export interface RunParts {
  titles: readonly string[];
  name: readonly string[];
  /** Which word lists each word of the name is in (the bits below), as its normalised form is looked up. */
  kinds: readonly number[];
  /** Sentence words came off the run's front ("When Wallace"): the run does not itself open its sentence. */
  afterSentenceWord?: boolean;
}

// Bits that say which word lists a word is in, once normalised.
const NOT_NAME = 1;
const TITLE = 2;
const SUFFIX = 4;
const ORGANISATION = 8;
const FEMALE_NAME = 16;
const MALE_NAME = 32;
const PRONOUN_SURNAME = 64;
const WORD_SURNAME = 128;

/** The word lists a run is read against, as one trie: a word is walked once, not lower-cased and hashed for each list. */
const WORD_KINDS = new FoldedWordTrie(wordKindsByWord());

/** Each word of the lists with the bits of every list it is in. */
function wordKindsByWord(): Map<string, number> {
  const kinds = new Map<string, number>();
  const add = (words: Iterable<string>, kind: number): void => {
    for (const word of words) kinds.set(word, (kinds.get(word) ?? 0) | kind);
  };
  add(NOT_NAME_WORDS, NOT_NAME);
  add(PERSON_TITLES, TITLE);
  add(SUFFIXES, SUFFIX);
  add(ORGANISATION_WORDS, ORGANISATION);
  add(FEMALE_FIRST_NAMES, FEMALE_NAME);
  add(MALE_FIRST_NAMES, MALE_NAME);
  add(PRONOUN_SURNAMES, PRONOUN_SURNAME);
  add(SENTENCE_WORD_SURNAMES, WORD_SURNAME);
  return kinds;
}

/**
 * The lists normalise(word) is in, walking the word through the trie and skipping what normalise
 * drops. Most run words are ASCII: they are spared toLowerCase, which on a slice of a paragraph
 * holding a curly quote takes the slow two-byte path.
 */
function wordKind(word: string): number {
  let state = WORD_KINDS.root;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === FULL_STOP || isApostrophe(code)) continue;
    if (isBeyondAscii(code)) return wordKindOfKey(normalise(word)); // Unicode lower-casing is not ours to copy
    state = WORD_KINDS.step(state, code);
    // No ASCII word goes on this way; only a word beyond ASCII, which the trie leaves out, still could.
    if (state === WORD_KINDS.dead) return isAsciiSpan(word, i + 1, word.length) ? 0 : wordKindOfKey(normalise(word));
  }
  return WORD_KINDS.valueAt(state) ?? 0;
}

/** The lists a normalised word is in, asked of the lists themselves. */
function wordKindOfKey(key: string): number {
  let kind = 0;
  if (NOT_NAME_WORDS.has(key)) kind |= NOT_NAME;
  if (PERSON_TITLES.has(key)) kind |= TITLE;
  if (SUFFIXES.has(key)) kind |= SUFFIX;
  if (ORGANISATION_WORDS.has(key)) kind |= ORGANISATION;
  if (FEMALE_FIRST_NAMES.has(key)) kind |= FEMALE_NAME;
  if (MALE_FIRST_NAMES.has(key)) kind |= MALE_NAME;
  if (PRONOUN_SURNAMES.has(key)) kind |= PRONOUN_SURNAME;
  if (SENTENCE_WORD_SURNAMES.has(key)) kind |= WORD_SURNAME;
  return kind;
}

/** Splits a capitalised run into the titles before the name and the name itself. */
export function splitTitles(run: string): RunParts {
  const bare = withoutPossessive(run);
  // Two runs in three are one word: read it as the steps below would, without their arrays.
  if (bare.length > 0 && !hasSpace(bare)) return oneWordParts(bare);
  let tokens = runWords(bare);
  // "Iran's Supreme Leader Ali Khamenei": the name follows the possessive.
  const owner = lastPossessive(tokens);
  if (owner >= 0) tokens = tokens.slice(owner + 1);
  // Each word looked up once: the checks below read it several times.
  const kinds = tokens.map(wordKind);
  let start = 0;
  while (start < tokens.length && kinds[start]! & NOT_NAME && !isSurnameBeside(kinds, start, start + 1)) start++;
  let end = tokens.length;
  while (end > start && kinds[end - 1]! & NOT_NAME && !isSurnameBeside(kinds, end - 1, end - 2) && !isWordSurname(kinds, end - 1)) end--;
  let lastTitle = -1;
  for (let i = start; i < end - 1; i++) if (kinds[i]! & TITLE) lastTitle = i;
  const titles = lastTitle >= 0 ? titlesAmong(tokens, kinds, start, lastTitle + 1) : NONE;
  const from = Math.max(start, lastTitle + 1);
  const name = part(tokens, from, end);
  if (name.length === 1 && ABBREVIATED_TITLE.test(name[0] ?? '')) return { titles, name: NONE, kinds: NONE };
  // Headlines in title case and shouted datelines are not names.
  if (name.length > MAX_NAME_WORDS || hasShoutedWord(name)) return { titles, name: NONE, kinds: NONE };
  return { titles, name, kinds: part(kinds, from, end), afterSentenceWord: start > 0 };
}

/** "He Yafei", "Cindy He": a pronoun-like surname written next to a name word of the same run is part of the name. */
function isSurnameBeside(kinds: readonly number[], at: number, other: number): boolean {
  // Bounds first: reading past an array's end makes V8 slow this hot path down.
  if ((kinds[at]! & PRONOUN_SURNAME) === 0 || other < 0 || other >= kinds.length) return false;
  return (kinds[other]! & (NOT_NAME | TITLE)) === 0;
}

/** "Al From", "Prime Minister Theresa May": a sentence word that is also a surname ends a name after a first name or title. */
function isWordSurname(kinds: readonly number[], at: number): boolean {
  if ((kinds[at]! & WORD_SURNAME) === 0 || at < 1) return false;
  return (kinds[at - 1]! & (MALE_NAME | FEMALE_NAME | TITLE)) !== 0;
}

/**
 * splitTitles for a run of one word, as the general steps read it: a title counts only before a name,
 * so the word is the name, unless it is a sentence word, an abbreviated title or a shouted word.
 */
function oneWordParts(word: string): RunParts {
  const kind = wordKind(word);
  // ABBREVIATED_TITLE matches five characters at most ("Capt.").
  if (kind & NOT_NAME || (word.length <= 5 && ABBREVIATED_TITLE.test(word)) || isShouted(word)) return NO_PARTS;
  return { titles: NONE, name: [word], kinds: [kind] };
}

/** Whether a run holds a space or a no-break space, that is more than one word. */
function hasSpace(run: string): boolean {
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code === SPACE || code === NO_BREAK_SPACE) return true;
  }
  return false;
}

/** No titles, no name: one shared empty list (the parts of a reading are never changed). */
const NONE: readonly never[] = [];
const NO_PARTS: RunParts = { titles: NONE, name: NONE, kinds: NONE };

/** items[from, to), or items itself when that is all of it, as it is for most runs: no copy. */
function part<T>(items: readonly T[], from: number, to: number): readonly T[] {
  return from === 0 && to === items.length ? items : items.slice(from, to);
}

/** The titles among tokens[from, to), normalised: only they are ever lower-cased. */
function titlesAmong(tokens: readonly string[], kinds: readonly number[], from: number, to: number): string[] {
  const titles: string[] = [];
  for (let i = from; i < to; i++) if (kinds[i]! & TITLE) titles.push(normalise(tokens[i]!));
  return titles;
}

/** Some word is shouted (see isShouted). */
function hasShoutedWord(words: readonly string[]): boolean {
  for (const word of words) if (isShouted(word)) return true;
  return false;
}

/** A word longer than four letters in capitals ("BREAKING"): a headline or dateline, not a name. */
function isShouted(word: string): boolean {
  return word.length > 4 && isUpperCase(word);
}

/** `word === word.toUpperCase()`, without upper-casing an ASCII word (no a-z in it is enough). */
function isUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (isBeyondAscii(code)) return word === word.toUpperCase();
    if (isAsciiLower(code)) return false;
  }
  return true;
}

/** Gender from honorifics and well-known first names; null when the article does not say. */
function guessGender(titles: readonly string[], kinds: readonly number[]): Gender {
  for (const t of titles) {
    const g = GENDERED_HONORIFICS.get(t);
    if (g) return g;
  }
  const first = kinds[0] ?? 0;
  if (first & FEMALE_NAME) return 'female';
  if (first & MALE_NAME) return 'male';
  return null;
}

/** True when a capitalised run names an organisation or place rather than a person. */
function isOrganisation(name: readonly string[], kinds: readonly number[]): boolean {
  for (const kind of kinds) if (kind & ORGANISATION) return true;
  for (const word of name) if (!isAllCapitals(word)) return false;
  return true; // an acronym or capitals throughout: "NATO", "FBI"
}

const ALL_CAPITALS = /^\p{Lu}+$/u;

/** `/^\p{Lu}+$/u.test(word)`, with no regex for ASCII (a name's second letter mostly settles it). */
function isAllCapitals(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (isBeyondAscii(code)) return ALL_CAPITALS.test(word);
    if (!isAsciiUpper(code)) return false;
  }
  return true;
}

/** A run as collectCast and nameRuns read it: the same spelling always reads the same. */
export interface RunReading {
  parts: RunParts;
  /** The name's words joined by spaces, as entities are keyed. */
  key: string;
  /** Some name word is more than a sentence word or a suffix ("Jr"): a name to collect. */
  isName: boolean;
  /** Some name word is more than a sentence word: a name a speaker phrase may hold. */
  namesSomeone: boolean;
}

/** Whether a run read as a name names an organisation or place rather than a person (asked only for a new entity). */
export function runIsOrganisation(reading: RunReading): boolean {
  if (reading.parts.name.length === 2 && TWO_WORD_PLACE_NAMES.has(reading.key)) return true;
  // "President Vicente Fox", "Sen. Bob Casey": a title before a full name makes a person, whatever word the name shares with a body.
  if (reading.parts.titles.length > 0 && reading.parts.name.length > 1) return false;
  return isOrganisation(reading.parts.name, reading.parts.kinds);
}

/** The gender a run read as a name gives its entity, if it tells one (asked only while the entity has none). */
export function runGender(reading: RunReading): Gender {
  return guessGender(reading.parts.titles, reading.parts.kinds);
}

/** The reading of a capitalised run. */
export function readRun(run: string): RunReading {
  const parts = splitTitles(run);
  const { name, kinds } = parts;
  let sentenceWordsOnly = true;
  let sentenceWordsOrSuffixes = true;
  for (const kind of kinds) {
    if (kind & NOT_NAME) continue;
    sentenceWordsOnly = false;
    if (!(kind & SUFFIX)) sentenceWordsOrSuffixes = false;
  }
  const namesSomeone = name.length > 0 && !sentenceWordsOnly;
  const isName = name.length > 0 && !sentenceWordsOrSuffixes;
  // Most names are one word, which is then the key itself: no join to build it.
  return { parts, key: name.length === 1 ? name[0]! : name.join(' '), isName, namesSomeone };
}
