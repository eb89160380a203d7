/**
 * What a word of a token is to the capitalised run it would join (capitalised-runs.ts reads the runs):
 * where the word lies in its token, whether it is capitalised, a name word, an opener, a title, a contraction.
 */

import * as chars from '../text/index.js';
import * as words from './name-words.js';

// Module constants, as in capitalised-runs.ts: read once, not through the import at every call.
const { FULL_STOP, HYPHEN, isApostrophe, isAsciiLetter, isAsciiLower, isAsciiUpper, isWhiteSpace, LOWER_S } = chars;
const { NAME_UNLESS_ABBREVIATED, NEVER_A_NAME, NOT_NAMES, NOT_NAMES_TRIE, OPENS_NAMES, OPENS_NAMES_MID_SENTENCE, PRONOUN_SURNAME, TITLE } =
  words;
const { root: TRIE_ROOT, dead: TRIE_DEAD } = NOT_NAMES_TRIE;
const LOWER_N = 110;
const LOWER_T = 116;

// What a word is to the run it joins: a name word, a connector inside a name ("Bank of England"), or an
// opener ("New" of "New York"): a run of openers and connectors alone names nothing.
export const NAME_WORD = 0;
export const CONNECTOR_WORD = 1;
export const OPENER_WORD = 2;
/** An initial with its full stop ("W." of "George W. Bush"): the run goes on; at its end, the stop ends the sentence, not the name. */
export const INITIAL_WORD = 3;
export type RunWord = typeof NAME_WORD | typeof CONNECTOR_WORD | typeof OPENER_WORD | typeof INITIAL_WORD;

/**
 * A plain token text[start, end) (see capitalised-runs.ts' readToken) as a name word, the same as its
 * Unicode rules (addUnicodeToken) give but without regexes: leading non-letters off, then a trailing "'s" and non-letters (dots kept),
 * then a final full stop unless it closes an initialism ("U.S."). This is where the word starts; see
 * nameWordEnd for where it ends.
 */
export function nameWordStart(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && !isAsciiLetter(text.charCodeAt(i))) i++;
  return i;
}

/** Where the name word starting at `start` (see nameWordStart) ends, in a token ending at `end`. */
export function nameWordEnd(text: string, start: number, end: number): number {
  let stop = end;
  while (stop > start && !isAsciiLetter(text.charCodeAt(stop - 1)) && text.charCodeAt(stop - 1) !== FULL_STOP) stop--;
  if (stop - 2 >= start && isApostrophe(text.charCodeAt(stop - 2)) && text.charCodeAt(stop - 1) === LOWER_S) stop -= 2;
  if (stop > start && text.charCodeAt(stop - 1) === FULL_STOP) {
    const closesInitialism = stop - 3 >= start && text.charCodeAt(stop - 3) === FULL_STOP && isAsciiLetter(text.charCodeAt(stop - 2));
    if (!closesInitialism) stop--;
  }
  return stop;
}

// What capitalisedWordApostrophe says of a span that is no capitalised word, and of one with no apostrophe.
export const NOT_CAPITALISED = -1;
export const NO_APOSTROPHE = 0;

/**
 * Whether a plain span is a capitalised word (a capital, then letters, dots, apostrophes or hyphens):
 * NOT_CAPITALISED, else where its last apostrophe is ("I'm": a contraction?), NO_APOSTROPHE when it has
 * none (a capital comes first, so no apostrophe stands at 0). Found in the one pass over its letters.
 */
export function capitalisedWordApostrophe(text: string, start: number, end: number): number {
  if (end === start || !isAsciiUpper(text.charCodeAt(start))) return NOT_CAPITALISED;
  let apostrophe = NO_APOSTROPHE;
  for (let i = start + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) continue; // most characters: tested first
    if (isApostrophe(code)) apostrophe = i;
    else if (code !== FULL_STOP && code !== HYPHEN) return NOT_CAPITALISED;
  }
  return apostrophe;
}

/** Where the white space starting at `from` ends. */
export function spaceEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * What the capitalised word text[start, end) (its last apostrophe at `apostrophe`, or NO_APOSTROPHE) is
 * to the run it would join, open or not (a RunWord), or -1 when it is no part of a name: a word of
 * NOT_NAMES, unless of a kind that takes part in a name here (see name-words.ts), or a contraction of one ("I'm").
 */
export function capitalisedWordRole(
  runOpen: boolean,
  text: string,
  start: number,
  end: number,
  apostrophe: number,
  atSentenceStart: boolean,
  ascii: boolean,
): number {
  const kind = notNameKind(text, start, end, ascii);
  if (kind < 0) return apostrophe !== NO_APOSTROPHE && isContraction(text, start, apostrophe, end) ? -1 : NAME_WORD;
  if (kind === NEVER_A_NAME) return -1;
  if (kind === OPENS_NAMES || (kind === OPENS_NAMES_MID_SENTENCE && !atSentenceStart)) return OPENER_WORD;
  if (kind === NAME_UNLESS_ABBREVIATED) return text.charCodeAt(end) === FULL_STOP ? -1 : NAME_WORD;
  return kind === PRONOUN_SURNAME && ascii && isSurnameHere(runOpen, text, end, atSentenceStart) ? NAME_WORD : -1;
}

/** The NameWordKind of text[start, end) if NOT_NAMES holds it, else -1: one lookup, by the trie alone for an ASCII span. */
function notNameKind(text: string, start: number, end: number, ascii: boolean): number {
  if (!ascii) return NOT_NAMES.get(text, start, end) ?? -1;
  let state = TRIE_ROOT;
  for (let i = start; i < end && state !== TRIE_DEAD; i++) state = NOT_NAMES_TRIE.step(state, text.charCodeAt(i));
  return NOT_NAMES_TRIE.valueAt(state) ?? -1;
}

/** A title written with its full stop ("Sen.", "(Dr."): the stop abbreviates, the sentence goes on to the name. */
export function isTitleAbbreviation(text: string, start: number, end: number, ascii: boolean): boolean {
  if (text.charCodeAt(end - 1) !== FULL_STOP) return false;
  return notNameKind(text, nameWordStart(text, start, end), end - 1, ascii) === TITLE;
}

/**
 * "Cindy He", "minister He Yafei", "He Yafei spoke": a pronoun-like surname (ending at `end`) after a name
 * word, capitalised in mid-sentence, or before a capitalised word, is a name word (the pronoun is followed by a verb).
 */
function isSurnameHere(runOpen: boolean, text: string, end: number, atSentenceStart: boolean): boolean {
  return runOpen || !atSentenceStart || (isWhiteSpace(text.charCodeAt(end)) && isAsciiUpper(text.charCodeAt(spaceEnd(text, end))));
}

/**
 * Whether the capitalised word text[start, end), with an apostrophe at `apostrophe`, is a contraction of
 * a word that is never a name: "I'm", "We're", "That'll" (NOT_NAMES holds what comes before the
 * apostrophe), or any "n't" ("Don't", "Can't": the negation cleaves only to verbs). An apostrophe before
 * a capital ("O'Neill") or after a stem that is a name ("Qur'an") makes no contraction.
 */
export function isContraction(text: string, start: number, apostrophe: number, end: number): boolean {
  if (apostrophe === end - 1) return false;
  for (let i = apostrophe + 1; i < end; i++) if (!isAsciiLower(text.charCodeAt(i))) return false;
  if (apostrophe === end - 2 && text.charCodeAt(end - 1) === LOWER_T && text.charCodeAt(apostrophe - 1) === LOWER_N) return true;
  return NOT_NAMES.has(text, start, apostrophe);
}
