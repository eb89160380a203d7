/**
 * Word statistics of every line of a page, gathered in one scan of each line: its words, its stop
 * words counted against every language's list at once (jusText's signal for prose), its dense-script
 * characters and whether it is written In Title Case; and the page's language told from the stop-word
 * counts. Counts live in flat arrays, one allocation a page rather than a few a line.
 */
import * as chars from '../text/index.js';
import { DENSE_SCRIPT_RANGES, LENGTH, STOP_DENSITY, TITLE_CASE_SHARE } from './patterns.js';
import { STOP_WORDS } from './stopwords.js';

// Read once into module constants: on Node 20 a call through an import re-reads the exporting module's
// cell at every call, a cost these per-character loops notice; a module constant is read once.
const { ASCII_END, FoldedWordTrie, isAscii, isAsciiAlphanumeric, isAsciiLower, isAsciiUpper, isBeyondAscii, SPACE } = chars;

/** Edge punctuation to strip from a space-separated token before looking it up ("said," -> "said"). */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/** Prose-ness of a line shows in its first few thousand characters; longer lines are sampled. */
export const SAMPLE_CHARS = 20_000;
/** Enough words to tell a page's language; keeps 20 MB inputs fast. */
const LANGUAGE_SAMPLE_WORDS = 50_000;

const LANGUAGES: readonly string[] = [...STOP_WORDS.keys()];
const LANGUAGE_COUNT = LANGUAGES.length;

/** Title case is judged on lines of this length range only: headlines are neither tiny nor paragraphs. */
const TITLE_LINE = { min: LENGTH.sentence / 2, max: LENGTH.maxPatternCheck } as const;
/** Words shorter than this ("a", "of", "the") don't count towards title case. */
const TITLE_WORD_MIN = 4;

/**
 * Every stop word, with the languages whose list holds it as a bit mask (bit i for LANGUAGES[i]): one
 * lookup per word, not one per language, and a number rather than a list to walk.
 */
const LANGUAGES_OF_WORD: ReadonlyMap<string, number> = (() => {
  const index = new Map<string, number>();
  LANGUAGES.forEach((lang, i) => {
    for (const word of STOP_WORDS.get(lang) ?? []) index.set(word, (index.get(word) ?? 0) | (1 << i));
  });
  return index;
})();

/** The same index as a trie: a token's words are found while it is scanned, without cutting them out. */
const STOP_WORD_TRIE = new FoldedWordTrie(LANGUAGES_OF_WORD);
const TRIE_NEXT = STOP_WORD_TRIE.next;
const TRIE_WIDTH = STOP_WORD_TRIE.width;

/** In ASCII_CLASS: the bit set for letters and digits; the trie column sits in the bits above it. */
const ALNUM_BIT = 1;

/** Latin-1's letters start here, past its symbols: from here on every code counts as one. */
const FIRST_LATIN1_LETTER = 0xc0;

/** Per ASCII code, its trie column shifted left by one, plus ALNUM_BIT for letters and digits: one load per character. */
const ASCII_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(ASCII_END);
  for (let code = 0; code < ASCII_END; code++) table[code] = (STOP_WORD_TRIE.columns[code]! << 1) | (isAlphanumeric(code) ? ALNUM_BIT : 0);
  return table;
})();

/** The language mask of the stop word spelled by the walk to each trie state; 0 where no word ends. */
const MASK_AT_STATE: Int32Array = (() => {
  const masks = new Int32Array(STOP_WORD_TRIE.stateCount);
  for (let state = 0; state < masks.length; state++) masks[state] = STOP_WORD_TRIE.valueAt(state) ?? 0;
  return masks;
})();

/** Marks a token with no letter or digit: no word, nothing counted. */
const NO_WORD = -1;

/** ASCII letters and digits, and anything beyond ASCII (letters of other scripts): cheap, no regex. */
function isAlphanumeric(code: number): boolean {
  return isAsciiAlphanumeric(code) || code >= FIRST_LATIN1_LETTER;
}

/** A letter of a script written without spaces or with dense syllables (DENSE_SCRIPT_RANGES). */
function isDenseScript(code: number): boolean {
  for (let r = 0; r < DENSE_SCRIPT_RANGES.length; r += 2) {
    if (code >= DENSE_SCRIPT_RANGES[r]! && code <= DENSE_SCRIPT_RANGES[r + 1]!) return true;
  }
  return false;
}

/** Below the first dense-script range nothing is dense: most codes are settled by this one comparison. */
const FIRST_DENSE_SCRIPT_CODE = DENSE_SCRIPT_RANGES[0]!;

/** Where the token running through `from` ends: the next space, or `end`. */
function tokenEnd(text: string, from: number, end: number): number {
  const stop = text.indexOf(' ', from);
  return stop < 0 || stop > end ? end : stop;
}

/** 1 when text[at] is a capital letter, -1 when a lower-case one, 0 when it has no case; ASCII without strings. */
function caseOfInitial(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (isAsciiUpper(code)) return 1;
  if (isAsciiLower(code)) return -1;
  if (isAscii(code)) return 0;
  const first = text.charAt(at);
  const lower = first.toLowerCase();
  if (lower === first.toUpperCase()) return 0;
  return first !== lower ? 1 : -1;
}

/** Whether a line of this length is judged for title case at all. */
function judgesTitleCase(length: number): boolean {
  return length >= TITLE_LINE.min && length <= TITLE_LINE.max;
}

/** Whether a space-separated word of this length counts towards title case. */
function countsForTitleCase(length: number): boolean {
  return length >= TITLE_WORD_MIN;
}

/** Headlines capitalise most words (of those with a cased initial); sentences capitalise few. */
function readsAsTitle(casedWords: number, capitalised: number): boolean {
  return casedWords >= 3 && capitalised / casedWords >= TITLE_CASE_SHARE;
}

/** A line's words, and its words with a cased initial and capital ones among them, for title case. */
interface TokenCounts {
  words: number;
  casedWords: number;
  capitalised: number;
}

/** Counts the token text[start, stop) towards title case when it is long enough. */
function countCase(text: string, start: number, stop: number, counts: TokenCounts): void {
  if (!countsForTitleCase(stop - start)) return;
  const initial = caseOfInitial(text, start);
  if (initial !== 0) counts.casedWords++;
  if (initial > 0) counts.capitalised++;
}

/** Word statistics of a page's lines, and the page's language. */
export class PageTally {
  /** Words per line. */
  readonly words: Int32Array;
  /** Stop-word hits per line and language, at [line * LANGUAGE_COUNT + language]. */
  readonly hits: Int32Array;
  /** Dense-script characters per line (lines up to SAMPLE_CHARS long; longer ones are not scanned whole). */
  readonly denseChars: Int32Array;
  /** 1 for lines written In Title Case (see readsAsTitle). */
  readonly titleCase: Int32Array;
  /** Index into LANGUAGES of the page's language, or -1 when no list fits (then density is not used). */
  readonly language: number;
  /** Hits per language over the lines of the language sample, and the order languages were first hit in. */
  private readonly sampleHits = new Int32Array(LANGUAGE_COUNT);
  private readonly sampleOrder: number[] = [];
  /** Languages hit so far in the sample, as a mask: a word's new languages show with one AND. */
  private sampleSeen = 0;
  private sampleWords = 0;
  /** Whether the line being tallied counts towards the language sample. */
  private inSample = true;

  constructor(texts: readonly string[]) {
    // one buffer cut into views: a typed array of over 64 bytes lives off the V8 heap, and each costs about a microsecond to set up and free
    const lines = texts.length;
    const counts = new Int32Array(lines * (LANGUAGE_COUNT + 3));
    this.words = counts.subarray(0, lines);
    this.denseChars = counts.subarray(lines, 2 * lines);
    this.titleCase = counts.subarray(2 * lines, 3 * lines);
    this.hits = counts.subarray(3 * lines);
    for (let line = 0; line < texts.length; line++) {
      this.inSample = this.sampleWords <= LANGUAGE_SAMPLE_WORDS;
      this.tallyLine(texts[line]!, line);
      if (this.inSample) this.addToSample(line);
    }
    this.language = this.sampleLanguage();
  }

  /** Share of a line's words on the page's stop list: 1 when the page has no language, 0 for a line without words. */
  stopDensity(line: number): number {
    if (this.language < 0) return 1;
    const words = this.words[line]!;
    return words === 0 ? 0 : this.hits[line * LANGUAGE_COUNT + this.language]! / words;
  }

  /** The language with the most hits in the sample (ties to the one hit first), if its share is high enough. */
  private sampleLanguage(): number {
    let best = -1;
    let bestHits = 0;
    for (const lang of this.sampleOrder) {
      const count = this.sampleHits[lang]!;
      if (count > bestHits) {
        bestHits = count;
        best = lang;
      }
    }
    return best >= 0 && bestHits / this.sampleWords >= STOP_DENSITY.languageMin ? best : -1;
  }

  /** Adds a tallied line to the language sample. */
  private addToSample(line: number): void {
    this.sampleWords += this.words[line]!;
    for (let lang = 0; lang < LANGUAGE_COUNT; lang++) this.sampleHits[lang]! += this.hits[line * LANGUAGE_COUNT + lang]!;
  }

  /** Counts a stop word's hits in each language of `mask`, noting languages the sample meets for the first time. */
  private countStopWord(line: number, mask: number): void {
    for (let bits = mask; bits !== 0; bits &= bits - 1) this.hits[line * LANGUAGE_COUNT + (31 - Math.clz32(bits & -bits))]!++;
    if (!this.inSample || (mask & ~this.sampleSeen) === 0) return;
    for (let lang = 0; lang < LANGUAGE_COUNT; lang++) if ((mask & ~this.sampleSeen & (1 << lang)) !== 0) this.sampleOrder.push(lang);
    this.sampleSeen |= mask;
  }

  /**
   * Counts a line's words (lines arrive with whitespace collapsed to single spaces, so tokens are
   * what lies between spaces), their stop-word hits (compared lower-cased) and its title case, in
   * one scan of the line. Runs of ASCII tokens go through one tight loop, which hands each of the
   * few tokens beyond ASCII back to be lower-cased and looked up whole (handled inside the loop,
   * they make it compile to code twice as slow).
   */
  private tallyLine(text: string, line: number): void {
    const end = Math.min(text.length, SAMPLE_CHARS);
    const counts: TokenCounts = { words: 0, casedWords: 0, capitalised: 0 };
    const judgesCase = judgesTitleCase(text.length);
    for (let from = 0; from <= end; ) {
      const beyond = this.tallyAsciiTokens(text, from, end, line, counts, judgesCase);
      if (beyond < 0) break;
      const start = text.lastIndexOf(' ', beyond) + 1;
      const stop = tokenEnd(text, beyond, end);
      this.countDense(text, beyond, stop, line);
      const mask = unicodeWordMask(text, start, stop);
      if (mask !== NO_WORD) this.countWord(line, mask, counts);
      if (judgesCase) countCase(text, start, stop, counts);
      from = stop + 1;
    }
    this.words[line] = counts.words;
    this.titleCase[line] = judgesCase && readsAsTitle(counts.casedWords, counts.capitalised) ? 1 : 0;
  }

  /**
   * Counts the tokens of text[from, end) (`from` starts a token) up to the first one with a
   * character beyond ASCII, and returns where that character is, or -1 when there is none. Each
   * token's word is found while it is read: the trie walk starts at its first letter or digit, and
   * the word is the one spelled up to its last (edge punctuation off); a walk gone dead stays dead,
   * its row of the table leading nowhere.
   */
  private tallyAsciiTokens(text: string, from: number, end: number, line: number, counts: TokenCounts, judgesCase: boolean): number {
    // module constants copied to locals: read in the loop, they would be looked up (and TDZ-checked) per character
    const kinds = ASCII_CLASS;
    const next = TRIE_NEXT;
    const width = TRIE_WIDTH;
    for (let start = from; start <= end; ) {
      let state = STOP_WORD_TRIE.root;
      let atLast = NO_WORD; // the trie state at the token's last letter or digit so far
      let stop = start;
      for (; stop < end; stop++) {
        const code = text.charCodeAt(stop);
        if (code === SPACE) break;
        if (isBeyondAscii(code)) return stop;
        const kind = kinds[code]!;
        if ((kind & ALNUM_BIT) !== 0) {
          state = next[state * width + (kind >> 1)]!;
          atLast = state;
        } else if (atLast !== NO_WORD) {
          state = next[state * width + (kind >> 1)]!;
        }
      }
      if (atLast !== NO_WORD) this.countWord(line, MASK_AT_STATE[atLast]!, counts);
      if (judgesCase) countCase(text, start, stop, counts);
      start = stop + 1;
    }
    return -1;
  }

  /** Counts a word, and its stop-word hits in each language of `mask` (0 for none). */
  private countWord(line: number, mask: number, counts: TokenCounts): void {
    counts.words++;
    if (mask !== 0) this.countStopWord(line, mask);
  }

  /** Dense-script characters in text[from, to): all beyond ASCII, so only tokens beyond ASCII are looked at. */
  private countDense(text: string, from: number, to: number, line: number): void {
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code >= FIRST_DENSE_SCRIPT_CODE && isDenseScript(code)) this.denseChars[line]!++;
    }
  }
}

/**
 * Punctuation beyond ASCII that ASCII prose is typeset with (curly quotes and apostrophes, dashes,
 * ellipses, guillemets): no letter or digit, no case, and in no stop word, so a token whose only
 * characters beyond ASCII are these needs neither lower-casing (ICU for such a token) nor a map lookup.
 */
const CASELESS_PUNCTUATION: ReadonlySet<number> = new Set(
  [...'‘’‚‛“”„‟–—―…•‹›«»·']
    .filter((c) => !/[\p{L}\p{N}]/u.test(c) && c.toLowerCase() === c && ![...LANGUAGES_OF_WORD.keys()].some((word) => word.includes(c)))
    .map((c) => c.charCodeAt(0)),
);

/** Marks a token that punctuatedWordMask cannot judge: it holds a character beyond ASCII other than CASELESS_PUNCTUATION. */
const UNJUDGED = -2;

/** Whether text[from, to) holds a character of CASELESS_PUNCTUATION. */
function holdsCaselessPunctuation(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CASELESS_PUNCTUATION.has(text.charCodeAt(i))) return true;
  return false;
}

/**
 * unicodeWordMask's answer for a token of ASCII and CASELESS_PUNCTUATION, read from the text: a word
 * holding such punctuation is on no list (mask 0); one of ASCII alone is looked up in the trie. Most
 * tokens beyond ASCII are these ("don’t", “quoted”); UNJUDGED for any other.
 */
function punctuatedWordMask(text: string, start: number, stop: number): number {
  let beyondAscii = false;
  for (let i = start; i < stop; i++) {
    const code = text.charCodeAt(i);
    if (isBeyondAscii(code) && !CASELESS_PUNCTUATION.has(code)) return UNJUDGED;
    beyondAscii ||= isBeyondAscii(code);
  }
  if (!beyondAscii) return UNJUDGED; // not a token this shortcut is for
  // as unicodeWordMask: a token with "alphanumeric" ends (all beyond ASCII count so) is looked up whole, and holds punctuation
  if (isAlphanumeric(text.charCodeAt(start)) && isAlphanumeric(text.charCodeAt(stop - 1))) return 0;
  // otherwise its edge punctuation comes off: what is left runs from the first ASCII letter or digit to the last
  let first = start;
  while (first < stop && !isAsciiAlphanumeric(text.charCodeAt(first))) first++;
  let last = stop - 1;
  while (last > first && !isAsciiAlphanumeric(text.charCodeAt(last))) last--;
  if (first === stop) return NO_WORD;
  if (holdsCaselessPunctuation(text, first, last + 1)) return 0;
  let state = STOP_WORD_TRIE.root;
  for (let i = first; i <= last; i++) state = TRIE_NEXT[state * TRIE_WIDTH + (ASCII_CLASS[text.charCodeAt(i)]! >> 1)]!;
  return MASK_AT_STATE[state]!;
}

/** The language mask of text[start, stop), a token beyond ASCII, as if lower-cased and looked up whole (edge punctuation off); NO_WORD for punctuation only. */
function unicodeWordMask(text: string, start: number, stop: number): number {
  const punctuated = punctuatedWordMask(text, start, stop);
  return punctuated !== UNJUDGED ? punctuated : lookedUpWordMask(text, start, stop);
}

/** unicodeWordMask the slow way: the token lower-cased, its edge punctuation cut off, and looked up in the map. */
function lookedUpWordMask(text: string, start: number, stop: number): number {
  const token = text.slice(start, stop).toLowerCase();
  const word =
    isAlphanumeric(token.charCodeAt(0)) && isAlphanumeric(token.charCodeAt(token.length - 1)) ? token : token.replace(EDGE_PUNCTUATION, '');
  return word.length > 0 ? (LANGUAGES_OF_WORD.get(word) ?? 0) : NO_WORD;
}
