import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { percentile } from '../bench/bench.js';
import { type FeedServer, startFeedServer } from '../bench/feed-server.js';
import { renderPollerBench, runPollerBench } from '../bench/pollers.js';
import { runPostgresHalf } from '../bench/postgres.js';
import { generatedPool } from '../bench/sources.js';
import { BACKENDS } from './support/backends.js';
import { ADMIN_URL } from './support/postgres.js';

const skipped = BACKENDS.find((b) => b.name === 'postgres')!.skipped;

/** Whether a database of that name is on the server (the bench must drop every one it creates). */
async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length > 0;
  } finally {
    await client.end();
  }
}

// Timings are never asserted (CI runs both benches small); these check that they run and report every figure.
describe.skipIf(skipped)('the PostgreSQL benches', () => {
  it('ingests, answers and cold-starts on a database of its own, dropped afterwards', async () => {
    const located: string[] = [];
    const figures = await runPostgresHalf(
      generatedPool(),
      200,
      ['iran', 'the budget', 'ukraine'],
      { adminUrl: ADMIN_URL, workers: 1, coldStartRuns: 1 },
      {
        answer: async (url) => {
          located.push(url);
          return {
            headlines: [1, 2],
            summary: [3],
            quotes: [4],
            search: [5],
            empty: { headlines: 0, summary: 0, quotes: 0 },
            peakRssMb: 100,
            newestFirstShare: 0.5,
          };
        },
        coldStart: async (url) => (located.push(url), 500),
        percentile,
        say: () => {},
      },
    );
    expect(figures.store).toBe('postgres');
    expect(figures.server).toMatch(/^PostgreSQL \d+/);
    expect(figures.articles + figures.failed).toBe(200);
    expect(figures.ingest_per_s).toBeGreaterThan(0);
    expect(figures.ingest_without_stories_per_s).toBeGreaterThan(0);
    expect(figures.server_cpu_us.with_stories).toBeGreaterThan(0);
    expect(figures.stories).toBeGreaterThan(0);
    expect(figures.db_mb).toBeGreaterThan(0);
    expect(figures.p95_ms.headlines).toBe(2);
    expect(located.every((url) => /^postgres:\/\/.*\/nb_bench_[0-9a-f]{12}$/.test(url))).toBe(true);
    expect(await databaseExists(new URL(located[0]!).pathname.slice(1))).toBe(false);
  }, 120_000);

  it('counts the fetches of every feed on its loopback server', async () => {
    const server: FeedServer = await startFeedServer({ feeds: 3, itemsPerFeed: 2, delayMs: [1, 2] });
    try {
      const feed = await fetch(server.feedUrl(1)).then((r) => r.text());
      expect(feed).toContain('<rss version="2.0">');
      const link = /<link>([^<]+\/article\/1-0\.html)<\/link>/.exec(feed)![1]!;
      expect(await fetch(link).then((r) => r.status)).toBe(200);
      await fetch(server.feedUrl(1));
      expect([...server.feedHits]).toEqual([0, 2, 0]);
      expect(server.pageHits()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('polls every feed once with one and with two processes, and reports the speed-up', async () => {
    const result = await runPollerBench({ feeds: 12, itemsPerFeed: 1, delayMs: [5, 10], processes: [1, 2], adminUrl: ADMIN_URL });
    expect(result.runs.map((r) => r.processes)).toEqual([1, 2]);
    for (const run of result.runs) {
      expect(run.feeds_polled).toBe(12);
      expect(run.failed).toBe(0);
      expect(run.duplicate_fetches).toBe(0);
      expect(run.feeds_not_fetched).toBe(0);
      expect(run.articles_added).toBe(12);
      expect(run.feeds_per_min).toBeGreaterThan(0);
    }
    expect(result.targets.duplicate_fetches!.met).toBe(true);
    expect(renderPollerBench(result)).toContain('duplicate fetches');
  }, 120_000);
});
