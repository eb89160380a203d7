/** Word-level text similarity for the extractive summarizer: tokens, topic-term matching, overlap measures. */

// Function words carry no topic: leaving them out keeps overlap about content.
const STOP_WORDS = new Set(
  (
    'a an the and or but nor so yet for of to in on at by with from into onto over under about above below ' +
    'after before since until than then as if because while though although whether that this these those ' +
    "it its it's he him his she her hers they them their theirs we us our ours you your yours i me my mine " +
    'is are was were be been being am do does did doing have has had having will would shall should can could ' +
    'may might must not no also just only very more most much many some any all each both such own same other ' +
    'what which who whom whose when where why how there here up down out off again further once said says say ' +
    'mr mrs ms one two new year years'
  ).split(/\s+/),
);

/** Lowercased word tokens (letters and digits, keeping an inner apostrophe). */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly'];
// Only words ending in one of these letters can carry a suffix above: a cheap first test.
const SUFFIX_LAST_LETTERS = new Set(['s', 'g', 'd', 'y', 'n']);

/** A light suffix-stripping stem, enough to make "sanctions"/"sanctioned"/"sanction" meet. */
export function stem(word: string): string {
  const w = word.endsWith("'s") || word.endsWith('’s') ? word.slice(0, -2) : word;
  if (w.length <= 4 || !SUFFIX_LAST_LETTERS.has(w[w.length - 1]!)) return w;
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      const base = w.slice(0, -suffix.length);
      return suffix === 'ies' ? `${base}y` : base;
    }
  }
  return w;
}

/** A stem function that remembers its answers: news repeats the same words across articles. */
export type Stemmer = (word: string) => string;

/** A fresh memoized stemmer, to live as long as one request. */
export function createStemmer(): Stemmer {
  const memo = new Map<string, string>();
  return (word) => {
    let s = memo.get(word);
    if (s === undefined) {
      s = stem(word);
      memo.set(word, s);
    }
    return s;
  };
}

/** Per-request numbering of content-word stems, so word sets become sorted integer arrays (fast to intersect). */
export interface Vocabulary {
  readonly stem: Stemmer;
  /** Ids of the content-word stems among tokens, in order, repeats kept. */
  contentIds(tokens: readonly string[]): number[];
  /** How many distinct stems have been numbered. */
  readonly size: number;
}

export function createVocabulary(): Vocabulary {
  const stemmer = createStemmer();
  const stemIds = new Map<string, number>();
  // One lookup per token: word -> stem id, or -1 for a stop word.
  const wordIds = new Map<string, number>();
  const idOf = (word: string): number => {
    if (STOP_WORDS.has(word)) return -1;
    const s = stemmer(word);
    let id = stemIds.get(s);
    if (id === undefined) {
      id = stemIds.size;
      stemIds.set(s, id);
    }
    return id;
  };
  return {
    stem: stemmer,
    contentIds(tokens) {
      const out: number[] = [];
      for (const w of tokens) {
        let id = wordIds.get(w);
        if (id === undefined) {
          id = idOf(w);
          wordIds.set(w, id);
        }
        if (id >= 0) out.push(id);
      }
      return out;
    },
    get size() {
      return stemIds.size;
    },
  };
}

/** The distinct ids, sorted: the word set of a sentence. */
export function idSet(ids: readonly number[]): Int32Array {
  const sorted = Int32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

/** True when a sentence word stands for a topic term: same word, same stem, or the term is its prefix ("iran" -> "iranian"). */
export function wordMatchesTerm(word: string, term: string, stemmer: Stemmer = stem): boolean {
  if (word === term) return true;
  // Short terms ("us", "eu") would match far too much by prefix.
  if (term.length >= 4 && word.startsWith(term)) return true;
  return term.length >= 3 && word[0] === term[0] && stemmer(word) === stemmer(term);
}

/** The topic terms (single words or phrases) that a tokenized sentence mentions. */
export function matchedTerms(tokens: readonly string[], terms: readonly string[], stemmer: Stemmer = stem): string[] {
  const phrases = terms.map(wordTokens);
  return terms.filter((_, i) => {
    const parts = phrases[i]!;
    return parts.length > 0 && containsPhrase(tokens, parts, stemmer);
  });
}

/** Compiles the terms once into a counter of how many distinct terms a tokenized sentence mentions. */
export function termCounter(terms: readonly string[], stemmer: Stemmer = stem): (tokens: readonly string[]) => number {
  const phrases = terms.map(wordTokens).filter((parts) => parts.length > 0);
  return (tokens) => {
    let count = 0;
    for (const parts of phrases) if (containsPhrase(tokens, parts, stemmer)) count++;
    return count;
  };
}

function containsPhrase(tokens: readonly string[], parts: string[], stemmer: Stemmer): boolean {
  const last = parts.length - 1;
  for (let i = 0; i + last < tokens.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const token = tokens[i + j]!;
      const part = parts[j]!;
      // Inside a phrase only the last word may inflect ("supreme court" -> "supreme courts").
      ok = j === last ? wordMatchesTerm(token, part, stemmer) : token === part;
    }
    if (ok) return true;
  }
  return false;
}

/** How much two word sets (sorted id arrays) share: Jaccard |A∩B|/|A∪B|, and containment |A∩B|/min(|A|,|B|). */
export interface Overlap {
  jaccard: number;
  containment: number;
}

export function overlap(a: Int32Array, b: Int32Array): Overlap {
  if (a.length === 0 || b.length === 0) return { jaccard: 0, containment: 0 };
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return { jaccard: shared / (a.length + b.length - shared), containment: shared / Math.min(a.length, b.length) };
}
