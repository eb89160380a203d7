/**
 * What an article says about its event, as words: the content words of its title and lead, and the
 * names it leads with. Two outlets rewrite the sentences but keep the names and most of the nouns
 * (docs/adr/0019-story-grouping.md).
 */
import { STOP_WORDS } from '../articles/clean/index.js';
import * as chars from '../articles/text/index.js';

// Read once into module constants: on Node 20 a call through an import re-reads the exporting module's
// cell at every call, about a fifth of this per-character loop's time; a module constant is read once.
const {
  foldedWordSet,
  isAscii,
  isAsciiDigit,
  isAsciiLower,
  isWordGapBeyondAscii,
  LOWER_E,
  LOWER_I,
  LOWER_S,
  LOWER_U,
  LOWER_Y,
  SPACE,
  toAsciiLower,
} = chars;

/** Content words read from the body after the title: the lead states the event, later paragraphs drift into background. */
export const LEAD_WORDS = 60;
/** Names an article leads with (its most prominent): one of them must be named in any article of its story. */
export const LEADING_NAMES = 3;

/** Words that say nothing of which event it is: function words, and what every report says (said, Monday, year). */
const NOT_CONTENT = foldedWordSet([
  ...STOP_WORDS.get('en')!,
  ...`said says told tell telling say saying according also would could new year years people like one two three
  first last time times week weeks day days today yesterday tomorrow monday tuesday wednesday thursday friday
  saturday sunday january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr just get got make many much well still back`.split(/\s+/),
]);

/** A word shorter than this is no content word ("us", "s" of a possessive, initials). */
const MIN_WORD_LENGTH = 3;

export interface StoryTerms {
  /**
   * Content words of the title (twice: a headline is the event in brief), then of the lead, in order,
   * repeats kept; each word as the 32-bit FNV-1a hash of its lower-cased, stemmed spelling (a word
   * shares its hash with one of a million others about once in 4,000: two words then weigh as one).
   */
  words: Int32Array;
  /** The article's leading names as word hashes (each name's last word: "Michael Steele" and "Steele" are one). */
  leadingNames: number[];
  /** Every name the article gives, as word hashes. */
  names: number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A letter or digit beyond ASCII (general punctuation, the no-break space and curly quotes are not). */
function isWordCodeBeyondAscii(code: number, text: string, at: number): boolean {
  if (isWordGapBeyondAscii(code)) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(text[at]!);
}

/** Lower-case forms of characters beyond ASCII, as found (a character that lower-cases to two keeps its first). */
const LOWER_BEYOND_ASCII = new Map<number, { code: number; letter: boolean }>();

function foldBeyondAscii(code: number, text: string, at: number): { code: number; letter: boolean } {
  let folded = LOWER_BEYOND_ASCII.get(code);
  if (!folded) {
    const ch = text[at]!;
    folded = { code: ch.toLowerCase().charCodeAt(0), letter: /\p{L}/u.test(ch) };
    LOWER_BEYOND_ASCII.set(code, folded);
  }
  return folded;
}

/**
 * Calls back with the FNV-1a hash of each content word of a text (lower-cased, stemmed), until the
 * callback returns false. A content word is at least 3
 * characters, holds a letter (bare numbers recur across unrelated events) and is no function word.
 * Apostrophes split words, so "Steele’s" gives "steele" and a dropped "s". The words are hashed as
 * they are read: no string per word.
 */
export function eachContentWord(text: string, use: (hash: number) => boolean): boolean {
  let start = -1;
  let hash = FNV_OFFSET;
  // The hashes of the word without its last one, two and three characters, and its last three characters.
  let less1 = 0;
  let less2 = 0;
  let less3 = 0;
  let last = 0;
  let last2 = 0;
  let last3 = 0;
  let letter = false;
  for (let i = 0; i <= text.length; i++) {
    let code = i < text.length ? text.charCodeAt(i) : SPACE;
    let inWord: boolean;
    let isLetter: boolean;
    if (isAscii(code)) {
      code = toAsciiLower(code);
      isLetter = isAsciiLower(code);
      inWord = isLetter || isAsciiDigit(code);
    } else {
      inWord = isWordCodeBeyondAscii(code, text, i);
      const folded = inWord ? foldBeyondAscii(code, text, i) : null;
      isLetter = folded?.letter ?? false;
      if (folded) code = folded.code;
    }
    if (inWord) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
        letter = false;
      }
      less3 = less2;
      less2 = less1;
      less1 = hash;
      last3 = last2;
      last2 = last;
      last = code;
      hash = Math.imul(hash ^ code, FNV_PRIME);
      letter ||= isLetter;
      continue;
    }
    if (start < 0) continue;
    const length = i - start;
    const from = start;
    start = -1;
    if (length < MIN_WORD_LENGTH || !letter || NOT_CONTENT.has(text, from, i)) continue;
    if (!use(stemmedHash(length, hash, less1, less3, last, last2, last3))) return false;
  }
  return true;
}

/**
 * Light stemming on the hashes: plural and third-person -s, -ies to -y; nothing that merges
 * different words ("bus", "press", "crisis" stay).
 */
function stemmedHash(length: number, hash: number, less1: number, less3: number, last: number, last2: number, last3: number): number {
  if (last !== LOWER_S || length <= 3) return hash | 0;
  if (length > 4 && last2 === LOWER_E && last3 === LOWER_I) return Math.imul(less3 ^ LOWER_Y, FNV_PRIME) | 0;
  // -ss, -us, -is are not plurals (press, virus, crisis)
  if (last2 === LOWER_S || last2 === LOWER_U || last2 === LOWER_I) return hash | 0;
  return less1 | 0;
}

/** A name as one word: the hash of its last content word ("President Obama" -> "obama"), or null. */
export function nameWord(name: string): number | null {
  let last: number | null = null;
  eachContentWord(name, (hash) => {
    last = hash;
    return true;
  });
  return last;
}

/** Word hashes of the article being read: one buffer, grown as needed. */
let wordBuffer = new Int32Array(256);

/** The article's story terms: title and lead words, and names. */
export function storyTerms(article: { title: string; paragraphs: readonly string[]; entities?: readonly string[] }): StoryTerms {
  let count = 0;
  const push = (hash: number) => {
    if (count === wordBuffer.length) {
      const bigger = new Int32Array(wordBuffer.length * 2);
      bigger.set(wordBuffer);
      wordBuffer = bigger;
    }
    wordBuffer[count++] = hash;
  };
  eachContentWord(article.title, (hash) => {
    push(hash);
    push(hash);
    return true;
  });
  let lead = 0;
  for (const paragraph of article.paragraphs) {
    const more = eachContentWord(paragraph, (hash) => {
      push(hash);
      return ++lead < LEAD_WORDS;
    });
    if (!more) break;
  }
  const names: number[] = [];
  for (const entity of article.entities ?? []) {
    const word = nameWord(entity);
    if (word !== null && !names.includes(word)) names.push(word);
  }
  return { words: wordBuffer.slice(0, count), leadingNames: names.slice(0, LEADING_NAMES), names };
}
