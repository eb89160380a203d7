/**
 * `npm run bench [-- --n N] [--json] [--corpus DIR | --generated] [--workers W] [--story-pairs K] [--out FILE]`: builds a corpus of
 * N articles, cleans and ingests it into a fresh database, answers 300 mixed topics in a separate
 * process (latency, peak RSS), times a cold start of the CLI, and measures HTML extraction against
 * Readability and search against MiniSearch side by side. Prints one table, or one JSON object.
 * `--store postgres [--pg-admin URL]` also runs the ingest, answers and cold start on PostgreSQL, in a
 * database the bench creates and drops, beside SQLite (bench/postgres.ts; the result's `postgres`).
 * `npm run bench -- --scaling [--quotes N] [--json]` instead checks that building an article grows in
 * proportion to its text (bench/scaling.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { AnswerTimings } from './answer.js';
import { CORPUS_NOW } from './corpus.js';
import { compareHtml, type HtmlComparison } from './html-peer.js';
import { type IngestFigures, ingestCorpus } from './ingest.js';
import type { PeerSearchResult } from './minisearch.js';
import { DEFAULT_PG_ADMIN, runPostgresHalf, type StoreFigures } from './postgres.js';
import { renderBench } from './render.js';
import { scalingMain } from './scaling.js';
import { generatedPool, loadCorpusPool, type SourcePool } from './sources.js';
import { morePairs, type StoryRuns, storyRatio, warmUp } from './story-pairs.js';
import { pickTopics } from './topics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUN = join(ROOT, 'bin', 'run.js');

export { renderBench };

export interface BenchOptions {
  n: number;
  /** Corpus folder to recombine; null for the built-in generator. */
  corpus: string | null;
  workers: number;
  topics?: number;
  /** Cold starts timed (the median is reported); default 3. */
  coldStartRuns?: number;
  /** Database file; a fresh temporary one (removed afterwards) when absent. */
  db?: string;
  /** Also run on PostgreSQL: the server URL the bench creates (and drops) its databases through. */
  postgres?: { adminUrl: string };
  /**
   * Ingests with and without story grouping, in pairs ordered with-without, without-with, ... (default
   * 1): on a shared machine the load moves between runs, and alternating cancels its drift.
   */
  storyPairs?: number;
  onProgress?: (message: string) => void;
}

type ByKind = { headlines: number; summary: number; quotes: number };

export interface BenchResult {
  n: number;
  corpus: string;
  articles: number;
  failed: number;
  avg_page_kb: number;
  workers: number;
  clean_per_s: number;
  ingest_per_s: number;
  ingest_s: number;
  /** The same pages ingested side by side with story grouping off (ADR 19: grouping may cost at most 10%). */
  ingest_without_stories_per_s: number;
  /** CPU (all threads) per page of each ingest, microseconds: the grouping's cost when the machine's load moves the rates. */
  ingest_cpu_us: { with_stories: number; without_stories: number };
  /** Every ingest's rate when `--story-pairs` ran more than one pair (the ratio target then compares their means). */
  ingest_story_runs?: StoryRuns;
  /** Stories the articles were grouped into. */
  stories: number;
  db_mb: number;
  topics: number;
  p50_ms: ByKind;
  p95_ms: ByKind;
  p99_ms: ByKind;
  empty_answers: ByKind;
  peak_rss_mb: number;
  cold_start_ms: number;
  html: HtmlComparison & { ratio_note: string };
  search: {
    newsbrief_p50_ms: number;
    newsbrief_p95_ms: number;
    minisearch_p50_ms: number;
    minisearch_p95_ms: number;
    /** MiniSearch p95 / newsbrief p95: above 1 means newsbrief answers faster. */
    speed_ratio: number;
    /** Peak RSS of the whole answering process (SQLite pages included). */
    newsbrief_rss_mb: number;
    minisearch_index_heap_mb: number;
    minisearch_rss_mb: number;
    /** MiniSearch process RSS / newsbrief answering process peak RSS. */
    memory_ratio: number;
    minisearch_build_s: number;
    /** Share of newsbrief's searches answered from the newest matches alone (provably the same answer). */
    newest_first_share: number;
  };
  targets: Targets;
  /** The same figures on PostgreSQL, same pages and topics (only with --store postgres). */
  postgres?: StoreFigures & { targets: Targets };
}

type Targets = Record<string, { target: string; value: number; met: boolean }>;
/** What the targets are judged on, for either store. */
type TargetFigures = Pick<
  BenchResult,
  'ingest_per_s' | 'ingest_without_stories_per_s' | 'ingest_story_runs' | 'p95_ms' | 'peak_rss_mb' | 'cold_start_ms'
>;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs a bench script in its own process and parses the JSON line it prints. */
function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [RUN, join(ROOT, 'bench', script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      try {
        resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '') as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Process start to the first byte of an answer: `newsbrief headlines TOPIC --json` on the built database. */
function coldStartOnce(dbPath: string, topic: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'newsbrief.js'), 'headlines', topic, '--json', '--db', dbPath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DISCORD_TOKEN: '' },
    });
    let answered = 0;
    child.stdout.once('data', () => (answered = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && answered > 0 ? resolvePromise(answered) : reject(new Error(`cold start run exited with ${code}`)),
    );
  });
}

async function coldStart(dbPath: string, topic: string, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await coldStartOnce(dbPath, topic));
  return percentile(times, 50);
}

/** Stories in a bench database (each article's story: its own when it founded one). */
function countStories(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(DISTINCT coalesce(story, rowid)) AS n FROM articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function fileMb(path: string): number {
  return ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0) / 2 ** 20;
}

const byKind = (t: AnswerTimings, p: number): ByKind => ({
  headlines: percentile(t.headlines, p),
  summary: percentile(t.summary, p),
  quotes: percentile(t.quotes, p),
});

function targets(r: TargetFigures): Targets {
  const t = (target: string, value: number, met: boolean) => ({ target, value, met });
  return {
    ingest_per_s: t('>= 2000 articles/s', r.ingest_per_s, r.ingest_per_s >= 2000),
    stories_ingest_ratio: t('>= 0.90 of ingest without grouping', storyRatio(r), storyRatio(r) >= 0.9),
    headlines_p95_ms: t('<= 20 ms', r.p95_ms.headlines, r.p95_ms.headlines <= 20),
    quotes_p95_ms: t('<= 20 ms', r.p95_ms.quotes, r.p95_ms.quotes <= 20),
    summary_p95_ms: t('<= 50 ms', r.p95_ms.summary, r.p95_ms.summary <= 50),
    peak_rss_mb: t('<= 300 MB', r.peak_rss_mb, r.peak_rss_mb <= 300),
    cold_start_ms: t('<= 1000 ms', r.cold_start_ms, r.cold_start_ms <= 1000),
  };
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const say = options.onProgress ?? (() => {});
  const pool = (options.corpus && loadCorpusPool(options.corpus)) || generatedPool();
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-'));
  const dbPath = options.db ?? join(dir, 'bench.db');
  try {
    say(`corpus: ${options.n} pages from ${pool.origin} (${pool.articles.length} articles, ${pool.dumps.length} page dumps)`);
    await warmUp(pool, options, dir);
    const progressEvery = Math.max(1000, Math.floor(options.n / 10));
    let reported = 0;
    const ingest: IngestFigures = await ingestCorpus(pool, options.n, dbPath, {
      workers: options.workers,
      onProgress: (done) => {
        if (done - reported >= progressEvery) say(`ingested ${(reported = done)}/${options.n}`);
      },
    });
    say(`ingest: ${ingest.ingestPerS.toFixed(0)} articles/s; again without story grouping...`);
    const plainPath = join(dir, 'no-stories.db');
    const plain = await ingestCorpus(pool, options.n, plainPath, { workers: options.workers, stories: false });
    rmSync(plainPath, { force: true });
    say(`ingest without stories: ${plain.ingestPerS.toFixed(0)} articles/s`);
    const storyRuns = await morePairs(pool, options, dir, { with_stories: [ingest.ingestPerS], without_stories: [plain.ingestPerS] }, say);
    say('answering...');
    const topics = await pickTopics(dbPath, options.topics ?? 300);
    const topicsPath = join(dir, 'topics.json');
    writeFileSync(topicsPath, JSON.stringify(topics));
    const answers = await runChild<AnswerTimings>('answer.ts', [dbPath, topicsPath, String(CORPUS_NOW)]);
    say('cold start...');
    const coldStartMs = await coldStart(dbPath, topics[0] ?? 'iran', options.coldStartRuns ?? 3);
    const postgres = options.postgres ? await postgresHalf(pool, topics, options, options.postgres.adminUrl) : undefined;
    say('MiniSearch over the same articles...');
    const peer = await runChild<PeerSearchResult>('minisearch.ts', [dbPath, topicsPath]);
    say(`HTML extraction against Readability on ${pool.html.length} pages...`);
    const html = compareHtml(pool.html);
    const ourP95 = percentile(answers.search, 95);
    const result: Omit<BenchResult, 'targets'> = {
      n: options.n,
      corpus: pool.origin,
      articles: ingest.articles,
      failed: ingest.failed,
      avg_page_kb: ingest.avgPageKb,
      workers: ingest.workers,
      clean_per_s: ingest.cleanPerS,
      ingest_per_s: ingest.ingestPerS,
      ingest_s: ingest.ingestSeconds,
      ingest_without_stories_per_s: plain.ingestPerS,
      ingest_cpu_us: { with_stories: ingest.cpuPerPageUs, without_stories: plain.cpuPerPageUs },
      ...(storyRuns.with_stories.length > 1 ? { ingest_story_runs: storyRuns } : {}),
      stories: countStories(dbPath),
      db_mb: fileMb(dbPath),
      topics: topics.length,
      p50_ms: byKind(answers, 50),
      p95_ms: byKind(answers, 95),
      p99_ms: byKind(answers, 99),
      empty_answers: answers.empty,
      peak_rss_mb: answers.peakRssMb,
      cold_start_ms: coldStartMs,
      html: { ...html, ratio_note: 'newsbrief pages/s over Readability pages/s (linkedom parse included)' },
      search: {
        newsbrief_p50_ms: percentile(answers.search, 50),
        newsbrief_p95_ms: ourP95,
        minisearch_p50_ms: percentile(peer.queryMs, 50),
        minisearch_p95_ms: percentile(peer.queryMs, 95),
        speed_ratio: ourP95 > 0 ? percentile(peer.queryMs, 95) / ourP95 : 0,
        newsbrief_rss_mb: answers.peakRssMb,
        minisearch_index_heap_mb: peer.indexHeapMb,
        minisearch_rss_mb: peer.rssMb,
        memory_ratio: answers.peakRssMb > 0 ? peer.rssMb / answers.peakRssMb : 0,
        minisearch_build_s: peer.buildMs / 1000,
        newest_first_share: answers.newestFirstShare,
      },
    };
    return { ...result, targets: targets(result), ...(postgres ? { postgres } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true }); // a --db file lives elsewhere and is kept
  }
}

/** The PostgreSQL half on the same pages and topics, with the answering child and cold start pointed at its URL. */
async function postgresHalf(
  pool: SourcePool,
  topics: string[],
  options: BenchOptions,
  adminUrl: string,
): Promise<StoreFigures & { targets: Targets }> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-bench-pg-'));
  try {
    const topicsPath = join(dir, 'topics.json');
    writeFileSync(topicsPath, JSON.stringify(topics));
    const figures = await runPostgresHalf(
      pool,
      options.n,
      topics,
      { adminUrl, workers: options.workers, coldStartRuns: options.coldStartRuns ?? 3 },
      {
        answer: (url) => runChild<AnswerTimings>('answer.ts', [url, topicsPath, String(CORPUS_NOW)]),
        coldStart: (url) => coldStart(url, topics[0] ?? 'iran', options.coldStartRuns ?? 3),
        percentile,
        say: options.onProgress ?? (() => {}),
      },
    );
    return { ...figures, targets: targets(figures) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--scaling')) {
    process.exitCode = await scalingMain(process.argv.slice(2));
    return;
  }
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      n: { type: 'string', default: '100000' },
      json: { type: 'boolean', default: false },
      corpus: { type: 'string', default: '../shared/corpus' },
      generated: { type: 'boolean', default: false },
      workers: { type: 'string', default: String(Math.max(1, availableParallelism() - 1)) },
      db: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string', default: 'sqlite' },
      'pg-admin': { type: 'string', default: DEFAULT_PG_ADMIN },
      'story-pairs': { type: 'string', default: '1' },
    },
  });
  const storyPairs = Number(values['story-pairs']);
  if (!Number.isInteger(storyPairs) || storyPairs < 1 || storyPairs > 10)
    throw new Error(`--story-pairs expects 1 to 10, got "${values['story-pairs']}"`);
  const n = Number(values.n);
  const workers = Number(values.workers);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--n expects a whole number of articles, got "${values.n}"`);
  if (!Number.isInteger(workers) || workers < 0 || workers > 16) throw new Error(`--workers expects 0 to 16, got "${values.workers}"`);
  if (values.store !== 'sqlite' && values.store !== 'postgres')
    throw new Error(`--store expects sqlite or postgres (which runs beside SQLite), got "${values.store}"`);
  const corpus = values.generated ? null : resolve(values.corpus);
  const result = await runBench({
    n,
    corpus: corpus && existsSync(corpus) ? corpus : null,
    workers,
    db: values.db ? resolve(values.db) : undefined,
    postgres: values.store === 'postgres' ? { adminUrl: values['pg-admin'] } : undefined,
    storyPairs,
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  if (values.out) writeFileSync(resolve(values.out), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${renderBench(result)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
