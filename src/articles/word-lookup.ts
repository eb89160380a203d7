/**
 * Case-insensitive lookups in fixed word lists, straight from a span of text: no substring and no
 * toLowerCase per word. Cleaning and quote finding look up nearly every word of a page, and
 * lower-casing a slice of a text that holds a curly quote goes through ICU, about ten times the
 * cost of an ASCII one.
 */

/** Multiplier of the rolling hash over lower-cased char codes. */
const HASH_BASE = 31;

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** The words of a list (lower-case, as the lists are written) with a value each, found by span. */
export class FoldedWordMap<V> {
  /** ASCII words by their hash; the rest are only ever reached through `byWord`. */
  private readonly byHash = new Map<number, { word: string; value: V }[]>();

  constructor(private readonly byWord: ReadonlyMap<string, V>) {
    for (const [word, value] of byWord) {
      if (!isAsciiSpan(word, 0, word.length)) continue;
      const hash = hashOf(word, 0, word.length);
      this.byHash.set(hash, [...(this.byHash.get(hash) ?? []), { word, value }]);
    }
  }

  /** The value of text[start, end) lower-cased, as `byWord.get(text.slice(start, end).toLowerCase())` gives it. */
  get(text: string, start = 0, end = text.length): V | undefined {
    // Beyond ASCII, lower-casing is Unicode's business (the Kelvin sign lower-cases to "k").
    if (!isAsciiSpan(text, start, end)) return this.byWord.get(text.slice(start, end).toLowerCase());
    const bucket = this.byHash.get(hashOf(text, start, end));
    if (bucket === undefined) return undefined;
    for (const entry of bucket) if (sameFolded(entry.word, text, start, end)) return entry.value;
    return undefined;
  }

  has(text: string, start = 0, end = text.length): boolean {
    return this.get(text, start, end) !== undefined;
  }
}

/** A word list looked up case-insensitively by span. */
export function foldedWordSet(words: Iterable<string>): FoldedWordMap<true> {
  return new FoldedWordMap(new Map([...words].map((word): [string, true] => [word, true])));
}

function isAsciiSpan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

function hashOf(text: string, start: number, end: number): number {
  let hash = end - start;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, HASH_BASE) + lowerAscii(text.charCodeAt(i))) | 0;
  return hash;
}

/** Whether an ASCII span lower-cased is `word`. */
function sameFolded(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== lowerAscii(text.charCodeAt(start + i))) return false;
  return true;
}
