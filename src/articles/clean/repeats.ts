/**
 * Which lines of a page occur more than once (menus top and bottom, captions twice). Lines are
 * grouped by a cheap shape (length and a few characters) and compared only within a group, so no
 * line is hashed whole: hashing every paragraph for a map of strings costs more than the rest.
 */

/** Comparisons allowed per line before a page of look-alike lines falls back to a map of strings. */
const COMPARISONS_PER_LINE = 4;

/** Length and the first, middle and last character, folded into a small integer (a fast map key). */
function shapeOf(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  const mix =
    Math.imul(length, 0x9e3779b1) ^ text.charCodeAt(0) ^ (text.charCodeAt(length >> 1) << 7) ^ (text.charCodeAt(length - 1) << 14);
  return mix & 0x3fffffff;
}

/** Which lines occur more than once, and where each line's text occurred last before it. */
export interface LineRepeats {
  /** 1 for each line whose text occurs on another line too. */
  repeated: Uint8Array;
  /** The nearest earlier line with the same text, -1 for none: a copy's features need not be worked out again. */
  earlierCopy: number[];
}

/** Finds the page's repeated lines, comparing only lines of one shape. */
export function findRepeats(texts: readonly string[]): LineRepeats {
  const repeated = new Uint8Array(texts.length);
  const earlierCopy = new Array<number>(texts.length).fill(-1);
  const shapes = new ShapeTable(texts.length);
  // the previous line of the same shape, -1 for none: each shape's lines as a chain, newest first
  const previousOfShape = new Array<number>(texts.length);
  let budget = COMPARISONS_PER_LINE * texts.length;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    previousOfShape[i] = shapes.replaceLatest(shapeOf(text), i);
    for (let j = previousOfShape[i]!; j >= 0; j = previousOfShape[j]!) {
      if (--budget < 0) return repeatsByMap(texts);
      if (texts[j] !== text) continue;
      // the nearest earlier copy; any before it were marked when that copy was reached
      repeated[i] = 1;
      repeated[j] = 1;
      earlierCopy[i] = j;
      break;
    }
  }
  return { repeated, earlierCopy };
}

/**
 * The latest line of each shape, in an open-addressing table of plain arrays sized for the page:
 * a Map, or a typed array of over 64 bytes (stored off the V8 heap), costs more to set up than a
 * page's worth of lookups.
 */
class ShapeTable {
  private readonly mask: number;
  /** Per slot: its shape, and the latest line of that shape (-1 for an empty slot). */
  private readonly shapes: number[];
  private readonly lines: number[];

  constructor(lineCount: number) {
    let slots = 16;
    while (slots < lineCount * 2) slots *= 2; // at most half full: probes stay short
    this.mask = slots - 1;
    this.shapes = new Array<number>(slots).fill(0);
    this.lines = new Array<number>(slots).fill(-1);
  }

  /** Makes `line` the latest of `shape`, and returns the one before it (-1 for none). */
  replaceLatest(shape: number, line: number): number {
    let slot = shape & this.mask;
    while (this.lines[slot] !== -1 && this.shapes[slot] !== shape) slot = (slot + 1) & this.mask;
    const previous = this.lines[slot]!;
    this.shapes[slot] = shape;
    this.lines[slot] = line;
    return previous;
  }
}

/** The plain way, for pages of many distinct lines of one shape: each text's latest line in a map of strings. */
function repeatsByMap(texts: readonly string[]): LineRepeats {
  const latest = new Map<string, number>();
  const repeated = new Uint8Array(texts.length);
  const earlierCopy = new Array<number>(texts.length).fill(-1);
  for (let i = 0; i < texts.length; i++) {
    const copy = latest.get(texts[i]!);
    if (copy !== undefined) {
      repeated[i] = 1;
      repeated[copy] = 1;
      earlierCopy[i] = copy;
    }
    latest.set(texts[i]!, i);
  }
  return { repeated, earlierCopy };
}
