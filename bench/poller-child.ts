/**
 * One poller process of the poller benchmark: opens the PostgreSQL stores and the app's source
 * dependencies (page building on a worker thread, as `newsbrief start` has them), says "ready",
 * waits for "go" on stdin (so every process starts at once), then polls due feeds round after round
 * until none is left to claim, and prints its figures as one JSON line.
 *
 * usage: node bin/run.js bench/poller-child.ts POSTGRES_URL FEED_SERVER_PORT
 */
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config.js';
import { pollDue, sourcesDeps } from '../src/news/sources.js';
import { openStores } from '../src/store/open.js';

export interface PollerChildFigures {
  /** Feeds this process polled, and how many of those failed. */
  feeds: number;
  failed: number;
  /** Rounds of pollDue (each claims up to 100 due feeds). */
  rounds: number;
  articlesAdded: number;
  /** Wall clock (ms since the epoch) when polling began and ended, to line the processes up. */
  startedAt: number;
  endedAt: number;
  /** CPU of this process, all threads, microseconds. */
  cpuUs: number;
  /** The first failures' reasons, for the report. */
  failures: string[];
}

/** Polls until a round finds nothing due this process can claim (others may still hold theirs). */
async function pollUntilDone(url: string, port: number): Promise<Omit<PollerChildFigures, 'startedAt' | 'endedAt' | 'cpuUs'>> {
  // The loopback server is allowed on its port only, as the tests allow theirs (src/sources/addresses.ts).
  const config = parseConfig({ NEWSBRIEF_DB: url });
  const stores = await openStores(url);
  const app = sourcesDeps(config, stores);
  const deps = { ...app, fetch: { ...app.fetch, allowLoopback: [port] } };
  const figures = { feeds: 0, failed: 0, rounds: 0, articlesAdded: 0, failures: [] as string[] };
  try {
    await ready();
    for (;;) {
      const reports = await pollDue(deps);
      if (reports.length === 0) {
        ended = Date.now();
        break;
      }
      figures.rounds++;
      figures.feeds += reports.length;
      for (const report of reports) {
        figures.articlesAdded += report.items.added ?? 0;
        if (report.result !== 'failed') continue;
        figures.failed++;
        if (figures.failures.length < 3) figures.failures.push(report.error ?? 'failed');
      }
    }
    return figures;
  } finally {
    await deps.pages?.close();
    await stores.close();
  }
}

let started = 0;
let ended = 0;
let cpu = process.cpuUsage();

/** Says "ready" and waits for the parent's "go"; the clocks start then. */
function ready(): Promise<void> {
  process.stdout.write('ready\n');
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      started = Date.now();
      cpu = process.cpuUsage();
      resolve();
    });
  });
}

const [url, port] = process.argv.slice(2);
if (url && port && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await pollUntilDone(url, Number(port));
  const used = process.cpuUsage(cpu);
  const result: PollerChildFigures = { ...figures, startedAt: started, endedAt: ended, cpuUs: used.user + used.system };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdin.destroy();
}
