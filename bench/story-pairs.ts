/**
 * Ingest with and without story grouping, side by side (ADR 19: grouping may cost at most 10%): an
 * untimed warm-up first, then pairs in alternating order, compared by the means of their rates.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCorpus } from './ingest.js';
import type { SourcePool } from './sources.js';

/** Every ingest's rate, articles/s, with grouping and without. */
export interface StoryRuns {
  with_stories: number[];
  without_stories: number[];
}

/** What the pairs need of the bench's options. */
interface PairOptions {
  n: number;
  workers: number;
  storyPairs?: number;
}

/** The rates a ratio is read from: one pair's, or every pair's when several ran. */
interface RatioFigures {
  ingest_per_s: number;
  ingest_without_stories_per_s: number;
  ingest_story_runs?: StoryRuns;
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Ingest with grouping over ingest without: the means of every pair's runs when several ran, else the one pair. */
export function storyRatio(r: RatioFigures): number {
  const runs = r.ingest_story_runs;
  return runs ? mean(runs.with_stories) / mean(runs.without_stories) : r.ingest_per_s / r.ingest_without_stories_per_s;
}

/** Pages of the untimed ingest that comes first. */
const WARM_UP_PAGES = 500;

/**
 * An untimed small ingest first (grouping on, so its thread's modules load too): the first ingest in a
 * process loads and compiles the worker threads' modules, which cost the timed run that came first
 * seconds the others did not pay (1,000 pages: 6.7 s first, 2.1 s again).
 */
export async function warmUp(pool: SourcePool, options: PairOptions, dir: string): Promise<void> {
  const path = join(dir, 'warm-up.db');
  await ingestCorpus(pool, Math.min(WARM_UP_PAGES, options.n), path, { workers: options.workers, stories: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** The further pairs of ingests with and without grouping (`storyPairs`), each pair in the opposite order of the one before. */
export async function morePairs(
  pool: SourcePool,
  options: PairOptions,
  dir: string,
  runs: StoryRuns,
  say: (message: string) => void,
): Promise<StoryRuns> {
  for (let pair = 1; pair < (options.storyPairs ?? 1); pair++) {
    for (const stories of pair % 2 === 1 ? [false, true] : [true, false]) {
      const path = join(dir, `pair-${pair}-${stories ? 'with' : 'without'}.db`);
      const run = await ingestCorpus(pool, options.n, path, { workers: options.workers, stories });
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      (stories ? runs.with_stories : runs.without_stories).push(run.ingestPerS);
      say(`pair ${pair + 1}, ${stories ? 'with' : 'without'} story grouping: ${run.ingestPerS.toFixed(0)} articles/s`);
    }
  }
  return runs;
}
