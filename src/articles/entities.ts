/** The names an article is about: capitalised word runs that recur or stand in the title. */
import { foldedWordSet } from './word-lookup.js';

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

/** Sentence-final punctuation, maybe inside a closing quote: the next word opens a sentence. */
function endsSentence(token: string): boolean {
  const last = token.charCodeAt(token.length - 1);
  if (SENTENCE_PUNCTUATION.has(last)) return true;
  return token.length > 1 && CLOSING_QUOTES.has(last) && SENTENCE_PUNCTUATION.has(token.charCodeAt(token.length - 2));
}

const DOT = 46;
const APOSTROPHE = 39;
const LOWER_S = 115;
const isUpper = (code: number): boolean => code >= 65 && code <= 90;
const isLetter = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);

function isAscii(token: string): boolean {
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * An ASCII token as a name word, the same as the Unicode rules below give but without regexes:
 * leading non-letters off, then a trailing "'s" and non-letters (dots kept), then a final full
 * stop unless it closes an initialism ("U.S.").
 */
function asciiNameWord(token: string): string {
  let start = 0;
  while (start < token.length && !isLetter(token.charCodeAt(start))) start++;
  let end = token.length;
  while (end > start && !isLetter(token.charCodeAt(end - 1)) && token.charCodeAt(end - 1) !== DOT) end--;
  if (end - 2 >= start && token.charCodeAt(end - 2) === APOSTROPHE && token.charCodeAt(end - 1) === LOWER_S) end -= 2;
  if (end > start && token.charCodeAt(end - 1) === DOT) {
    const closesInitialism = end - 3 >= start && token.charCodeAt(end - 3) === DOT && isLetter(token.charCodeAt(end - 2));
    if (!closesInitialism) end--;
  }
  return token.slice(start, end);
}

/** A capital, then letters, dots, apostrophes or hyphens (ASCII only). */
function isAsciiCapitalisedWord(word: string): boolean {
  if (word.length === 0 || !isUpper(word.charCodeAt(0))) return false;
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (!isLetter(code) && code !== DOT && code !== APOSTROPHE && code !== 45) return false;
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

/**
 * White space other than single plain spaces. Most paragraphs have none (text dumps come with it
 * collapsed), and their tokens are found with indexOf instead of a test of every character.
 */
const IRREGULAR_SPACING = /[^\S ]| {2}/;

/** tokenEnd for a text whose only white space is single plain spaces. */
function nextSpace(text: string, from: number): number {
  const space = text.indexOf(' ', from);
  return space < 0 ? text.length : space;
}

/** Where the white space starting at `from` ends. */
function spaceEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/** endsSentence for the token text[start, end), without cutting it out. */
function endsSentenceAt(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (SENTENCE_PUNCTUATION.has(last)) return true;
  return end - start > 1 && CLOSING_QUOTES.has(last) && SENTENCE_PUNCTUATION.has(text.charCodeAt(end - 2));
}

/**
 * The runs of a text as its words are read: words go onto the open run until something closes it.
 * A class, not closures over capitalisedRuns' locals: tsx names every closure it creates through
 * Object.defineProperty, about a microsecond a paragraph.
 */
class RunCollector {
  readonly runs: string[] = [];
  private readonly words: string[] = [];
  private opensSentence = false;

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
 * Capitalised runs of 1-4 words in a text ("Masoud Pezeshkian", "Supreme Court", "Iran"). A single
 * word opening a sentence is skipped: it is capitalised for the sentence, not for being a name.
 * Tokens are the text split at white space (as `split(/\s+/)` cuts it), read in place: most words
 * start lower-case and need no string of their own.
 */
export function capitalisedRuns(text: string): string[] {
  const run = new RunCollector();
  const singleSpaced = !IRREGULAR_SPACING.test(text);
  let sentenceStart = true;
  for (let start = 0; ; ) {
    const end = singleSpaced ? nextSpace(text, start) : tokenEnd(text, start);
    const atSentenceStart = sentenceStart;
    if (startsLowerCase(text.charCodeAt(start))) {
      // Most words: never a name, at most a connector inside one ("Bank of England").
      sentenceStart = endsSentenceAt(text, start, end);
      if (run.open && CONNECTORS.has(text, start, end)) run.add(text.slice(start, end), atSentenceStart);
      else run.close();
    } else {
      const token = text.slice(start, end);
      if (isAscii(token)) {
        sentenceStart = endsSentence(token) && !(token.length === 2 && isUpper(token.charCodeAt(0)) && token.charCodeAt(1) === DOT);
        const word = asciiNameWord(token);
        const capitalised = isAsciiCapitalisedWord(word) && !NOT_NAMES.has(word);
        const connector = run.open && CONNECTORS.has(word) && word === token;
        if (capitalised || connector) run.add(word, atSentenceStart);
        else run.close();
      } else {
        sentenceStart = endsSentence(token) && !/^\p{Lu}\.$/u.test(token);
        const word = token.replace(/^[^\p{L}]+|(?:['’]s)?[^\p{L}.]*$/gu, '').replace(/(?<!\.\p{L})\.$/u, '');
        const capitalised = /^\p{Lu}[\p{L}.'’-]*$/u.test(word) && !NOT_NAMES.has(word);
        const connector = run.open && CONNECTORS.has(word) && word === token;
        if (capitalised || connector) run.add(word, atSentenceStart);
        else run.close();
      }
    }
    // Punctuation after a word ends the run ("Iran, Iraq" are two names).
    if (end > start && RUN_ENDING_PUNCTUATION.has(text.charCodeAt(end - 1))) run.close();
    if (end >= text.length) break;
    start = singleSpaced ? end + 1 : spaceEnd(text, end);
  }
  run.close();
  return run.runs;
}

/** True when every word of the name, lower-cased, occurs in the title (headlines are Title Case, so runs there mean little). */
function namedInTitle(lowerName: string, titleWords: Set<string>): boolean {
  return lowerName.split(' ').every((word) => titleWords.has(word));
}

/** The article's most prominent names: named at least twice in the body, or once and in the title. */
export function extractEntities(title: string, paragraphs: string[]): string[] {
  const titleWords = new Set(title.toLowerCase().split(/[^\p{L}\p{N}.]+/u).map((w) => w.replace(/(?:['’]s)$/u, '')));
  // By the name lower-cased (the key), the longest spelling seen and the count.
  const counts = new Map<string, { name: string; count: number }>();
  for (const name of paragraphs.flatMap(capitalisedRuns)) {
    const key = name.toLowerCase();
    const seen = counts.get(key);
    if (!seen) counts.set(key, { name, count: 1 });
    else {
      seen.count++;
      if (seen.name.length <= name.length) seen.name = name;
    }
  }
  // Scored once each: the sort compares every name several times.
  return [...counts]
    .filter(([, e]) => e.name.length > 2)
    .map(([key, { name, count }]) => ({ name, score: count + (namedInTitle(key, titleWords) ? 2 : 0) }))
    .filter((e) => e.score >= 2)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_ENTITIES)
    .map((e) => e.name);
}
