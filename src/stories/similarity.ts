/**
 * How alike two articles' reports are: a cosine of their weighted words, whether each names what the
 * other leads with, and whether their dates are near enough to be one event's news.
 */

/** An article's words as a vector: term ids ascending, and their weights (unit length). */
export interface WordVector {
  ids: Int32Array;
  weights: Float32Array;
}

/** Articles published further apart than this are never one story's (a story runs on while it gets news every week). */
export const STORY_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

/** Days since the epoch of an ISO date or date-time; null when unknown or unreadable. */
export function dayOf(published: string | null | undefined): number | null {
  if (!published) return null;
  const ms = Date.parse(published);
  return Number.isNaN(ms) ? null : ms / DAY_MS;
}

/** Whether two dates fit one story's window; an undated article fits any (ADR 12: many pages give no date). */
export function withinWindow(a: number | null, b: number | null): boolean {
  return a === null || b === null || Math.abs(a - b) <= STORY_WINDOW_DAYS;
}

/** The cosine of two unit vectors: one walk over both sorted id lists. */
export function cosine(a: WordVector, b: WordVector): number {
  let i = 0;
  let k = 0;
  let sum = 0;
  while (i < a.ids.length && k < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[k]!;
    if (x === y) sum += a.weights[i++]! * b.weights[k++]!;
    else if (x < y) i++;
    else k++;
  }
  return sum;
}

/** Whether a sorted id list holds an id. */
export function holds(sorted: Int32Array, id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid]!;
    if (at === id) return true;
    if (at < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** What the name check reads of an article: its leading names, and every word and name it gives (ids, sorted). */
export interface NamedArticle {
  leadingNames: Int32Array;
  vector: WordVector;
  names: Int32Array;
}

/**
 * Whether one article names what the other leads with: one of its leading names among the other's
 * names or title and lead words. An article with no names asks nothing.
 */
function namesLeadOf(from: NamedArticle, into: NamedArticle): boolean {
  if (from.leadingNames.length === 0) return true;
  for (const id of from.leadingNames) if (holds(into.names, id) || holds(into.vector.ids, id)) return true;
  return false;
}

/**
 * Whether two articles agree on who or what the news is about: each names one of the other's leading
 * names. Two celebrities entering rehab the same week share every other word, not the name.
 */
export function namesAgree(a: NamedArticle, b: NamedArticle): boolean {
  return namesLeadOf(a, b) && namesLeadOf(b, a);
}
