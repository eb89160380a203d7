/**
 * Describes each line of a page dump by the shallow features that tell prose from page furniture
 * (jusText, Boilerpipe): its length, its stop-word density, whether it ends a sentence, whether it
 * is a known boilerplate phrase or recurs on the page; and from those, whether it reads as prose.
 */
import { STOP_WORDS } from './clean-stopwords.js';
import {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASES,
  DENSE_SCRIPT,
  END_OF_ARTICLE_LINES,
  LENGTH,
  PHRASE_MAX_LENGTH,
  SENTENCE_END,
  STOP_DENSITY,
  TITLE_CASE_SHARE,
} from './clean-patterns.js';
import { anyPhraseOf, LinePatterns } from './clean-line-patterns.js';
import { FoldedWordTrie } from './word-lookup.js';

export interface Line {
  text: string;
  /** Length with dense-script characters counted twice, so a Korean paragraph weighs like an English one. */
  size: number;
  stopDensity: number;
  /** Matched a boilerplate pattern (ad, share bar, credit, call to action): never body. */
  furniture: boolean;
  /** Opens the comment section or the copyright footer: the article is over. */
  endsArticle: boolean;
  /** The same line occurs elsewhere on the page (menus top and bottom, captions twice). */
  repeated: boolean;
  endsSentence: boolean;
  /** Written In Title Case, as headlines in English are. */
  titleCase: boolean;
  /** Reads as running text: long enough or a whole sentence, with the page's share of function words. */
  prose: boolean;
}

/** Edge punctuation to strip from a space-separated token before looking it up ("said," -> "said"). */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/** Prose-ness of a line shows in its first few thousand characters; longer lines are sampled. */
const SAMPLE_CHARS = 20_000;
/** Enough words to tell a page's language; keeps 20 MB inputs fast. */
const LANGUAGE_SAMPLE_WORDS = 50_000;

/** A line's words counted against every stop-word list at once, so each line is tokenized once. */
interface WordTally {
  words: number;
  /** Stop-word hits per language (indices into LANGUAGES). */
  hits: Int32Array;
  /** Languages in the order the line first hit them (ties go to the language hit first). */
  firstHits: number[];
}

/** ASCII letters and digits, and anything beyond ASCII (letters of other scripts): cheap, no regex. */
function isAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code > 0xbf;
}

const LANGUAGES: readonly string[] = [...STOP_WORDS.keys()];

/** Every stop word, with the languages whose list holds it: one lookup per word, not one per language. */
const LANGUAGES_OF_WORD: ReadonlyMap<string, readonly number[]> = (() => {
  const index = new Map<string, number[]>();
  LANGUAGES.forEach((lang, i) => {
    for (const word of STOP_WORDS.get(lang) ?? []) index.set(word, [...(index.get(word) ?? []), i]);
  });
  return index;
})();

/** The same index as a trie: a token's words are found while it is scanned, without cutting them out. */
const STOP_WORD_TRIE = new FoldedWordTrie(LANGUAGES_OF_WORD);
const SPACE = 32;

function countHits(tally: WordTally, languages: readonly number[]): void {
  for (const lang of languages) {
    if (tally.hits[lang] === 0) tally.firstHits.push(lang);
    tally.hits[lang] = (tally.hits[lang] ?? 0) + 1;
  }
}

/** Counts a word, and its stop-word hits when the trie walk that spelled it ended at a word. */
function countWord(tally: WordTally, trieState: number): void {
  tally.words++;
  const languages = STOP_WORD_TRIE.valueAt(trieState);
  if (languages) countHits(tally, languages);
}

/** Tallies a lower-cased token with letters beyond ASCII: edge punctuation off, then looked up whole. */
function tallyUnicodeToken(token: string, tally: WordTally): void {
  const word = isAlphanumeric(token.charCodeAt(0)) && isAlphanumeric(token.charCodeAt(token.length - 1)) ? token : token.replace(EDGE_PUNCTUATION, '');
  if (word.length === 0) return;
  tally.words++;
  const languages = LANGUAGES_OF_WORD.get(word);
  if (languages) countHits(tally, languages);
}

/** Where the token running through `from` ends: the next space, or `end`. */
function tokenEnd(text: string, from: number, end: number): number {
  const stop = text.indexOf(' ', from);
  return stop < 0 || stop > end ? end : stop;
}

/**
 * Counts a line's words (lines arrive with whitespace collapsed to single spaces, so tokens are what
 * lies between spaces) and their stop-word hits, compared lower-cased, in one scan of the line. An
 * ASCII token's word is found while it is read: the trie walk starts at its first letter or digit,
 * and the word is the one spelled up to its last (edge punctuation off). Lower-casing never adds or
 * removes a space, nor looks across one, so the few tokens beyond ASCII are lower-cased one at a time.
 */
function tallyWords(text: string): WordTally {
  const end = Math.min(text.length, SAMPLE_CHARS);
  const tally: WordTally = { words: 0, hits: new Int32Array(LANGUAGES.length), firstHits: [] };
  let tokenStart = 0;
  let state = STOP_WORD_TRIE.root;
  let atLast = -1; // the trie state at the token's last letter or digit so far; -1 before its first
  for (let i = 0; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : SPACE;
    if (code === SPACE) {
      if (atLast >= 0) countWord(tally, atLast); // else punctuation only, or no token: no word
      tokenStart = i + 1;
      state = STOP_WORD_TRIE.root;
      atLast = -1;
    } else if (code > 127) {
      const stop = tokenEnd(text, i, end);
      tallyUnicodeToken(text.slice(tokenStart, stop).toLowerCase(), tally);
      atLast = -1;
      i = stop - 1; // on to the space that ends the token
    } else if (atLast >= 0 || isAlphanumeric(code)) {
      // once no stop word begins with what the token has spelled, the walk stays dead: no more steps
      if (state !== STOP_WORD_TRIE.dead) state = STOP_WORD_TRIE.step(state, code);
      if (isAlphanumeric(code)) atLast = state;
    }
  }
  return tally;
}

/** Index of the language the page is written in, or -1 when no list fits (then density is not used). */
function languageOf(tallies: readonly WordTally[]): number {
  const hits = new Int32Array(LANGUAGES.length);
  const order: number[] = [];
  let total = 0;
  for (const tally of tallies) {
    if (total > LANGUAGE_SAMPLE_WORDS) break;
    total += tally.words;
    for (const lang of tally.firstHits) {
      if (hits[lang] === 0) order.push(lang);
      hits[lang] = (hits[lang] ?? 0) + (tally.hits[lang] ?? 0);
    }
  }
  let best = -1;
  let bestHits = 0;
  for (const lang of order) {
    const count = hits[lang] ?? 0;
    if (count > bestHits) {
      bestHits = count;
      best = lang;
    }
  }
  return best >= 0 && bestHits / total >= STOP_DENSITY.languageMin ? best : -1;
}

/** The stop-word list the page is written in, or null when no list fits (then density is not used). */
export function detectLanguage(lines: readonly string[]): ReadonlySet<string> | null {
  const lang = languageOf(lines.map(tallyWords));
  return lang >= 0 ? (STOP_WORDS.get(LANGUAGES[lang]!) ?? null) : null;
}

function stopDensityOf(tally: WordTally, lang: number): number {
  if (lang < 0) return 1;
  if (tally.words === 0) return 0;
  return (tally.hits[lang] ?? 0) / tally.words;
}

function sizeOf(text: string): number {
  if (text.length > SAMPLE_CHARS) return text.length; // a huge line is prose-sized either way; skip the scan
  return text.length + (text.match(DENSE_SCRIPT)?.length ?? 0);
}

const BOILERPLATE = new LinePatterns(BOILERPLATE_LINES);
const ANY_BOILERPLATE_PHRASE = anyPhraseOf(BOILERPLATE_PHRASES);
const END_OF_ARTICLE = new LinePatterns(END_OF_ARTICLE_LINES);

/** Ads, share bars, calls to action, photo credits, copyright lines. */
export function isBoilerplateLine(text: string): boolean {
  if (text.length > LENGTH.maxPatternCheck) return false;
  if (BOILERPLATE.test(text)) return true;
  return text.length <= PHRASE_MAX_LENGTH && ANY_BOILERPLATE_PHRASE.test(text);
}

/** Comment-section headers and copyright lines: nothing after them is the article. */
export function isEndOfArticleLine(text: string): boolean {
  return text.length <= LENGTH.maxPatternCheck && END_OF_ARTICLE.test(text);
}

/** Headlines capitalise most words; sentences capitalise few. */
export function isTitleCase(text: string): boolean {
  if (text.length > LENGTH.maxPatternCheck || text.length < LENGTH.sentence / 2) return false;
  let words = 0;
  let capitalised = 0;
  for (let start = 0; start < text.length; ) {
    let stop = text.indexOf(' ', start);
    if (stop < 0) stop = text.length;
    // short words and non-letters don't count
    const initial = stop - start >= 4 ? caseOfInitial(text, start) : 0;
    if (initial !== 0) words++;
    if (initial > 0) capitalised++;
    start = stop + 1;
  }
  return words >= 3 && capitalised / words >= TITLE_CASE_SHARE;
}

/** 1 when text[at] is a capital letter, -1 when a lower-case one, 0 when it has no case; ASCII without strings. */
function caseOfInitial(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 65 && code <= 90) return 1;
  if (code >= 97 && code <= 122) return -1;
  if (code < 128) return 0;
  const first = text.charAt(at);
  const lower = first.toLowerCase();
  if (lower === first.toUpperCase()) return 0;
  return first !== lower ? 1 : -1;
}

function countRepeats(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? null;
}

/**
 * The stop-word density a line needs to count as prose on this page. Stop lists are uneven across
 * languages and registers (financial copy has few function words), so the bar is set relative to
 * the page's own long lines, and never above jusText's fixed threshold.
 */
function proseDensityBar(sizes: readonly number[], densities: readonly number[]): number {
  const long = densities.filter((_, i) => sizes[i]! >= LENGTH.reference);
  const reference = long.length >= STOP_DENSITY.minReferenceLines ? median(long) : null;
  return reference === null ? STOP_DENSITY.low : Math.min(STOP_DENSITY.low, reference * STOP_DENSITY.relative);
}

/** Long enough (or a whole sentence) and dense enough in function words to be running text. */
function readsAsProse(line: Line, densityBar: number): boolean {
  if (line.furniture || line.stopDensity < densityBar) return false;
  if (line.repeated) return false; // a paragraph appears once; a repeated long line is a caption or teaser
  if (line.titleCase) return false;
  return line.size >= LENGTH.short || (line.endsSentence && line.size >= LENGTH.sentence);
}

/** Describes every line of a page (lines already trimmed and non-empty). */
export function describeLines(texts: readonly string[]): Line[] {
  const tallies = texts.map(tallyWords);
  const lang = languageOf(tallies);
  const repeats = countRepeats(texts);
  const features = texts.map((text, i) => ({
    text,
    prose: false,
    size: sizeOf(text),
    stopDensity: stopDensityOf(tallies[i]!, lang),
    endsArticle: isEndOfArticleLine(text),
    furniture: isBoilerplateLine(text),
    repeated: (repeats.get(text) ?? 0) > 1,
    endsSentence: SENTENCE_END.test(text),
    titleCase: isTitleCase(text),
  }));
  const bar = proseDensityBar(
    features.map((f) => f.size),
    features.map((f) => f.stopDensity),
  );
  for (const line of features) {
    line.furniture ||= line.endsArticle;
    line.prose = readsAsProse(line, bar);
  }
  return features;
}
