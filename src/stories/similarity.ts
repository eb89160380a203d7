/**
 * How alike two articles' reports are: a cosine of their weighted words, whether each names what the
 * other leads with, and whether their dates are near enough to be one event's news. The indexed
 * articles live in a few shared growing arrays (no object or typed array per article: an index of
 * 100,000 articles is a dozen arrays for the garbage collector, not half a million).
 */

/** Articles published further apart than this are never one story's (a story runs on while it gets news every week). */
export const STORY_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

/** Days since the epoch of an ISO date or date-time; null when unknown or unreadable. */
export function dayOf(published: string | null | undefined): number | null {
  if (!published) return null;
  const ms = Date.parse(published);
  return Number.isNaN(ms) ? null : ms / DAY_MS;
}

/** An article about to be indexed: term ids ascending with their weights (unit length), and its names as term ids. */
export interface ArticleVector {
  ids: ArrayLike<number>;
  weights: ArrayLike<number>;
  leadingNames: readonly number[];
  names: readonly number[];
  day: number | null;
}

function grownInt(array: Int32Array<ArrayBuffer>, least: number): Int32Array<ArrayBuffer> {
  if (array.length >= least) return array;
  const bigger = new Int32Array(Math.max(least, array.length * 2));
  bigger.set(array);
  return bigger;
}

function grownFloat(array: Float64Array<ArrayBuffer>, least: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(Math.max(least, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Whether the sorted range [from, to) of an array holds an id. */
function holds(sorted: Int32Array<ArrayBuffer>, from: number, to: number, id: number): boolean {
  let low = from;
  let high = to - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid]!;
    if (at === id) return true;
    if (at < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The articles of an index, numbered in the order added: their word vectors, names and days. */
export class ArticleVectors {
  private termIds = new Int32Array(1 << 14);
  private termWeights = new Float32Array(1 << 14);
  private termsUsed = 0;
  /** Per article: its leading names, then all its names sorted, as term ids. */
  private nameIds = new Int32Array(1 << 12);
  private namesUsed = 0;
  /** Per article, 4 numbers: where its terms start and end, where its names start and where its sorted names start. */
  private bounds = new Int32Array(1 << 12);
  /** Per article: its names' end. */
  private nameEnds = new Int32Array(1 << 10);
  /** Per article: its day, NaN when undated. */
  private days = new Float64Array(1 << 10);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an article; returns its number. */
  add(article: ArticleVector): number {
    const n = article.ids.length;
    if (this.termsUsed + n > this.termIds.length) {
      this.termIds = grownInt(this.termIds, this.termsUsed + n);
      const weights = new Float32Array(this.termIds.length);
      weights.set(this.termWeights);
      this.termWeights = weights;
    }
    const names = article.leadingNames.length + article.names.length;
    this.nameIds = grownInt(this.nameIds, this.namesUsed + names);
    const number = this.count++;
    this.bounds = grownInt(this.bounds, 4 * this.count);
    this.nameEnds = grownInt(this.nameEnds, this.count);
    if (this.days.length < this.count) this.days = grownFloat(this.days, this.count);
    const b = 4 * number;
    this.bounds[b] = this.termsUsed;
    for (let i = 0; i < n; i++) {
      this.termIds[this.termsUsed] = article.ids[i]!;
      this.termWeights[this.termsUsed++] = article.weights[i]!;
    }
    this.bounds[b + 1] = this.termsUsed;
    this.bounds[b + 2] = this.namesUsed;
    for (const id of article.leadingNames) this.nameIds[this.namesUsed++] = id;
    this.bounds[b + 3] = this.namesUsed;
    for (const id of [...article.names].sort((x, y) => x - y)) this.nameIds[this.namesUsed++] = id;
    this.nameEnds[number] = this.namesUsed;
    this.days[number] = article.day ?? Number.NaN;
    return number;
  }

  /** The cosine of two articles' unit vectors: one walk over both sorted id lists. */
  cosine(a: number, b: number): number {
    const ids = this.termIds;
    const weights = this.termWeights;
    let i = this.bounds[4 * a]!;
    const iEnd = this.bounds[4 * a + 1]!;
    let k = this.bounds[4 * b]!;
    const kEnd = this.bounds[4 * b + 1]!;
    let sum = 0;
    while (i < iEnd && k < kEnd) {
      const x = ids[i]!;
      const y = ids[k]!;
      if (x === y) sum += weights[i++]! * weights[k++]!;
      else if (x < y) i++;
      else k++;
    }
    return sum;
  }

  /** Whether two articles' dates fit one story's window; an undated article fits any (ADR 12: many pages give no date). */
  withinWindow(a: number, b: number): boolean {
    const x = this.days[a]!;
    const y = this.days[b]!;
    return Number.isNaN(x) || Number.isNaN(y) || Math.abs(x - y) <= STORY_WINDOW_DAYS;
  }

  /**
   * Whether two articles agree on who or what the news is about: each names one of the other's leading
   * names. Two celebrities entering rehab the same week share every other word, not the name.
   */
  namesAgree(a: number, b: number): boolean {
    return this.namesLeadOf(a, b) && this.namesLeadOf(b, a);
  }

  /**
   * Whether one article names what the other leads with: one of its leading names among the other's
   * names or title and lead words. An article with no names asks nothing.
   */
  private namesLeadOf(from: number, into: number): boolean {
    const leadFrom = this.bounds[4 * from + 2]!;
    const leadTo = this.bounds[4 * from + 3]!;
    if (leadFrom === leadTo) return true;
    const namesFrom = this.bounds[4 * into + 3]!;
    const namesTo = this.nameEnds[into]!;
    const termsFrom = this.bounds[4 * into]!;
    const termsTo = this.bounds[4 * into + 1]!;
    for (let i = leadFrom; i < leadTo; i++) {
      const id = this.nameIds[i]!;
      if (holds(this.nameIds, namesFrom, namesTo, id) || holds(this.termIds, termsFrom, termsTo, id)) return true;
    }
    return false;
  }
}
