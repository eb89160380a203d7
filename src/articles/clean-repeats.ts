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
  const mix = Math.imul(length, 0x9e3779b1) ^ text.charCodeAt(0) ^ (text.charCodeAt(length >> 1) << 7) ^ (text.charCodeAt(length - 1) << 14);
  return mix & 0x3fffffff;
}

/** 1 for each line whose text occurs on another line too. */
export function repeatedLines(texts: readonly string[]): Uint8Array {
  const repeated = new Uint8Array(texts.length);
  const latestOfShape = new Map<number, number>();
  // the previous line of the same shape, -1 for none: each shape's lines as a chain, newest first
  const previousOfShape = new Int32Array(texts.length);
  let budget = COMPARISONS_PER_LINE * texts.length;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const shape = shapeOf(text);
    previousOfShape[i] = latestOfShape.get(shape) ?? -1;
    latestOfShape.set(shape, i);
    for (let j = previousOfShape[i]!; j >= 0; j = previousOfShape[j]!) {
      if (--budget < 0) return repeatedByMap(texts);
      if (texts[j] !== text) continue;
      // the nearest earlier copy; any before it were marked when that copy was reached
      repeated[i] = 1;
      repeated[j] = 1;
      break;
    }
  }
  return repeated;
}

/** The plain way, for pages of many distinct lines of one shape: count every text in a map. */
function repeatedByMap(texts: readonly string[]): Uint8Array {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  const repeated = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) repeated[i] = (counts.get(texts[i]!) ?? 0) > 1 ? 1 : 0;
  return repeated;
}
