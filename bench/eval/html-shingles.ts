/** The article-extraction-benchmark body metric: 4-word shingles as multisets, precision/recall per page. */

// Python's `\w` with re.UNICODE: letters, digits (incl. other numerics), marks and the underscore.
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/** Shingle counts of a text; a text shorter than n words is one shingle, an empty text is the empty shingle. */
export function shingles(text: string, n = 4): Map<string, number> {
  const words = text.match(WORD) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, words.length - n + 1);
  for (let i = 0; i < last; i++) {
    const key = words.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface ShingleScore {
  precision: number;
  recall: number;
}

/** Per-page precision and recall of an output body against the truth body. */
export function scoreBody(output: string, truth: string, n = 4): ShingleScore {
  const out = shingles(output, n);
  const gold = shingles(truth, n);
  let common = 0;
  let outTotal = 0;
  let goldTotal = 0;
  for (const [key, count] of out) {
    outTotal += count;
    common += Math.min(count, gold.get(key) ?? 0);
  }
  for (const count of gold.values()) goldTotal += count;
  return { precision: outTotal ? common / outTotal : 0, recall: goldTotal ? common / goldTotal : 0 };
}

export interface ShingleSummary extends ShingleScore {
  f1: number;
  pages: number;
}

/** Averages precision and recall over pages, then takes the F1 of the two averages. */
export function summarizeScores(scores: ShingleScore[]): ShingleSummary {
  const pages = scores.length;
  const precision = pages ? scores.reduce((sum, s) => sum + s.precision, 0) / pages : 0;
  const recall = pages ? scores.reduce((sum, s) => sum + s.recall, 0) / pages : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, pages };
}
