/**
 * Newest-first search on PostgreSQL (ADR 10's idea, by time windows; docs/adr/0020-one-storage-seam.md):
 * the full ranking's answer from the newest matches alone, when they prove it. Each match is ranked
 * at most once: a wider window ranks only the slice older than the windows before it, and the best
 * rows so far are merged with that slice's best.
 */
import type { ArticleRef } from '../store.js';

/** A search row with its blended score and what orders ties (sort_ts, rid; bigints come back as strings). */
export type RankedRef = ArticleRef & { rank_score: number; rank_ts: string | number; rank_rid: string | number };

/** Matches published at or after `cut` and, when given, before `before` (ms): one slice of time. */
export interface Slice {
  cut: number;
  before?: number;
}

/**
 * Newest-first windows, in half-lives back from the newest article. Strong matches score near the
 * bound of 1 (search.ts), so a common topic's best dozen are usually proven within the first quarter
 * half-life, whose rows the planner reads through the time index (ADR 32). On the 100,000-page bench
 * database a first window of 0.25 beat 0.1 (one more slice ranked more often), 0.35 and 0.5 (more
 * rows ranked) at p95 (with the older, slowly saturating relevance no small window proved anything).
 */
export const NEWEST_FIRST_WINDOWS = [0.25, 1, 4, 16];

/** The full query's order: best score first, then newest, then the later written. */
export function rankOrder(x: RankedRef, y: RankedRef): number {
  return y.rank_score - x.rank_score || Number(y.rank_ts) - Number(x.rank_ts) || Number(y.rank_rid) - Number(x.rank_rid);
}

/** The best `need` rows of two lists, in rank order. */
function bestOf(kept: readonly RankedRef[], more: readonly RankedRef[], need: number): RankedRef[] {
  return [...kept, ...more].sort(rankOrder).slice(0, need);
}

/**
 * Relevance is below 1 (search.ts), so a match published `age` ago scores below 1 / (1 + age / halfLife).
 * The windows of NEWEST_FIRST_WINDOWS, counted back from `anchor` (the newest article's time, when
 * that is before now: an index nobody has written to for months still starts where its articles
 * are), are ranked a slice at a time; once `need` rows are kept, either the last of them beats what
 * anything older than the window can score (the answer), or its score s says how far back a match
 * can still beat it, halfLife x (1 / s - 1) before now, and the slice back to there is ranked too
 * (anything older scores below s; ties go to the newer). The answer holds whatever the anchor: it
 * only decides where the slices fall. Null when even the widest window holds too few matches: the
 * caller ranks every match.
 */
export async function newestFirst(
  rank: (slice: Slice) => Promise<RankedRef[]>,
  need: number,
  now: number,
  halfLifeMs: number,
  anchor: number = now,
): Promise<RankedRef[] | null> {
  const from = Math.min(now, anchor);
  let kept: RankedRef[] = [];
  let before: number | undefined;
  for (const halfLives of NEWEST_FIRST_WINDOWS) {
    const cut = Math.floor(from - halfLives * halfLifeMs);
    kept = bestOf(kept, await rank({ cut, before }), need);
    before = cut;
    const last = kept[need - 1]?.rank_score;
    if (last === undefined) continue;
    if (last > (1 + 1e-9) / (1 + (now - cut) / halfLifeMs)) return kept;
    if (!(last > 0)) return null;
    const reach = Math.floor(now - halfLifeMs * (1 / last - 1) * (1 + 1e-6));
    return reach < cut ? bestOf(kept, await rank({ cut: reach, before: cut }), need) : kept;
  }
  return null;
}
