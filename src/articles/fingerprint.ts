/**
 * Body fingerprints, to know one page from another whatever file or format it came in: a body's word
 * 5-grams (shingles), hashed; its sketch keeps the 32 smallest hashes and the number of shingles, from
 * which two bodies' overlap is estimated; the 6 smallest are what the store looks up
 * (docs/adr/0013-one-article-per-page.md).
 */

/** Words per shingle: long enough that two different reports rarely share one by chance. */
const SHINGLE_WORDS = 5;
/** Hashes kept in a sketch: enough to estimate an overlap to about +-0.1. */
export const SKETCH_SIZE = 32;
/** The sketch's smallest hashes the store indexes. Bodies with shingle Jaccard J share none with probability about (1 - J)^6. */
export const INDEXED_HASHES = 6;
/** A body is another's copy when this share of the smaller one's shingles is in the other... */
export const COPY_CONTAINMENT = 0.8;
/** ...and the smaller one is at least this share of the larger's size (a short article quoted whole inside a long one stays itself). */
export const COPY_SIZE_RATIO = 0.5;
/** Sketches estimating less overlap than this are not compared in full (the estimate's error is about 0.1). */
const LIKELY_CONTAINMENT = 0.6;

export interface Sketch {
  /** The smallest distinct shingle hashes, ascending (all of them for a short body). */
  hashes: number[];
  /** Shingles in the body (repeats counted: a near enough size, without a set). */
  shingles: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Calls back with the hash of every shingle of a body (one for a body shorter than a shingle). Words
 * are runs of letters and digits, ASCII letters folded to lower case (other letters as written: both
 * copies of a page write them alike); each shingle hashes its words' hashes, read from a ring of the
 * last SHINGLE_WORDS, so the body is read once with nothing allocated per word.
 */
function eachShingle(paragraphs: readonly string[], use: (hash: number) => void): void {
  const ring = new Int32Array(SHINGLE_WORDS);
  let words = 0;
  const endWord = (hash: number) => {
    ring[words % SHINGLE_WORDS] = hash;
    words++;
    if (words >= SHINGLE_WORDS) use(combine(ring, words));
  };
  for (const paragraph of paragraphs) {
    let hash = FNV_OFFSET;
    let inWord = false;
    for (let i = 0; i < paragraph.length; i++) {
      let code = paragraph.charCodeAt(i);
      if (code >= 65 && code <= 90) code += 32;
      if (isWordCode(code)) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        inWord = true;
      } else if (inWord) {
        endWord(hash);
        hash = FNV_OFFSET;
        inWord = false;
      }
    }
    if (inWord) endWord(hash);
  }
  if (words > 0 && words < SHINGLE_WORDS) use(combine(ring, words));
}

/** ASCII letters and digits, and every non-ASCII character but white space and general punctuation. */
function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return !(code === 0xa0 || (code >= 0x2000 && code <= 0x206f) || code === 0x3000 || code === 0xfeff);
}

/** The hash of the ring's words, oldest first (all of them when fewer than a shingle were read). */
function combine(ring: Int32Array, words: number): number {
  const count = Math.min(words, SHINGLE_WORDS);
  let hash = FNV_OFFSET;
  for (let n = words - count; n < words; n++) hash = Math.imul(hash ^ ring[n % SHINGLE_WORDS]!, FNV_PRIME) ^ (hash >>> 15);
  // Signed 32-bit, as SQLite stores the indexed ones.
  return hash | 0;
}

/** The body's distinct shingle hashes. */
export function shingleSet(paragraphs: readonly string[]): Set<number> {
  const shingles = new Set<number>();
  eachShingle(paragraphs, (hash) => shingles.add(hash));
  return shingles;
}

/** The body's sketch: its SKETCH_SIZE smallest distinct shingle hashes and its shingle count. */
export function bodySketch(paragraphs: readonly string[]): Sketch {
  const kept = new Int32Array(SKETCH_SIZE);
  let size = 0;
  let shingles = 0;
  eachShingle(paragraphs, (hash) => {
    shingles++;
    // Most hashes are above the largest kept once the sketch is full: one comparison each.
    if (size === SKETCH_SIZE && hash >= kept[SKETCH_SIZE - 1]!) return;
    let at = size;
    while (at > 0 && kept[at - 1]! > hash) at--;
    if (at > 0 && kept[at - 1] === hash) return; // a repeated shingle
    kept.copyWithin(at + 1, at, size === SKETCH_SIZE ? SKETCH_SIZE - 1 : size);
    kept[at] = hash;
    if (size < SKETCH_SIZE) size++;
  });
  return { hashes: Array.from(kept.subarray(0, size)), shingles };
}

/**
 * Whether two sketches make a copy likely: the overlap of the smaller body estimated from the
 * smallest hashes of the union (all of them when both bodies are short) and the sizes alike.
 */
export function likelyCopy(a: Sketch, b: Sketch): boolean {
  const small = Math.min(a.shingles, b.shingles);
  if (small === 0 || small < COPY_SIZE_RATIO * 0.9 * Math.max(a.shingles, b.shingles)) return false;
  // Walk both ascending lists at once: the union's smallest SKETCH_SIZE hashes, and how many are in both.
  const x = a.hashes;
  const y = b.hashes;
  let i = 0;
  let k = 0;
  let union = 0;
  let shared = 0;
  // (every hash of the union's smallest SKETCH_SIZE that is in a body is within that body's own smallest)
  while (union < SKETCH_SIZE && (i < x.length || k < y.length)) {
    const fromX = i < x.length ? x[i]! : Number.POSITIVE_INFINITY;
    const fromY = k < y.length ? y[k]! : Number.POSITIVE_INFINITY;
    if (fromX === fromY) {
      shared++;
      i++;
      k++;
    } else if (fromX < fromY) i++;
    else k++;
    union++;
  }
  const jaccard = union ? shared / union : 0;
  const intersection = (jaccard * (a.shingles + b.shingles)) / (1 + jaccard);
  return intersection >= LIKELY_CONTAINMENT * small;
}

/** Whether two bodies are one page: most of the smaller one's shingles in the other, and sizes alike. */
export function isCopy(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0 || small.size < COPY_SIZE_RATIO * large.size) return false;
  let shared = 0;
  for (const hash of small) if (large.has(hash)) shared++;
  return shared >= COPY_CONTAINMENT * small.size;
}

/** A sketch as stored: its hashes as 32-bit integers, the shingle count first. */
export function encodeSketch(sketch: Sketch): Buffer {
  const buffer = Buffer.alloc(4 * (sketch.hashes.length + 1));
  buffer.writeInt32LE(Math.min(sketch.shingles, 0x7fffffff), 0);
  sketch.hashes.forEach((hash, i) => buffer.writeInt32LE(hash, 4 * (i + 1)));
  return buffer;
}

export function decodeSketch(buffer: Buffer): Sketch {
  const hashes: number[] = [];
  for (let offset = 4; offset + 4 <= buffer.length; offset += 4) hashes.push(buffer.readInt32LE(offset));
  return { shingles: buffer.readInt32LE(0), hashes };
}
