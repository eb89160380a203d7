/** Reading an article's capitalised word runs ("Masoud Pezeshkian", "Bank of England"): the candidates entities.ts counts and ranks. */

import type { FoldedWordMap } from '../text/index.js';
import * as chars from '../text/index.js';
import * as words from './name-words.js';
import type { RunWord } from './word-roles.js';
import * as roles from './word-roles.js';

// Read once into module constants: on Node 20 a call through an import re-reads the exporting module's
// cell at every call, a cost these per-character loops notice; a module constant is read once.
const { ASCII_END, FULL_STOP, isAscii, isAsciiLower, isAsciiUpper, isAsciiWhiteSpace, isBeyondAscii, isWhiteSpace, SPACE } = chars;
const {
  capitalisedWordApostrophe,
  capitalisedWordRole,
  CONNECTOR_WORD,
  INITIAL_WORD,
  isTitleAbbreviation,
  NAME_WORD,
  nameWordEnd,
  nameWordStart,
  NO_APOSTROPHE,
  NOT_CAPITALISED,
  spaceEnd,
} = roles;
const { CONNECTORS } = words;

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

/** The letters from U+0080 up to `below` that are not upper-case, as the Unicode regexes below class them. */
function lowerCaseLettersBeyondAscii(below: number): string {
  let letters = '';
  for (let code = ASCII_END; code < below; code++) {
    const ch = String.fromCharCode(code);
    if (/\p{L}/u.test(ch) && !/\p{Lu}/u.test(ch)) letters += ch;
  }
  return letters;
}

const RUN_ENDING_PUNCTUATION = new MarkSet(',.;:!?)"”');
const SENTENCE_PUNCTUATION = new MarkSet('.!?');
const CLOSING_QUOTES = new MarkSet('"”’');
// Marks beyond ASCII that are no letter, digit, dot or white space: a token of ASCII and these reads by
// the char-code rules below (’ as an apostrophe) as by the Unicode regexes, which cost ten times more.
const TYPOGRAPHIC_MARKS = new MarkSet('‘’“”–—―…«»£€−');
// Lower-case letters of Latin-1, Greek and Cyrillic: a token starting with one is no name, as one starting
// a-z (the Unicode rules find no capital at its start, and no connector lower-cases from beyond ASCII).
const CYRILLIC_END = 0x500;
const LOWER_CASE_BEYOND_ASCII = new MarkSet(lowerCaseLettersBeyondAscii(CYRILLIC_END));

/** A lower-case first letter (its code): the token is no name (a cheap test that spares most words the regexes). */
function startsLowerCase(code: number): boolean {
  return isAsciiLower(code) || (isBeyondAscii(code) && LOWER_CASE_BEYOND_ASCII.has(code));
}

// How a token is read: ASCII, or plain (ASCII but for typographic marks), by the char-code rules below;
// else by the Unicode regexes. Spaced: it holds white space (see readToken).
const ASCII_TOKEN = 0;
const PLAIN_TOKEN = 1;
const UNICODE_TOKEN = 2;
const SPACED_TOKEN = 3;

/**
 * The token starting at `start`: where it ends (the next white space, or the next plain space in a
 * text read as single-spaced) and its kind, found in one pass, where finding the end with indexOf and
 * then the kind cost two (and a call into the engine per token). A token read as single-spaced that
 * holds other white space is SPACED_TOKEN, its end left unfound: it says to read the text again.
 * Packed as end * 4 + kind, so no object per token (strings stay far below 2^29 characters).
 */
function readToken(text: string, start: number, singleSpaced: boolean): number {
  let kind = ASCII_TOKEN;
  let i = start;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isAscii(code)) {
      if (code === SPACE) break;
      if (isAsciiWhiteSpace(code)) {
        if (singleSpaced) return i * 4 + SPACED_TOKEN;
        break;
      }
    } else if (isWhiteSpace(code)) {
      if (singleSpaced) return i * 4 + SPACED_TOKEN;
      break;
    } else if (kind !== UNICODE_TOKEN) kind = TYPOGRAPHIC_MARKS.has(code) ? PLAIN_TOKEN : UNICODE_TOKEN;
  }
  return i * 4 + kind;
}

/** Whether a word list holds text[start, end): its trie alone answers for a span known to be ASCII. */
function isListed(list: FoldedWordMap<true>, text: string, start: number, end: number, ascii: boolean): boolean {
  return ascii ? list.hasAscii(text, start, end) : list.has(text, start, end);
}

/** In a text read as single-spaced, an empty token away from its ends: two spaces met. */
function isDoubleSpace(text: string, start: number, end: number): boolean {
  return start === end && start > 0 && end < text.length;
}

// A space, then a token not starting lower-case (a-z, or Cyrillic а-џ: all in LOWER_CASE_BEYOND_ASCII);
// or white space other than a plain space, which ends reading the text as single-spaced.
const NEXT_TOKEN_TO_READ = / [^a-z\u0430-\u045f]|[^\S ]/g;

/**
 * In a text read as single-spaced, the start of the first token after `from` not starting lower-case,
 * or -1. When other white space comes first, a position in it: the token there is SPACED_TOKEN.
 */
function nextTokenToRead(text: string, from: number): number {
  NEXT_TOKEN_TO_READ.lastIndex = from;
  // test, not exec: no match array; lastIndex is left just past the token's first character.
  return NEXT_TOKEN_TO_READ.test(text) ? NEXT_TOKEN_TO_READ.lastIndex - 1 : -1;
}

/** The token text[start, end) ends in sentence-final punctuation, maybe inside a closing quote: the next word opens a sentence. */
function endsSentenceAt(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (SENTENCE_PUNCTUATION.has(last)) return true;
  return end - start > 1 && CLOSING_QUOTES.has(last) && SENTENCE_PUNCTUATION.has(text.charCodeAt(end - 2));
}

/**
 * endsSentenceAt for a token ending at `end` that starts with a letter, so where it starts does not
 * matter: a letter is no punctuation. Spares finding the start of the last word a jump skipped.
 */
function letterTokenEndsSentence(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  return SENTENCE_PUNCTUATION.has(last) || (CLOSING_QUOTES.has(last) && SENTENCE_PUNCTUATION.has(text.charCodeAt(end - 2)));
}

/**
 * The runs of a paragraph as its words are read: words go onto the open run until something closes it.
 * Words are spans of the paragraph, so a run of adjacent words becomes one slice of it, with no string
 * per word to join. One per article, set to each paragraph in turn. A class, not closures over
 * appendCapitalisedRuns' locals: tsx names every closure it creates through Object.defineProperty,
 * about a microsecond a paragraph.
 */
export class RunCollector {
  private text = '';
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** What each word is to the run (a RunWord), found as it was read: trailing connectors come off when the run closes. */
  private readonly roles: RunWord[] = [];
  private length = 0;
  /** How many of the words are name words: openers and connectors alone name nothing. */
  private nameWords = 0;
  private opensSentence = false;

  /** Closed runs go straight onto `runs`, shared by all the paragraphs of an article. */
  constructor(readonly runs: string[]) {}

  /** Starts reading `text`, with no run open. */
  reset(text: string): void {
    this.text = text;
    this.length = 0;
  }

  get open(): boolean {
    return this.length > 0;
  }

  /** Adds the word text[start, end) in its role; the run opens a sentence when its first word does. */
  add(start: number, end: number, atSentenceStart: boolean, role: RunWord): void {
    if (this.length === 0) {
      this.opensSentence = atSentenceStart;
      this.nameWords = 0;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.roles[this.length] = role;
    if (role === NAME_WORD) this.nameWords++;
    this.length++;
  }

  /**
   * Ends the open run: trailing connectors off, and the stop of a trailing initial ("Malcolm X." is Malcolm X,
   * the stop ends the sentence); kept when 1-4 words long, holding a name word and not a lone sentence opener.
   */
  close(): void {
    let length = this.length;
    if (length === 0) return; // most words: nothing to close
    this.length = 0;
    while (length > 0 && this.roles[length - 1] === CONNECTOR_WORD) length--;
    if (length > 0 && this.roles[length - 1] === INITIAL_WORD) this.ends[length - 1] = this.ends[length - 1]! - 1;
    if (length > 0 && length <= 4 && this.nameWords > 0 && !(length === 1 && this.opensSentence)) this.runs.push(this.name(length));
  }

  /** The first `length` words joined by spaces: one slice when the text has them so already. */
  private name(length: number): string {
    const { text, starts, ends } = this;
    let adjacent = true;
    for (let i = 1; i < length && adjacent; i++) adjacent = starts[i] === ends[i - 1]! + 1 && text.charCodeAt(ends[i - 1]!) === SPACE;
    if (adjacent) return text.slice(starts[0], ends[length - 1]);
    let name = text.slice(starts[0], ends[0]);
    for (let i = 1; i < length; i++) name += ' ' + text.slice(starts[i], ends[i]);
    return name;
  }
}

/**
 * Capitalised runs of 1-4 words in a text ("Masoud Pezeshkian", "Supreme Court", "Iran"), appended
 * to the collector's runs. A single word opening a sentence is skipped: it is capitalised for the
 * sentence, not for being a name. Tokens are the text split at white space (as `split(/\s+/)` cuts
 * it). Most paragraphs are single-spaced, and are read first as such, jumping words that start
 * lower-case; white space that says otherwise sends the text back to be read token by token.
 */
export function appendCapitalisedRuns(text: string, run: RunCollector): void {
  const before = run.runs.length;
  if (readRuns(text, run, true)) return;
  run.runs.length = before;
  readRuns(text, run, false);
}

/**
 * The runs of `text` onto the collector, its tokens read in place: most words start lower-case and
 * need no string of their own. Read as single-spaced, it returns false (the runs part-read) on
 * meeting other spacing.
 */
function readRuns(text: string, run: RunCollector, singleSpaced: boolean): boolean {
  run.reset(text);
  let sentenceStart = true;
  for (let start = 0; ; ) {
    const token = readToken(text, start, singleSpaced);
    const end = token >>> 2;
    const kind = token & 3;
    if (kind === SPACED_TOKEN || (singleSpaced && isDoubleSpace(text, start, end))) return false;
    const atSentenceStart = sentenceStart;
    let initial = false;
    const first = text.charCodeAt(start);
    if (startsLowerCase(first)) {
      // Most words: never a name, at most a connector inside one ("Bank of England").
      sentenceStart = endsSentenceAt(text, start, end);
      if (run.open) {
        if (isListed(CONNECTORS, text, start, end, kind === ASCII_TOKEN)) run.add(start, end, atSentenceStart, CONNECTOR_WORD);
        else run.close();
      }
    } else if (kind !== UNICODE_TOKEN) {
      initial = end - start === 2 && isAsciiUpper(first) && text.charCodeAt(start + 1) === FULL_STOP;
      sentenceStart = endsSentenceAt(text, start, end) && !initial && !isTitleAbbreviation(text, start, end, kind === ASCII_TOKEN);
      // An initial goes on with the run ("George W. Bush"), where its full stop would end it.
      if (initial) run.add(start, end, atSentenceStart, INITIAL_WORD);
      else addPlainToken(run, text, start, end, atSentenceStart, kind === ASCII_TOKEN);
    } else {
      sentenceStart = endsSentenceAt(text, start, end) && !/^\p{Lu}\.$/u.test(text.slice(start, end));
      addUnicodeToken(run, text, start, end, atSentenceStart);
    }
    // Punctuation after a word ends the run ("Iran, Iraq" are two names).
    if (!initial && end > start && RUN_ENDING_PUNCTUATION.has(text.charCodeAt(end - 1))) run.close();
    if (end >= text.length) break;
    if (singleSpaced && !run.open) {
      // No run to extend: words starting lower-case change nothing but whether a sentence ends, so jump them.
      const next = nextTokenToRead(text, end);
      if (next < 0) break;
      if (next > end + 1) sentenceStart = letterTokenEndsSentence(text, next - 1);
      start = next;
    } else start = singleSpaced ? end + 1 : spaceEnd(text, end);
  }
  run.close();
  return true;
}

/** A plain token (see readToken) not starting lower-case: onto the run as a name word, opener or connector, else the run ends. */
function addPlainToken(run: RunCollector, text: string, start: number, end: number, atSentenceStart: boolean, ascii: boolean): void {
  const wordStart = nameWordStart(text, start, end);
  const wordEnd = nameWordEnd(text, wordStart, end);
  const connector = isListed(CONNECTORS, text, wordStart, wordEnd, ascii);
  const apostrophe = capitalisedWordApostrophe(text, wordStart, wordEnd);
  const role =
    apostrophe === NOT_CAPITALISED ? -1 : capitalisedWordRole(run.open, text, wordStart, wordEnd, apostrophe, atSentenceStart, ascii);
  // A connector counts only as the whole token (no punctuation cut off it), inside a run.
  if (role >= 0) run.add(wordStart, wordEnd, atSentenceStart, connector ? CONNECTOR_WORD : (role as RunWord));
  else if (connector && run.open && wordStart === start && wordEnd === end) run.add(wordStart, wordEnd, atSentenceStart, CONNECTOR_WORD);
  else run.close();
}

/** Any other token, by the Unicode rules: onto the run as a name word or connector, else the run ends. */
function addUnicodeToken(run: RunCollector, text: string, start: number, end: number, atSentenceStart: boolean): void {
  const token = text.slice(start, end);
  const word = token.replace(/^[^\p{L}]+|(?:['’]s)?[^\p{L}.]*$/gu, '').replace(/(?<!\.\p{L})\.$/u, '');
  // The word is the token from its first letter on, cut short.
  const wordStart = word === token ? start : start + token.search(/\p{L}/u);
  const wordEnd = wordStart + word.length;
  const apostrophe = Math.max(word.lastIndexOf("'"), word.lastIndexOf('’'));
  const role = /^\p{Lu}[\p{L}.'’-]*$/u.test(word)
    ? capitalisedWordRole(
        run.open,
        text,
        wordStart,
        wordEnd,
        apostrophe > 0 ? wordStart + apostrophe : NO_APOSTROPHE,
        atSentenceStart,
        false,
      )
    : -1;
  const connector = CONNECTORS.has(word);
  if (role < 0 && !(connector && run.open && word === token)) {
    run.close();
    return;
  }
  run.add(wordStart, wordEnd, atSentenceStart, connector ? CONNECTOR_WORD : (role as RunWord));
}
