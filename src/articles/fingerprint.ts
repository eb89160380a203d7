/**
 * Body fingerprints, to know one page from another whatever file or format it came in: the set of
 * its body's word 5-grams (shingles), hashed, and a sketch of the few smallest hashes, which two
 * near-identical bodies almost surely share (docs/adr/0013-one-article-per-page.md).
 */

/** Words per shingle: long enough that two different reports rarely share one by chance. */
const SHINGLE_WORDS = 5;
/** Hashes kept in a sketch. Two bodies with shingle Jaccard J share none with probability about (1 - J)^6. */
export const SKETCH_SIZE = 6;
/** A body is another's copy when this share of the smaller one's shingles is in the other... */
export const COPY_CONTAINMENT = 0.8;
/** ...and the smaller one is at least this share of the larger's size (a short article quoted whole inside a long one stays itself). */
export const COPY_SIZE_RATIO = 0.5;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit hashes of the words of a text, lower-cased letters and digits only (any other character separates). */
function wordHashes(paragraphs: readonly string[]): number[] {
  const hashes: number[] = [];
  for (const paragraph of paragraphs) {
    const text = paragraph.toLowerCase();
    let hash = FNV_OFFSET;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (isWordCode(code)) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        inWord = true;
      } else if (inWord) {
        hashes.push(hash >>> 0);
        hash = FNV_OFFSET;
        inWord = false;
      }
    }
    if (inWord) hashes.push(hash >>> 0);
  }
  return hashes;
}

/** ASCII letters and digits, and every non-ASCII character but white space and common punctuation. */
function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return !(code === 0xa0 || (code >= 0x2000 && code <= 0x206f) || code === 0x3000 || code === 0xfeff);
}

/** The body's distinct shingle hashes. */
export function shingleSet(paragraphs: readonly string[]): Set<number> {
  const words = wordHashes(paragraphs);
  const shingles = new Set<number>();
  if (words.length > 0 && words.length < SHINGLE_WORDS) shingles.add(combine(words, 0, words.length));
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(combine(words, i, i + SHINGLE_WORDS));
  return shingles;
}

function combine(words: readonly number[], start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ words[i]!, FNV_PRIME) ^ (hash >>> 15);
  // Signed 32-bit: a sketch hash is stored as an SQLite INTEGER either way, and equal hashes compare equal.
  return hash | 0;
}

/** The SKETCH_SIZE smallest shingle hashes of a body, ascending. */
export function bodySketch(paragraphs: readonly string[]): number[] {
  return smallest(shingleSet(paragraphs), SKETCH_SIZE);
}

function smallest(values: Iterable<number>, k: number): number[] {
  const kept: number[] = [];
  for (const value of values) {
    if (kept.length === k && value >= kept[k - 1]!) continue;
    let at = kept.length < k ? kept.length : k - 1;
    if (kept.length < k) kept.push(value);
    while (at > 0 && kept[at - 1]! > value) {
      kept[at] = kept[at - 1]!;
      at--;
    }
    kept[at] = value;
  }
  return kept;
}

/** Whether two bodies are one page: most of the smaller one's shingles in the other, and sizes alike. */
export function isCopy(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0 || small.size < COPY_SIZE_RATIO * large.size) return false;
  let shared = 0;
  for (const hash of small) if (large.has(hash)) shared++;
  return shared >= COPY_CONTAINMENT * small.size;
}
