/**
 * Body fingerprints, to know one page from another whatever file or format it came in: a body's word
 * 5-grams (shingles), hashed; its sketch keeps the 32 smallest hashes and the body's size,
 * from which two bodies' overlap is estimated; the 6 smallest are what the store looks up
 * (docs/adr/0013-one-article-per-page.md).
 */
import * as chars from './text/index.js';

// Read once into module constants: on Node 20 a call through an import re-reads the exporting module's
// cell at every call, about a fifth of this per-character loop's time; a module constant is read once.
const { isAscii, isAsciiDigit, isAsciiLower, isWordGapBeyondAscii, toAsciiLower } = chars;

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
/** Sketches estimating less overlap than this are not compared in full (the estimate errs by about 0.1). */
const LIKELY_CONTAINMENT = 0.7;

export interface Sketch {
  /** The smallest distinct shingle hashes of the body (its first SKETCH_CHARS), ascending. */
  hashes: number[];
  /** Shingles read (repeats counted: a near enough size, without a set). */
  shingles: number;
  /** Characters in the whole body, to compare sizes. */
  chars: number;
}

/**
 * A sketch reads the body's paragraphs up to this many characters (longer than nearly every article),
 * so a huge page costs no more than a long one; the full check reads it all.
 */
export const SKETCH_CHARS = 20_000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Word hashes of the body being read: one buffer, grown as needed, so reading allocates nothing per page. */
let wordBuffer: Int32Array = new Int32Array(4096);

/**
 * Reads a body's words into wordBuffer and returns how many: runs of letters and digits, ASCII letters
 * folded to lower case (other letters as written: both copies of a page write them alike). Reading
 * stops at the first paragraph end after maxChars characters.
 */
function readWords(paragraphs: readonly string[], maxChars = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let read = 0;
  for (const paragraph of paragraphs) {
    if (read >= maxChars) break;
    read += paragraph.length;
    let hash = FNV_OFFSET;
    let inWord = false;
    for (let i = 0; i < paragraph.length; i++) {
      let code = paragraph.charCodeAt(i);
      code = toAsciiLower(code);
      const word = isAscii(code) ? isAsciiLower(code) || isAsciiDigit(code) : !isWordGapBeyondAscii(code);
      if (word) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        inWord = true;
      } else if (inWord) {
        if (count === wordBuffer.length) wordBuffer = grow(wordBuffer);
        wordBuffer[count++] = hash;
        hash = FNV_OFFSET;
        inWord = false;
      }
    }
    if (inWord) {
      if (count === wordBuffer.length) wordBuffer = grow(wordBuffer);
      wordBuffer[count++] = hash;
    }
  }
  return count;
}

function grow(buffer: Int32Array): Int32Array {
  const bigger = new Int32Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

/** The hash of the shingle of `length` words starting at `start` in wordBuffer. */
function shingleAt(start: number, length: number): number {
  let hash = FNV_OFFSET;
  for (let n = start; n < start + length; n++) hash = Math.imul(hash ^ wordBuffer[n]!, FNV_PRIME) ^ (hash >>> 15);
  // Signed 32-bit, as SQLite stores the indexed ones.
  return hash | 0;
}

/** Calls back with the hash of every shingle of a body (one for a body shorter than a shingle). */
function eachShingle(paragraphs: readonly string[], use: (hash: number) => void): void {
  const words = readWords(paragraphs);
  if (words > 0 && words < SHINGLE_WORDS) use(shingleAt(0, words));
  for (let i = 0; i + SHINGLE_WORDS <= words; i++) use(shingleAt(i, SHINGLE_WORDS));
}

/** The body's distinct shingle hashes. */
export function shingleSet(paragraphs: readonly string[]): Set<number> {
  const shingles = new Set<number>();
  eachShingle(paragraphs, (hash) => shingles.add(hash));
  return shingles;
}

/** The body's sketch: its SKETCH_SIZE smallest distinct shingle hashes and its shingle count. */
export function bodySketch(paragraphs: readonly string[]): Sketch {
  const words = readWords(paragraphs, SKETCH_CHARS);
  let chars = 0;
  for (const paragraph of paragraphs) chars += paragraph.length;
  const kept = new Int32Array(SKETCH_SIZE);
  let size = 0;
  const shingles = words >= SHINGLE_WORDS ? words - SHINGLE_WORDS + 1 : words > 0 ? 1 : 0;
  for (let i = 0; i < shingles; i++) {
    const hash = shingleAt(i, Math.min(SHINGLE_WORDS, words));
    // Most hashes are above the largest kept once the sketch is full: one comparison each.
    if (size === SKETCH_SIZE && hash >= kept[SKETCH_SIZE - 1]!) continue;
    let at = size;
    while (at > 0 && kept[at - 1]! > hash) at--;
    if (at > 0 && kept[at - 1] === hash) continue; // a repeated shingle
    kept.copyWithin(at + 1, at, size === SKETCH_SIZE ? SKETCH_SIZE - 1 : size);
    kept[at] = hash;
    if (size < SKETCH_SIZE) size++;
  }
  return { hashes: Array.from(kept.subarray(0, size)), shingles, chars };
}

/**
 * Whether two sketches make a copy likely: the overlap of the smaller body estimated from the
 * smallest hashes of the union (all of them when both bodies are short) and the sizes alike.
 */
export function likelyCopy(a: Sketch, b: Sketch): boolean {
  const small = Math.min(a.shingles, b.shingles);
  if (small === 0 || !alikeInSize(a.chars, b.chars)) return false;
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

/** Sizes a copy can have (a little looser than COPY_SIZE_RATIO: the full check decides). */
function alikeInSize(a: number, b: number): boolean {
  return Math.min(a, b) >= COPY_SIZE_RATIO * 0.9 * Math.max(a, b);
}

/** likelyCopy against a stored sketch (encodeSketch), read only when the sizes allow a copy. */
export function likelyCopyOfStored(a: Sketch, stored: Buffer): boolean {
  return alikeInSize(a.chars, stored.readInt32LE(4)) && likelyCopy(a, decodeSketch(stored));
}

/** Whether two bodies are one page: most of the smaller one's shingles in the other, and sizes alike. */
export function isCopy(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0 || small.size < COPY_SIZE_RATIO * large.size) return false;
  let shared = 0;
  for (const hash of small) if (large.has(hash)) shared++;
  return shared >= COPY_CONTAINMENT * small.size;
}

/** A sketch as stored: 32-bit integers, the shingle and character counts first, then the hashes. */
export function encodeSketch(sketch: Sketch): Buffer {
  const buffer = Buffer.alloc(4 * (sketch.hashes.length + 2));
  buffer.writeInt32LE(Math.min(sketch.shingles, 0x7fffffff), 0);
  buffer.writeInt32LE(Math.min(sketch.chars, 0x7fffffff), 4);
  sketch.hashes.forEach((hash, i) => buffer.writeInt32LE(hash, 4 * (i + 2)));
  return buffer;
}

export function decodeSketch(buffer: Buffer): Sketch {
  const hashes: number[] = [];
  for (let offset = 8; offset + 4 <= buffer.length; offset += 4) hashes.push(buffer.readInt32LE(offset));
  return { shingles: buffer.readInt32LE(0), chars: buffer.readInt32LE(4), hashes };
}
