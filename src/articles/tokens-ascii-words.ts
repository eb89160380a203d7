/** Case-insensitive lookups in short lists of ASCII words, cheaper than word-lookup's general ones where a span is known to be ASCII. */
import { FoldedWordMap, FoldedWordTrie } from './word-lookup.js';

/** A list of lower-case ASCII words, looked up by span. */
export class AsciiWordList {
  private readonly trie: FoldedWordTrie<true>;
  private readonly folded: FoldedWordMap<true>;
  /** The longest word: a longer span is no word (lower-casing never shortens a string). */
  private readonly longest: number;

  constructor(words: readonly string[]) {
    if (words.some((word) => !/^[\x00-\x7f]*$/.test(word))) throw new Error('ASCII words only');
    const byWord = new Map(words.map((word): [string, true] => [word, true]));
    this.trie = new FoldedWordTrie(byWord);
    this.folded = new FoldedWordMap(byWord);
    this.longest = Math.max(0, ...words.map((word) => word.length));
  }

  /** Whether text[start, end) lower-cased is a word of the list. */
  has(text: string, start = 0, end = text.length): boolean {
    return end - start <= this.longest && this.folded.has(text, start, end);
  }

  /**
   * `has` for a span known to be ASCII: the trie alone answers. (word-lookup's walk, on a dead end,
   * scans the rest of the span for a character beyond ASCII; an all-ASCII list needs no such scan.)
   */
  hasAscii(text: string, start: number, end: number): boolean {
    if (end - start > this.longest) return false;
    let state = this.trie.root;
    for (let i = start; i < end; i++) {
      state = this.trie.step(state, text.charCodeAt(i));
      if (state === this.trie.dead) return false;
    }
    return this.trie.valueAt(state) !== undefined;
  }
}
