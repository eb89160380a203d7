/**
 * The body-extraction metric of scrapinghub's article-extraction-benchmark: 4-word shingles as
 * multisets, per-page precision and recall averaged over pages, F1 of the two averages.
 */

/** Python's `\w` in Unicode mode (letters, numbers, underscore), so figures match the benchmark's. */
const WORD = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

/** One page's matched, extra and missed shingles, normalised to sum to 1 so long pages weigh no more. */
export interface ShingleCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface ShingleScores {
  precision: number;
  recall: number;
  f1: number;
  pages: number;
}

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Multiset of shingles; a text shorter than a shingle is one short shingle, as in the benchmark. */
export function shingles(text: string, size = SHINGLE_SIZE): Map<string, number> {
  const tokens = words(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - size + 1);
  for (let i = 0; i < last; i++) {
    const shingle = tokens.slice(i, i + size);
    if (shingle.length === 0) continue;
    const key = shingle.join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Compares one page's extracted body with its truth body. */
export function shingleMatch(truth: string, output: string): ShingleCounts {
  const want = shingles(truth);
  const got = shingles(output);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, g] of got) {
    const w = want.get(key) ?? 0;
    tp += Math.min(w, g);
    fp += Math.max(0, g - w);
  }
  for (const [key, w] of want) fn += Math.max(0, w - (got.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

function precisionOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Averages per-page counts: precision over pages with output, recall over pages with a truth body. */
export function scoresFromCounts(pages: ShingleCounts[]): ShingleScores {
  const precision = mean(pages.filter((c) => c.tp + c.fp > 0).map(precisionOf));
  const recall = mean(pages.filter((c) => c.tp + c.fn > 0).map(recallOf));
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, pages: pages.length };
}

/**
 * Scores extracted bodies against truth bodies, both keyed by page id. Only ids in `truth` count;
 * an id missing from `output` counts as an empty extraction.
 */
export function shingleScores(truth: Map<string, string>, output: Map<string, string>): ShingleScores {
  const counts: ShingleCounts[] = [];
  for (const [id, body] of truth) counts.push(shingleMatch(body, output.get(id) ?? ''));
  return scoresFromCounts(counts);
}
