/**
 * `npm run bench:pollers [-- --feeds N] [--items K] [--delay-ms LOW-HIGH] [--processes 1,3] [--json] [--pg-admin URL]`:
 * how polling scales with processes on PostgreSQL. A loopback server serves N small feeds (and their
 * articles' pages) after a delay each; for each process count, a fresh database the bench creates
 * (and drops) holds the N feeds, all due, and that many poller processes (bench/poller-child.ts)
 * poll until every feed has been claimed. Reports feeds per minute, the speed-up over one process
 * and the duplicate fetches the server counted (a feed fetched more than once). Table or one JSON line.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openStores } from '../src/store/open.js';
import { renderSection } from './eval/table.js';
import { type FeedServer, startFeedServer } from './feed-server.js';
import type { PollerChildFigures } from './poller-child.js';
import { createBenchDatabase, DEFAULT_PG_ADMIN, serverCpuOf } from './postgres.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface PollerBenchOptions {
  feeds: number;
  itemsPerFeed: number;
  delayMs: [number, number];
  processes: number[];
  adminUrl: string;
  onProgress?: (message: string) => void;
}

export interface PollerRun {
  processes: number;
  feeds_polled: number;
  failed: number;
  seconds: number;
  feeds_per_min: number;
  /** feeds_per_min over the one-process run's (1 for that run). */
  speedup: number;
  /** Fetches of a feed beyond its first, counted by the server; and feeds never fetched. */
  duplicate_fetches: number;
  feeds_not_fetched: number;
  page_fetches: number;
  articles_added: number;
  /** CPU per feed: the poller processes together, and the database server's backends (microseconds). */
  poller_cpu_us_per_feed: number;
  server_cpu_us_per_feed: number;
  failures: string[];
}

export interface PollerBenchResult {
  feeds: number;
  items_per_feed: number;
  delay_ms: [number, number];
  runs: PollerRun[];
  targets: Record<string, { target: string; value: number; met: boolean }>;
}

/** Starts a poller process and resolves once it has opened its stores. */
function startPoller(url: string, port: number): Promise<{ child: ChildProcessWithoutNullStreams; result: Promise<PollerChildFigures> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), join(ROOT, 'bench', 'poller-child.ts'), url, String(port)], {
    cwd: ROOT,
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const result = new Promise<PollerChildFigures>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolvePromise(JSON.parse(last) as PollerChildFigures);
      else reject(new Error(`poller exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
  const ready = new Promise<void>((resolvePromise) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) resolvePromise();
    });
  });
  return Promise.race([ready, result.then(() => {})]).then(() => ({ child, result }));
}

/** A fresh database with every feed subscribed by the operator and due now. */
async function databaseWithFeeds(adminUrl: string, server: FeedServer, count: number) {
  const db = await createBenchDatabase(adminUrl);
  const stores = await openStores(db.url);
  try {
    const now = Date.now();
    for (let i = 0; i < count; i += 50) {
      const batch = Array.from({ length: Math.min(50, count - i) }, (_, k) => i + k);
      await Promise.all(
        batch.map((f) => stores.feeds.addFeed({ guildId: null, url: server.feedUrl(f), origin: 'cli', intervalMs: 600_000 }, now)),
      );
    }
  } catch (error) {
    await stores.close();
    await db.drop();
    throw error;
  }
  await stores.close();
  return db;
}

/** One run: `processes` pollers on a fresh database, started together, until all are done. */
async function pollRun(server: FeedServer, processes: number, options: PollerBenchOptions): Promise<Omit<PollerRun, 'speedup'>> {
  server.reset();
  const db = await databaseWithFeeds(options.adminUrl, server, options.feeds);
  try {
    const port = Number(new URL(server.feedUrl(0)).port);
    const pollers = await Promise.all(Array.from({ length: processes }, () => startPoller(db.url, port)));
    const serverCpu = await serverCpuOf(db.url).start();
    for (const { child } of pollers) child.stdin.write('go\n');
    const figures = await Promise.all(pollers.map((p) => p.result));
    const serverUs = await serverCpu.usedUs();
    const seconds = (Math.max(...figures.map((f) => f.endedAt)) - Math.min(...figures.map((f) => f.startedAt))) / 1000;
    const polled = figures.reduce((sum, f) => sum + f.feeds, 0);
    const hits = [...server.feedHits];
    return {
      processes,
      feeds_polled: polled,
      failed: figures.reduce((sum, f) => sum + f.failed, 0),
      seconds,
      feeds_per_min: (polled / seconds) * 60,
      duplicate_fetches: hits.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      feeds_not_fetched: hits.filter((n) => n === 0).length,
      page_fetches: server.pageHits(),
      articles_added: figures.reduce((sum, f) => sum + f.articlesAdded, 0),
      poller_cpu_us_per_feed: figures.reduce((sum, f) => sum + f.cpuUs, 0) / Math.max(1, polled),
      server_cpu_us_per_feed: serverUs / Math.max(1, polled),
      failures: figures.flatMap((f) => f.failures).slice(0, 3),
    };
  } finally {
    await db.drop();
  }
}

export async function runPollerBench(options: PollerBenchOptions): Promise<PollerBenchResult> {
  const say = options.onProgress ?? (() => {});
  const server = await startFeedServer({ feeds: options.feeds, itemsPerFeed: options.itemsPerFeed, delayMs: options.delayMs });
  const runs: PollerRun[] = [];
  try {
    for (const processes of options.processes) {
      say(`${processes} poller process${processes === 1 ? '' : 'es'} on ${options.feeds} feeds...`);
      const run = await pollRun(server, processes, options);
      runs.push({ ...run, speedup: runs[0] ? run.feeds_per_min / runs[0].feeds_per_min : 1 });
      say(`  ${run.feeds_per_min.toFixed(0)} feeds/min, ${run.duplicate_fetches} duplicate fetches`);
    }
  } finally {
    await server.close();
  }
  const best = runs.at(-1)!;
  const duplicates = runs.reduce((sum, r) => sum + r.duplicate_fetches + r.feeds_not_fetched, 0);
  return {
    feeds: options.feeds,
    items_per_feed: options.itemsPerFeed,
    delay_ms: options.delayMs,
    runs,
    targets: {
      speedup: { target: `>= 2.5x one process with ${best.processes}`, value: best.speedup, met: best.speedup >= 2.5 },
      duplicate_fetches: { target: '0, and every feed fetched', value: duplicates, met: duplicates === 0 },
    },
  };
}

export function renderPollerBench(r: PollerBenchResult): string {
  const fixed = (value: number, digits = 0) => value.toFixed(digits);
  return renderSection({
    title: `newsbrief poller bench: ${r.feeds} feeds of ${r.items_per_feed} items, each answer after ${r.delay_ms[0]}-${r.delay_ms[1]} ms, PostgreSQL`,
    columns: [
      'processes',
      'feeds polled',
      'failed',
      'seconds',
      'feeds/min',
      'speed-up',
      'duplicate fetches',
      'not fetched',
      'pages',
      'CPU/feed: pollers / server (us)',
    ],
    rows: r.runs.map((run) => [
      String(run.processes),
      String(run.feeds_polled),
      String(run.failed),
      fixed(run.seconds, 1),
      fixed(run.feeds_per_min),
      `${fixed(run.speedup, 2)}x`,
      String(run.duplicate_fetches),
      String(run.feeds_not_fetched),
      String(run.page_fetches),
      `${fixed(run.poller_cpu_us_per_feed)} / ${fixed(run.server_cpu_us_per_feed)}`,
    ]),
    notes: [
      ...Object.values(r.targets).map((t) => `target ${t.target}: ${fixed(t.value, 2)} ${t.met ? 'met' : 'MISSED'}`),
      ...r.runs.flatMap((run) => run.failures.map((reason) => `a failure (${run.processes} processes): ${reason}`)),
    ],
  });
}

function parseDelay(text: string): [number, number] {
  const [low, high] = text.split('-').map(Number);
  if (!Number.isFinite(low) || !Number.isFinite(high ?? low) || low! < 0)
    throw new Error(`--delay-ms expects LOW-HIGH in milliseconds, got "${text}"`);
  return [low!, high ?? low!];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      feeds: { type: 'string', default: '5000' },
      items: { type: 'string', default: '2' },
      'delay-ms': { type: 'string', default: '20-50' },
      processes: { type: 'string', default: '1,3' },
      json: { type: 'boolean', default: false },
      'pg-admin': { type: 'string', default: DEFAULT_PG_ADMIN },
    },
  });
  const feeds = Number(values.feeds);
  const processes = values.processes.split(',').map(Number);
  if (!Number.isInteger(feeds) || feeds < 1) throw new Error(`--feeds expects a whole number, got "${values.feeds}"`);
  if (processes.some((p) => !Number.isInteger(p) || p < 1 || p > 16))
    throw new Error(`--processes expects counts 1 to 16, e.g. 1,3; got "${values.processes}"`);
  const result = await runPollerBench({
    feeds,
    itemsPerFeed: Number(values.items),
    delayMs: parseDelay(values['delay-ms']),
    processes,
    adminUrl: values['pg-admin'],
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${renderPollerBench(result)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:pollers: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
