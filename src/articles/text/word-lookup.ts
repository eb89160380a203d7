/**
 * Case-insensitive lookups in fixed word lists, straight from a span of text: no substring and no
 * toLowerCase per word. Cleaning and quote finding look up nearly every word of a page, and
 * lower-casing a slice of a text that holds a curly quote goes through ICU, about ten times the
 * cost of an ASCII one.
 */
import { ASCII_CASE_OFFSET, ASCII_END, isAsciiLower, isAsciiUpper, isBeyondAscii } from './chars.js';

/** What a trie walk holds before any character, and once no word can follow (it stays there). */
const TRIE_ROOT = 1;
const TRIE_DEAD = 0;

/**
 * The ASCII words of a list (lower-case, as the lists are written) as a trie walked one character
 * code at a time: a caller that already scans a text char by char looks words up on the way, and a
 * lookup of a word not in the list mostly stops at its first or second letter. Words beyond ASCII
 * are left out.
 */
export class FoldedWordTrie<V> {
  readonly root = TRIE_ROOT;
  /** The state once no word can follow: a walk may stop there. */
  readonly dead = TRIE_DEAD;
  /**
   * The tables themselves, public for scanners that walk the trie inline (a hot loop reading them
   * directly skips a call per character); treat them as read-only.
   * Column of each ASCII code in the transition table (upper and lower case share one); 0 for codes no word holds.
   */
  readonly columns = new Uint8Array(ASCII_END);
  /** Columns per state in `next`. */
  readonly width: number;
  /** next[state * width + column]: the state after that character, TRIE_DEAD when no word goes on that way (the dead state's row is all TRIE_DEAD). */
  readonly next: Int32Array;
  private readonly values: (V | undefined)[];

  constructor(byWord: ReadonlyMap<string, V>) {
    const words = [...byWord].filter(([word]) => isAsciiSpan(word, 0, word.length));
    this.width = this.assignColumns(words.map(([word]) => word));
    const states = 2 + words.reduce((sum, [word]) => sum + word.length, 0);
    this.next = new Int32Array(states * this.width);
    this.values = new Array<V | undefined>(states).fill(undefined);
    let count = TRIE_ROOT + 1;
    for (const [word, value] of words) {
      let state = TRIE_ROOT;
      for (let i = 0; i < word.length; i++) {
        const cell = state * this.width + this.columns[word.charCodeAt(i)]!;
        if (this.next[cell] === TRIE_DEAD) this.next[cell] = count++;
        state = this.next[cell]!;
      }
      this.values[state] = value;
    }
  }

  /** Gives each character the words hold a column, shared by a letter's two cases; returns the table's width. */
  private assignColumns(words: readonly string[]): number {
    let width = 1;
    for (const word of words) {
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        if (isAsciiUpper(code)) throw new Error(`word lists are lower-case: ${word}`);
        if (this.columns[code] !== 0) continue;
        this.columns[code] = width;
        if (isAsciiLower(code)) this.columns[code - ASCII_CASE_OFFSET] = width;
        width++;
      }
    }
    return width;
  }

  /** The state after `code` (an ASCII code) from `state`; dead for good once no word goes on that way. */
  step(state: number, code: number): number {
    return this.next[state * this.width + this.columns[code]!]!;
  }

  /** How many states the trie has: states are 0 (dead) to stateCount - 1. */
  get stateCount(): number {
    return this.values.length;
  }

  /** The value of the word that the walk to `state` spelled, if it spelled a whole one. */
  valueAt(state: number): V | undefined {
    return this.values[state];
  }
}

/** The words of a list (lower-case, as the lists are written) with a value each, found by span. */
export class FoldedWordMap<V> {
  private readonly ascii: FoldedWordTrie<V>;
  /** The longest word: a longer span is no word (lower-casing never shortens a string). */
  private readonly longest: number;

  constructor(private readonly byWord: ReadonlyMap<string, V>) {
    this.ascii = new FoldedWordTrie(byWord);
    this.longest = Math.max(0, ...[...byWord.keys()].map((word) => word.length));
  }

  /**
   * `has` for a span known to be ASCII: the trie alone answers, with no scan for characters beyond
   * ASCII on a dead end (an ASCII span lower-cases to an ASCII word, and the trie holds them all).
   */
  hasAscii(text: string, start: number, end: number): boolean {
    if (end - start > this.longest) return false;
    let state = this.ascii.root;
    for (let i = start; i < end; i++) {
      state = this.ascii.step(state, text.charCodeAt(i));
      if (state === TRIE_DEAD) return false;
    }
    return this.ascii.valueAt(state) !== undefined;
  }

  /** The value of text[start, end) lower-cased, as `byWord.get(text.slice(start, end).toLowerCase())` gives it. */
  get(text: string, start = 0, end = text.length): V | undefined {
    let state = this.ascii.root;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (isBeyondAscii(code)) return this.getUnicode(text, start, end);
      state = this.ascii.step(state, code);
      if (state === TRIE_DEAD) return isAsciiSpan(text, i + 1, end) ? undefined : this.getUnicode(text, start, end);
    }
    return this.ascii.valueAt(state);
  }

  /** Beyond ASCII, lower-casing is Unicode's business (the Kelvin sign lower-cases to "k"). */
  private getUnicode(text: string, start: number, end: number): V | undefined {
    return this.byWord.get(text.slice(start, end).toLowerCase());
  }

  has(text: string, start = 0, end = text.length): boolean {
    return this.get(text, start, end) !== undefined;
  }
}

/** A word list looked up case-insensitively by span. */
export function foldedWordSet(words: Iterable<string>): FoldedWordMap<true> {
  return new FoldedWordMap(new Map([...words].map((word): [string, true] => [word, true])));
}

export function isAsciiSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isBeyondAscii(text.charCodeAt(i))) return false;
  return true;
}
