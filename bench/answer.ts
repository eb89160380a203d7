/**
 * The answering half of the benchmark, run in its own process so its memory is the bot's, not the
 * corpus builder's: opens the built database (a SQLite file or a postgres:// URL), answers
 * /headlines, /summary and /quotes for every topic, and prints the latencies and the process's peak
 * RSS as one JSON line.
 *
 * usage: node bin/run.js bench/answer.ts DB_OR_URL TOPICS_JSON NOW_MS
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { News } from '../src/news/news.js';
import { expandTopic } from '../src/news/topics.js';
import { openStores } from '../src/store/open.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';

export interface AnswerTimings {
  headlines: number[];
  summary: number[];
  quotes: number[];
  /** The store's search alone (the step MiniSearch is compared on), limit 12 as /summary asks. */
  search: number[];
  /** How many answers came back empty, per kind (a sanity check on the topics). */
  empty: { headlines: number; summary: number; quotes: number };
  peakRssMb: number;
  /** Share of the store's searches answered from the newest matches alone (the rest ranked every match). */
  newestFirstShare: number;
}

async function timed<T>(into: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  into.push(performance.now() - started);
  return result;
}

/** Both stores count how their searches were answered; the Store interface does not say. */
type CountingStore = { searchStats?: { newestFirst: number; full: number } };

export async function answerTopics(location: string, topics: string[], now: number): Promise<AnswerTimings> {
  const stores = await openStores(location, { now: () => now });
  const store = stores.store;
  const news = new News({ store, summarizer: new ExtractiveSummarizer() });
  const out: AnswerTimings = {
    headlines: [],
    summary: [],
    quotes: [],
    search: [],
    empty: { headlines: 0, summary: 0, quotes: 0 },
    peakRssMb: 0,
    newestFirstShare: 0,
  };
  let peak = process.memoryUsage.rss();
  try {
    for (const topic of topics) {
      const headlines = await timed(out.headlines, () => news.headlines({ topic }));
      const summary = await timed(out.summary, () => news.summary(topic));
      const quotes = await timed(out.quotes, () => news.quotes({ topic }));
      await timed(out.search, () => store.search(expandTopic(topic), { limit: 12 }));
      if (headlines.headlines.length === 0) out.empty.headlines++;
      if (summary.sentences.length === 0) out.empty.summary++;
      if (quotes.length === 0) out.empty.quotes++;
      peak = Math.max(peak, process.memoryUsage.rss());
    }
    const { newestFirst, full } = (store as CountingStore).searchStats ?? { newestFirst: 0, full: 0 };
    out.newestFirstShare = newestFirst + full > 0 ? newestFirst / (newestFirst + full) : 0;
  } finally {
    await stores.close();
  }
  // maxRSS (KiB) covers the whole process life, between samples too.
  out.peakRssMb = Math.max(peak / 2 ** 20, process.resourceUsage().maxRSS / 1024);
  return out;
}

const [dbPath, topicsPath, nowText] = process.argv.slice(2);
if (dbPath && topicsPath && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const topics = JSON.parse(readFileSync(topicsPath, 'utf8')) as string[];
  const timings = await answerTopics(dbPath, topics, Number(nowText ?? Date.now()));
  process.stdout.write(`${JSON.stringify(timings)}\n`);
}
