/**
 * The PostgreSQL half of `npm run bench -- --store postgres`: the same corpus ingested into a
 * database the bench creates on the server (and drops afterwards, whatever happens), the same
 * topics answered in a separate process, the same cold start, with the same targets. The server's
 * own CPU is measured too (its backends for this database, read from /proc), since with PostgreSQL
 * much of an ingest's work is not in the bench's process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { AnswerTimings } from './answer.js';
import type { EvalSection } from './eval/table.js';
import { type IngestFigures, ingestCorpus } from './ingest.js';
import type { SourcePool } from './sources.js';

/** The server the bench creates its databases on; never a database it did not create. */
export const DEFAULT_PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

type ByKind = { headlines: number; summary: number; quotes: number };

/** The figures of one store, as the top level of BenchResult has them for SQLite. */
export interface StoreFigures {
  store: 'postgres';
  /** The server's version string, e.g. "PostgreSQL 15.10". */
  server: string;
  articles: number;
  failed: number;
  ingest_per_s: number;
  ingest_s: number;
  ingest_without_stories_per_s: number;
  /** CPU per page of the bench's process (all threads), microseconds. */
  ingest_cpu_us: { with_stories: number; without_stories: number };
  /** CPU per page of the server's backends for the ingest's database, microseconds (background writers excluded). */
  server_cpu_us: { with_stories: number; without_stories: number };
  stories: number;
  db_mb: number;
  p50_ms: ByKind;
  p95_ms: ByKind;
  p99_ms: ByKind;
  empty_answers: ByKind;
  peak_rss_mb: number;
  cold_start_ms: number;
  search: { p50_ms: number; p95_ms: number; newest_first_share: number };
}

/** What the PostgreSQL half borrows from bench.ts: the answering child, the cold start, percentiles. */
export interface PostgresHalfDeps {
  answer(location: string): Promise<AnswerTimings>;
  coldStart(location: string): Promise<number>;
  percentile(values: readonly number[], p: number): number;
  say(message: string): void;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new database nb_bench_<random> on the admin URL's server: its URL, and how to drop it. */
export async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nb_bench_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  return { url: url.toString(), drop };
}

/** CPU (user + system) of a process so far, microseconds; 0 when it is gone or /proc is not there. */
function processCpuUs(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks of 1/100 s (USER_HZ on Linux)
  } catch {
    return 0;
  }
}

/** The server processes connected to a database (the asking connection's own excluded), with their CPU so far. */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const pids = await withClient(url, (client) =>
    client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
  );
  return new Map(pids.rows.map((row) => [row.pid, processCpuUs(row.pid)]));
}

/**
 * Measures the CPU the database's backends use between start() and usedUs(): sampled every 250 ms,
 * so a backend that ends meanwhile (a pool closed) still counts; one new since start counts from 0.
 */
export function serverCpuOf(url: string) {
  return {
    async start() {
      const before = await backendCpu(url);
      const last = new Map(before);
      const sample = async () => {
        for (const [pid, us] of await backendCpu(url).catch(() => new Map<number, number>())) last.set(pid, us);
      };
      let sampling = Promise.resolve();
      const timer = setInterval(() => (sampling = sampling.then(sample)), 250);
      return {
        async usedUs(): Promise<number> {
          clearInterval(timer);
          await sampling;
          await sample();
          return [...last].reduce((sum, [pid, us]) => sum + Math.max(0, us - (before.get(pid) ?? 0)), 0);
        },
      };
    },
  };
}

/** Stories, size and server version of a built database. */
async function databaseFacts(url: string): Promise<{ stories: number; mb: number; server: string }> {
  return withClient(url, async (client) => {
    const stories = await client.query<{ n: string }>('SELECT count(DISTINCT coalesce(story, rid)) AS n FROM articles');
    const size = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    const version = await client.query<{ v: string }>(
      `SELECT split_part(version(), ' ', 1) || ' ' || current_setting('server_version') AS v`,
    );
    return { stories: Number(stories.rows[0]!.n), mb: Number(size.rows[0]!.bytes) / 2 ** 20, server: version.rows[0]!.v };
  });
}

/** Ingests the corpus into a fresh database of its own, dropped afterwards unless kept. */
async function ingestInto(adminUrl: string, pool: SourcePool, n: number, options: { workers: number; stories: boolean; keep: boolean }) {
  const db = await createBenchDatabase(adminUrl);
  let figures: IngestFigures;
  try {
    figures = await ingestCorpus(pool, n, db.url, { workers: options.workers, stories: options.stories, serverCpu: serverCpuOf(db.url) });
  } catch (error) {
    await db.drop();
    throw error;
  }
  if (options.keep) return { figures, db };
  await db.drop();
  return { figures, db: null };
}

/**
 * Runs the whole PostgreSQL half on the corpus and topics the SQLite half used: ingest with and
 * without story grouping, answers, cold start. Its databases are dropped before it returns.
 */
export async function runPostgresHalf(
  pool: SourcePool,
  n: number,
  _topics: string[],
  options: { adminUrl: string; workers: number; coldStartRuns: number },
  deps: PostgresHalfDeps,
): Promise<StoreFigures> {
  deps.say('PostgreSQL: ingest...');
  const { figures: ingest, db } = await ingestInto(options.adminUrl, pool, n, { workers: options.workers, stories: true, keep: true });
  try {
    deps.say(`PostgreSQL ingest: ${ingest.ingestPerS.toFixed(0)} articles/s; again without story grouping...`);
    const { figures: plain } = await ingestInto(options.adminUrl, pool, n, { workers: options.workers, stories: false, keep: false });
    deps.say('PostgreSQL: answering...');
    const answers = await deps.answer(db!.url);
    const coldStartMs = await deps.coldStart(db!.url);
    return figuresOf(ingest, plain, answers, coldStartMs, await databaseFacts(db!.url), deps.percentile);
  } finally {
    await db!.drop();
  }
}

function figuresOf(
  ingest: IngestFigures,
  plain: IngestFigures,
  answers: AnswerTimings,
  coldStartMs: number,
  facts: { stories: number; mb: number; server: string },
  percentile: PostgresHalfDeps['percentile'],
): StoreFigures {
  const byKind = (p: number): ByKind => ({
    headlines: percentile(answers.headlines, p),
    summary: percentile(answers.summary, p),
    quotes: percentile(answers.quotes, p),
  });
  return {
    store: 'postgres',
    server: facts.server,
    articles: ingest.articles,
    failed: ingest.failed,
    ingest_per_s: ingest.ingestPerS,
    ingest_s: ingest.ingestSeconds,
    ingest_without_stories_per_s: plain.ingestPerS,
    ingest_cpu_us: { with_stories: ingest.cpuPerPageUs, without_stories: plain.cpuPerPageUs },
    server_cpu_us: { with_stories: ingest.serverCpuPerPageUs, without_stories: plain.serverCpuPerPageUs },
    stories: facts.stories,
    db_mb: facts.mb,
    p50_ms: byKind(50),
    p95_ms: byKind(95),
    p99_ms: byKind(99),
    empty_answers: answers.empty,
    peak_rss_mb: answers.peakRssMb,
    cold_start_ms: coldStartMs,
    search: {
      p50_ms: percentile(answers.search, 50),
      p95_ms: percentile(answers.search, 95),
      newest_first_share: answers.newestFirstShare,
    },
  };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
const triple = (p50: ByKind, p95: ByKind, p99: ByKind, kind: keyof ByKind) =>
  `${fixed(p50[kind])} / ${fixed(p95[kind])} / ${fixed(p99[kind])}`;

/** The side-by-side table: SQLite's figures (the top level of the result) beside PostgreSQL's. */
export function postgresSection(
  sqlite: Omit<StoreFigures, 'store' | 'server' | 'server_cpu_us' | 'search'>,
  pg: StoreFigures,
  mark: (figures: 'sqlite' | 'postgres', key: string) => string,
): EvalSection {
  const row = (label: string, value: (f: typeof sqlite) => string, key = '') => [
    label,
    value(sqlite),
    value(pg),
    key ? `${mark('sqlite', key)} | ${mark('postgres', key)}` : '',
  ];
  return {
    title: `SQLite and ${pg.server}, same pages and topics, same run (${pg.articles} stored)`,
    columns: ['measure', 'SQLite', 'PostgreSQL', 'targets (SQLite | PostgreSQL)'],
    rows: [
      row('ingest (articles/s)', (f) => fixed(f.ingest_per_s, 0), 'ingest_per_s'),
      row('ingest without story grouping (articles/s)', (f) => fixed(f.ingest_without_stories_per_s, 0), 'stories_ingest_ratio'),
      [
        'ingest CPU per page: bench process / database server (us)',
        `${fixed(sqlite.ingest_cpu_us.with_stories, 0)} / in process`,
        `${fixed(pg.ingest_cpu_us.with_stories, 0)} / ${fixed(pg.server_cpu_us.with_stories, 0)}`,
        '',
      ],
      row('stories', (f) => String(f.stories)),
      row('database size (MB)', (f) => fixed(f.db_mb)),
      row('/headlines p50 / p95 / p99 (ms)', (f) => triple(f.p50_ms, f.p95_ms, f.p99_ms, 'headlines'), 'headlines_p95_ms'),
      row('/summary p50 / p95 / p99 (ms)', (f) => triple(f.p50_ms, f.p95_ms, f.p99_ms, 'summary'), 'summary_p95_ms'),
      row('/quotes p50 / p95 / p99 (ms)', (f) => triple(f.p50_ms, f.p95_ms, f.p99_ms, 'quotes'), 'quotes_p95_ms'),
      row(
        'empty answers: headlines / summary / quotes',
        (f) => `${f.empty_answers.headlines} / ${f.empty_answers.summary} / ${f.empty_answers.quotes}`,
      ),
      row('peak RSS while answering (MB)', (f) => fixed(f.peak_rss_mb, 0), 'peak_rss_mb'),
      row('cold start to first answer (ms)', (f) => fixed(f.cold_start_ms, 0), 'cold_start_ms'),
      [
        'search p50 / p95 (ms); answered from the newest matches (%)',
        '',
        `${fixed(pg.search.p50_ms, 2)} / ${fixed(pg.search.p95_ms, 2)}; ${fixed(100 * pg.search.newest_first_share, 0)}`,
        '',
      ],
    ],
    notes: ['PostgreSQL server CPU = its backends for the bench database (/proc), without the WAL writer, checkpointer and autovacuum.'],
  };
}
