/** The names an article is about: capitalised word runs that recur or stand in the title. */
import { IRREGULAR_SPACING } from '../text.js';
import { foldedWordSet, isAsciiSpan } from './word-lookup.js';

// Capitalised words that start sentences or headlines without naming anything.
const NOT_NAMES = foldedWordSet(
  `a an the and or but if in on at to of for by with from as is are was were be been it its this that these those
  he she they we you i his her their our your my him them us me who what when where why how which while after before
  during since until about over under into than then there here not no yes all any some many most more much each every
  other such one two three four five six seven eight nine ten first last new old said says according however also just
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
  october november december mr mrs ms dr earlier later today yesterday tomorrow advertisement photo read share`.split(/\s+/),
);

const CONNECTORS = foldedWordSet(['of', 'de', 'al', 'bin', 'van', 'von', 'der', 'la', 'du']);
const MAX_ENTITIES = 12;

/** A set of marks as a table by char code: tested on every token, where a Set lookup would dominate. */
class MarkSet {
  private readonly table: Uint8Array;
  constructor(marks: string) {
    const codes = [...marks].map((ch) => ch.charCodeAt(0));
    this.table = new Uint8Array(Math.max(...codes) + 1);
    for (const code of codes) this.table[code] = 1;
  }
  has(code: number): boolean {
    return code < this.table.length && this.table[code] === 1;
  }
}

const RUN_ENDING_PUNCTUATION = new MarkSet(',.;:!?)"”');
const SENTENCE_PUNCTUATION = new MarkSet('.!?');
const CLOSING_QUOTES = new MarkSet('"”’');

/** An ASCII lower-case first letter (its code): the token is no name (a cheap test that spares most words the regexes). */
function startsLowerCase(code: number): boolean {
  return code >= 97 && code <= 122;
}


const DOT = 46;
const APOSTROPHE = 39;
const LOWER_S = 115;
const HYPHEN = 45;
const isUpper = (code: number): boolean => code >= 65 && code <= 90;
const isLetter = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

/**
 * An ASCII token text[start, end) as a name word, the same as the Unicode rules below give but
 * without regexes: leading non-letters off, then a trailing "'s" and non-letters (dots kept), then a
 * final full stop unless it closes an initialism ("U.S."). This is where the word starts; see
 * asciiNameWordEnd for where it ends.
 */
function asciiNameWordStart(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && !isLetter(text.charCodeAt(i))) i++;
  return i;
}

/** Where the name word starting at `start` (see asciiNameWordStart) ends, in a token ending at `end`. */
function asciiNameWordEnd(text: string, start: number, end: number): number {
  let stop = end;
  while (stop > start && !isLetter(text.charCodeAt(stop - 1)) && text.charCodeAt(stop - 1) !== DOT) stop--;
  if (stop - 2 >= start && text.charCodeAt(stop - 2) === APOSTROPHE && text.charCodeAt(stop - 1) === LOWER_S) stop -= 2;
  if (stop > start && text.charCodeAt(stop - 1) === DOT) {
    const closesInitialism = stop - 3 >= start && text.charCodeAt(stop - 3) === DOT && isLetter(text.charCodeAt(stop - 2));
    if (!closesInitialism) stop--;
  }
  return stop;
}

/** A capital, then letters, dots, apostrophes or hyphens (ASCII only). */
function isAsciiCapitalisedWord(text: string, start: number, end: number): boolean {
  if (end === start || !isUpper(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isLetter(code) && code !== DOT && code !== APOSTROPHE && code !== HYPHEN) return false;
  }
  return true;
}

/** White space as `\s` matches it (ECMAScript WhiteSpace and LineTerminator), tested without a regex. */
function isWhiteSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Where the token starting at `from` ends: the next white space, or the end of the text. */
function tokenEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}


/** tokenEnd for a text whose only white space is single plain spaces. */
function nextSpace(text: string, from: number): number {
  const space = text.indexOf(' ', from);
  return space < 0 ? text.length : space;
}

// A space, then a token not starting with an ASCII lower-case letter.
const SPACE_THEN_NOT_LOWER_CASE = / [^a-z]/g;

/** In a single-spaced text, the start of the first token after `from` not starting lower-case, or -1. */
function nextTokenNotLowerCase(text: string, from: number): number {
  SPACE_THEN_NOT_LOWER_CASE.lastIndex = from;
  // test, not exec: no match array; lastIndex is left just past the token's first character.
  return SPACE_THEN_NOT_LOWER_CASE.test(text) ? SPACE_THEN_NOT_LOWER_CASE.lastIndex - 1 : -1;
}

/** Where the white space starting at `from` ends. */
function spaceEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The token text[start, end) ends in sentence-final punctuation, maybe inside a closing quote: the next word opens a sentence. */
function endsSentenceAt(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (SENTENCE_PUNCTUATION.has(last)) return true;
  return end - start > 1 && CLOSING_QUOTES.has(last) && SENTENCE_PUNCTUATION.has(text.charCodeAt(end - 2));
}

/**
 * The runs of a text as its words are read: words go onto the open run until something closes it.
 * A class, not closures over appendCapitalisedRuns' locals: tsx names every closure it creates through
 * Object.defineProperty, about a microsecond a paragraph.
 */
class RunCollector {
  private readonly words: string[] = [];
  private opensSentence = false;

  /** Closed runs go straight onto `runs`, shared by all the paragraphs of an article. */
  constructor(readonly runs: string[]) {}

  get open(): boolean {
    return this.words.length > 0;
  }

  /** Adds a word; the run opens a sentence when its first word does. */
  add(word: string, atSentenceStart: boolean): void {
    if (this.words.length === 0) this.opensSentence = atSentenceStart;
    this.words.push(word);
  }

  /** Ends the open run: trailing connectors off, kept when 1-4 words long and not a lone sentence opener. */
  close(): void {
    const words = this.words;
    if (words.length === 0) return; // most words: nothing to close
    while (words.length && CONNECTORS.has(words[words.length - 1]!)) words.pop();
    if (words.length && words.length <= 4 && !(words.length === 1 && this.opensSentence)) this.runs.push(words.join(' '));
    words.length = 0;
  }
}

/**
 * Capitalised runs of 1-4 words in a text ("Masoud Pezeshkian", "Supreme Court", "Iran"), appended
 * to `runs`. A single word opening a sentence is skipped: it is capitalised for the sentence, not for
 * being a name. Tokens are the text split at white space (as `split(/\s+/)` cuts it), read in place:
 * most words start lower-case and need no string of their own; most paragraphs are single-spaced
 * (IRREGULAR_SPACING), and their tokens are found with indexOf instead of a test of every character.
 */
function appendCapitalisedRuns(text: string, runs: string[]): string[] {
  const run = new RunCollector(runs);
  const singleSpaced = !IRREGULAR_SPACING.test(text);
  let sentenceStart = true;
  for (let start = 0; ; ) {
    const end = singleSpaced ? nextSpace(text, start) : tokenEnd(text, start);
    const atSentenceStart = sentenceStart;
    const first = text.charCodeAt(start);
    if (startsLowerCase(first)) {
      // Most words: never a name, at most a connector inside one ("Bank of England").
      sentenceStart = endsSentenceAt(text, start, end);
      if (run.open) {
        if (CONNECTORS.has(text, start, end)) run.add(text.slice(start, end), atSentenceStart);
        else run.close();
      }
    } else if (isAsciiSpan(text, start, end)) {
      sentenceStart = endsSentenceAt(text, start, end) && !(end - start === 2 && isUpper(first) && text.charCodeAt(start + 1) === DOT);
      addAsciiToken(run, text, start, end, atSentenceStart);
    } else {
      const token = text.slice(start, end);
      sentenceStart = endsSentenceAt(text, start, end) && !/^\p{Lu}\.$/u.test(token);
      const word = token.replace(/^[^\p{L}]+|(?:['’]s)?[^\p{L}.]*$/gu, '').replace(/(?<!\.\p{L})\.$/u, '');
      const capitalised = /^\p{Lu}[\p{L}.'’-]*$/u.test(word) && !NOT_NAMES.has(word);
      const connector = run.open && CONNECTORS.has(word) && word === token;
      if (capitalised || connector) run.add(word, atSentenceStart);
      else run.close();
    }
    // Punctuation after a word ends the run ("Iran, Iraq" are two names).
    if (end > start && RUN_ENDING_PUNCTUATION.has(text.charCodeAt(end - 1))) run.close();
    if (end >= text.length) break;
    if (singleSpaced && !run.open) {
      // No run to extend: words starting lower-case change nothing but whether a sentence ends, so jump them.
      const next = nextTokenNotLowerCase(text, end);
      if (next < 0) break;
      if (next > end + 1) sentenceStart = endsSentenceAt(text, text.lastIndexOf(' ', next - 2) + 1, next - 1);
      start = next;
    } else start = singleSpaced ? end + 1 : spaceEnd(text, end);
  }
  run.close();
  return runs;
}

/** An ASCII token not starting lower-case: onto the run as a name word or connector, else the run ends. */
function addAsciiToken(run: RunCollector, text: string, start: number, end: number, atSentenceStart: boolean): void {
  const wordStart = asciiNameWordStart(text, start, end);
  const wordEnd = asciiNameWordEnd(text, wordStart, end);
  const capitalised = isAsciiCapitalisedWord(text, wordStart, wordEnd) && !NOT_NAMES.hasAscii(text, wordStart, wordEnd);
  // A connector counts only as the whole token (no punctuation cut off it).
  const connector = run.open && wordStart === start && wordEnd === end && CONNECTORS.hasAscii(text, start, end);
  if (capitalised || connector) run.add(text.slice(wordStart, wordEnd), atSentenceStart);
  else run.close();
}

/** True when every word of the name, lower-cased, occurs in the title (headlines are Title Case, so runs there mean little). */
function namedInTitle(lowerName: string, titleWords: Set<string>): boolean {
  for (let start = 0; ; ) {
    const space = lowerName.indexOf(' ', start);
    const end = space < 0 ? lowerName.length : space;
    if (!titleWords.has(lowerName.slice(start, end))) return false;
    if (space < 0) return true;
    start = space + 1;
  }
}

/**
 * Each string lower-cased, as toLowerCase gives it one by one, in a single call: a call costs about as
 * much as lower-casing a paragraph. Joined at line breaks, which no run holds and lower-casing treats
 * like the ends of a string (they are neither cased nor case-ignorable, so even a final sigma reads alike).
 */
function lowerCaseAll(strings: readonly string[]): string[] {
  if (strings.length === 0) return [];
  const lowered = strings.join('\n').toLowerCase().split('\n');
  return lowered.length === strings.length ? lowered : strings.map((s) => s.toLowerCase());
}

/** The article's most prominent names: named at least twice in the body, or once and in the title. */
export function extractEntities(title: string, paragraphs: string[]): string[] {
  // Apostrophes split words here, so "Trump's" leaves "trump" (and "s") with no possessive to strip.
  const titleWords = new Set(title.toLowerCase().split(/[^\p{L}\p{N}.]+/u));
  // By the name lower-cased (the key), the longest spelling seen and the count.
  const counts = new Map<string, { name: string; count: number }>();
  const runs: string[] = [];
  for (const paragraph of paragraphs) appendCapitalisedRuns(paragraph, runs);
  const keys = lowerCaseAll(runs);
  for (let i = 0; i < runs.length; i++) {
    const name = runs[i]!;
    const key = keys[i]!;
    const seen = counts.get(key);
    if (!seen) counts.set(key, { name, count: 1 });
    else {
      seen.count++;
      if (seen.name.length <= name.length) seen.name = name;
    }
  }
  // Scored once each: the sort compares every name several times.
  const scored: ScoredName[] = [];
  for (const [key, { name, count }] of counts) {
    if (name.length <= 2) continue;
    const score = count + (namedInTitle(key, titleWords) ? 2 : 0);
    if (score >= 2) scored.push({ name, score });
  }
  scored.sort(byScoreDescending); // stable: equal scores keep their order of first mention
  const names: string[] = [];
  for (let i = 0; i < scored.length && i < MAX_ENTITIES; i++) names.push(scored[i]!.name);
  return names;
}

interface ScoredName {
  name: string;
  score: number;
}

const byScoreDescending = (a: ScoredName, b: ScoredName): number => b.score - a.score;
