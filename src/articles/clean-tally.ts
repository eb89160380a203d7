/**
 * Stop words counted in every line of a page against every language's list at once (jusText's
 * signal for prose), and the page's language told from those counts. Counts live in flat arrays,
 * one allocation a page rather than a few a line.
 */
import { DENSE_SCRIPT_RANGES, STOP_DENSITY } from './clean-patterns.js';
import { STOP_WORDS } from './clean-stopwords.js';
import { FoldedWordTrie } from './word-lookup.js';

/** Edge punctuation to strip from a space-separated token before looking it up ("said," -> "said"). */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/** Prose-ness of a line shows in its first few thousand characters; longer lines are sampled. */
export const SAMPLE_CHARS = 20_000;
/** Enough words to tell a page's language; keeps 20 MB inputs fast. */
const LANGUAGE_SAMPLE_WORDS = 50_000;

export const LANGUAGES: readonly string[] = [...STOP_WORDS.keys()];
const LANGUAGE_COUNT = LANGUAGES.length;
const SPACE = 32;

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

/** ASCII letters and digits, and anything beyond ASCII (letters of other scripts): cheap, no regex. */
function isAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code > 0xbf;
}

/** A letter of a script written without spaces or with dense syllables (DENSE_SCRIPT_RANGES). */
function isDenseScript(code: number): boolean {
  for (let r = 0; r < DENSE_SCRIPT_RANGES.length; r += 2) {
    if (code >= DENSE_SCRIPT_RANGES[r]! && code <= DENSE_SCRIPT_RANGES[r + 1]!) return true;
  }
  return false;
}

/** Where the token running through `from` ends: the next space, or `end`. */
function tokenEnd(text: string, from: number, end: number): number {
  const stop = text.indexOf(' ', from);
  return stop < 0 || stop > end ? end : stop;
}

/** Stop-word tallies of a page's lines, and the page's language. */
export class PageTally {
  /** Words per line. */
  readonly words: Int32Array;
  /** Stop-word hits per line and language, at [line * LANGUAGE_COUNT + language]. */
  readonly hits: Int32Array;
  /** Dense-script characters per line (lines up to SAMPLE_CHARS long; longer ones are not scanned whole). */
  readonly denseChars: Int32Array;
  /** Index into LANGUAGES of the page's language, or -1 when no list fits (then density is not used). */
  readonly language: number;
  /** Hits per language over the lines of the language sample, and the order languages were first hit in. */
  private readonly sampleHits = new Int32Array(LANGUAGE_COUNT);
  private readonly sampleOrder: number[] = [];
  private sampleWords = 0;
  /** Whether the line being tallied counts towards the language sample. */
  private inSample = true;

  constructor(texts: readonly string[]) {
    this.words = new Int32Array(texts.length);
    this.hits = new Int32Array(texts.length * LANGUAGE_COUNT);
    this.denseChars = new Int32Array(texts.length);
    for (let line = 0; line < texts.length; line++) {
      this.inSample = this.sampleWords <= LANGUAGE_SAMPLE_WORDS;
      this.tallyLine(texts[line]!, line);
      if (this.inSample) this.sampleWords += this.words[line]!;
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

  /** Counts a word, and its stop-word hits for each language whose list holds it. */
  private countWord(line: number, languages: readonly number[] | undefined): void {
    this.words[line]!++;
    if (!languages) return;
    for (const lang of languages) {
      this.hits[line * LANGUAGE_COUNT + lang]!++;
      if (!this.inSample) continue;
      if (this.sampleHits[lang] === 0) this.sampleOrder.push(lang);
      this.sampleHits[lang]!++;
    }
  }

  /**
   * Counts a line's words (lines arrive with whitespace collapsed to single spaces, so tokens are
   * what lies between spaces) and their stop-word hits, compared lower-cased, in one scan of the
   * line. An ASCII token's word is found while it is read: the trie walk starts at its first letter
   * or digit, and the word is the one spelled up to its last (edge punctuation off). Lower-casing
   * never adds or removes a space, nor looks across one, so the few tokens beyond ASCII are
   * lower-cased one at a time.
   */
  private tallyLine(text: string, line: number): void {
    const end = Math.min(text.length, SAMPLE_CHARS);
    let tokenStart = 0;
    let state = STOP_WORD_TRIE.root;
    let atLast = -1; // the trie state at the token's last letter or digit so far; -1 before its first
    for (let i = 0; i <= end; i++) {
      const code = i < end ? text.charCodeAt(i) : SPACE;
      if (code === SPACE) {
        if (atLast >= 0) this.countWord(line, STOP_WORD_TRIE.valueAt(atLast)); // else punctuation only, or no token
        tokenStart = i + 1;
        state = STOP_WORD_TRIE.root;
        atLast = -1;
      } else if (code > 127) {
        i = this.tallyUnicodeToken(text, tokenStart, i, end, line) - 1; // on to the space that ends the token
        atLast = -1;
      } else if (atLast >= 0 || isAlphanumeric(code)) {
        // once no stop word begins with what the token has spelled, the walk stays dead: no more steps
        if (state !== STOP_WORD_TRIE.dead) state = STOP_WORD_TRIE.step(state, code);
        if (isAlphanumeric(code)) atLast = state;
      }
    }
  }

  /** Dense-script characters in text[from, to): all beyond ASCII, so only tokens beyond ASCII are looked at. */
  private countDense(text: string, from: number, to: number, line: number): void {
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x1100 && isDenseScript(code)) this.denseChars[line]!++;
    }
  }

  /**
   * Tallies the token from `start` whose first character beyond ASCII is at `beyond`, lower-cased
   * and looked up whole (edge punctuation off); returns where it ends.
   */
  private tallyUnicodeToken(text: string, start: number, beyond: number, end: number, line: number): number {
    const stop = tokenEnd(text, beyond, end);
    this.countDense(text, beyond, stop, line);
    const token = text.slice(start, stop).toLowerCase();
    const word = isAlphanumeric(token.charCodeAt(0)) && isAlphanumeric(token.charCodeAt(token.length - 1)) ? token : token.replace(EDGE_PUNCTUATION, '');
    if (word.length > 0) this.countWord(line, LANGUAGES_OF_WORD.get(word));
    return stop;
  }
}
