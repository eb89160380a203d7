/**
 * A poll of a feed whose items link to multi-megabyte quote-heavy pages builds them on a worker
 * thread: the Discord face keeps answering meanwhile, and the main thread's event loop is never held
 * up long (issue 18: in-process, each such page blocked it for seconds and /headlines went unanswered).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteHeavyHtml, quoteHeavyText } from '../bench/quote-shapes.js';
import { type App, openApp } from '../src/app.js';
import { MAX_BODY_CHARS, NotAnArticleError } from '../src/articles/article.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { describeForUser, IN_REPORT } from '../src/errors.js';
import { createLogger } from '../src/log.js';
import { inProcessPageBuilder, type PageBuilder, WorkerPageBuilder } from '../src/news/page-builder.js';
import { pollDue, type SourcesDeps } from '../src/news/sources.js';
import { CharsetError } from '../src/sources/charset.js';
import { FeedError } from '../src/sources/feeds.js';
import { DiscordFake, type InteractionCallback } from './support/discord-fake.js';
import { HttpFake, respond, rss } from './support/http-fake.js';

const PAGE_BYTES = 3_000_000;
const PAGES = 3;

let server: HttpFake;
let fake: DiscordFake;
let app: App;
let bot: Bot;
const logged: string[] = [];
const log = createLogger('info', new Writable({ write: (chunk, _e, done) => (logged.push(String(chunk)), done()) }));

/** A feed at `path` whose items link to `count` quote-heavy pages under `prefix`. */
function serveFeed(path: string, prefix: string, count: number): void {
  const items = Array.from({ length: count }, (_, i) => ({
    title: `Budget hearing, part ${i + 1}`,
    link: server.url(`${prefix}/${i}`),
    guid: server.url(`${prefix}/${i}`),
    date: `Sun, 30 Mar 2025 ${String(10 + i).padStart(2, '0')}:00:00 GMT`,
  }));
  server.route(path, respond(200, rss(items, 'Quote Times'), { 'content-type': 'application/rss+xml' }));
  for (let i = 0; i < count; i++) {
    // Encoded once here, so the loopback server's own work on this thread stays small.
    const page = Buffer.from(quoteHeavyHtml(`Budget hearing, part ${i + 1} (${prefix})`, PAGE_BYTES, (prefix.length * 10 + i) * 100_000));
    server.route(`${prefix}/${i}`, respond(200, page, { 'content-type': 'text/html; charset=utf-8' }));
  }
}

/** Polling deps on the app's store, loopback allowed, with the given builder and a log we read. */
function depsWith(pages: PageBuilder): SourcesDeps {
  return {
    ...app.sourceDeps,
    fetch: { ...app.sourceDeps.fetch, allowLoopback: [server.port] },
    sourcesFile: undefined,
    log,
    pages,
  };
}

async function addOperatorFeed(path: string): Promise<void> {
  await app.sourceDeps.feeds.addFeed(
    { guildId: null, url: server.url(path), origin: 'file', title: null, intervalMs: 600_000, createdBy: null },
    Date.now(),
  );
}

interface Measured {
  /** The main thread's event-loop delay while the work ran, in ms. */
  p99: number;
  max: number;
  replies: Promise<InteractionCallback>[];
}

/** Runs `work` while measuring the main thread's event-loop delay and sending /headlines every 250 ms. */
async function measured<T>(work: () => Promise<T>): Promise<Measured & { result: T }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const replies: Promise<InteractionCallback>[] = [];
  let running = true;
  const asking = (async () => {
    while (running) {
      replies.push(fake.sendCommand('headlines', {}).firstCallback(5_000));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const result = await work();
  running = false;
  await asking;
  delay.disable();
  return { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, replies, result };
}

/** Polls due feeds, measured; `added` counts the articles stored. */
async function pollMeasured(deps: SourcesDeps): Promise<Measured & { added: number }> {
  const run = await measured(() => pollDue(deps));
  return { ...run, added: run.result.reduce((sum, report) => sum + (report.items.added ?? 0), 0) };
}

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  server = await HttpFake.start();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'nb-offthread-')), 'poll.db');
  app = await openApp({ ...parseConfig({}), dbPath });
  await app.ingest(['data/articles']);
  fake = await DiscordFake.start({ heartbeatIntervalMs: 1000 });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
  await server?.close();
});

describe('polling a feed of huge quote-heavy pages', () => {
  it('builds them off the main thread: /headlines is answered throughout and the event loop stays responsive', async () => {
    // The delay this thread shows with nothing but /headlines to do: a loaded machine's share, not the poll's.
    const idle = await measured(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    await Promise.all(idle.replies);
    serveFeed('/quotes.xml', '/hearing', PAGES);
    await addOperatorFeed('/quotes.xml');
    const offThread = await pollMeasured(depsWith(app.sourceDeps.pages!));
    expect(offThread.added).toBe(PAGES);

    // Every /headlines sent during the poll got its first answer within Discord's 3 s (the fake refuses later ones).
    const answered = await Promise.all(offThread.replies);
    expect(answered.length).toBeGreaterThanOrEqual(2);
    for (const reply of answered) expect(reply.latencyMs).toBeLessThan(3_000);
    expect(offThread.p99 - idle.p99).toBeLessThan(100);

    // The same kind of page built on this thread holds the loop far longer: what the worker spares it.
    serveFeed('/inline.xml', '/inline', 1);
    await addOperatorFeed('/inline.xml');
    const inProcess = await pollMeasured(depsWith(inProcessPageBuilder));
    expect(inProcess.added).toBe(1);
    await Promise.allSettled(inProcess.replies);
    expect(inProcess.max).toBeGreaterThan(Math.max(offThread.p99 * 2, 200));
  }, 60_000);

  it('keeps only the beginning of a page longer than any article, and logs that it did', async () => {
    const latest = await app.store.latest({ limit: 50 });
    const stored = await app.store.get(latest.map((ref) => ref.id));
    const hearing = stored.find((a) => a.origin.includes('/hearing/'));
    expect(hearing).toBeDefined();
    expect(hearing!.paragraphs.join('').length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(logged.join('')).toMatch(/hearing\/0: longer than any article; only its first 200,000 characters of text were kept/);
  });
});

describe('the worker page builder', () => {
  it('keeps the errors the in-process build and feed parsing throw recognisable', async () => {
    const builder = new WorkerPageBuilder();
    try {
      const empty = builder.build({ origin: 'empty.html', format: 'html', content: '<html><body></body></html>' }, new Date());
      await expect(empty).rejects.toBeInstanceOf(NotAnArticleError);
      await expect(builder.parseFeed('<rss><channel><title>Cut', 'http://example.test/feed')).rejects.toBeInstanceOf(FeedError);
      const klingon = {
        origin: 'k.html',
        format: 'html' as const,
        body: new TextEncoder().encode('<p>x</p>'),
        contentType: 'text/html; charset=x-klingon',
      };
      await expect(builder.buildFetched(klingon, new Date())).rejects.toBeInstanceOf(CharsetError);
      expect(describeForUser(await builder.buildFetched(klingon, new Date()).catch((e: unknown) => e), IN_REPORT)).toMatch(
        /^unknown character encoding "x-klingon"/,
      );
      const feed = await builder.parseFeed(rss([{ title: 'One', link: 'http://example.test/1' }]), 'http://example.test/feed');
      expect(feed.items.map((i) => i.url)).toEqual(['http://example.test/1']);
    } finally {
      await builder.close();
    }
  });

  it('fails a job that outlasts its time limit', async () => {
    const builder = new WorkerPageBuilder({ timeoutMs: 50 });
    try {
      const slow = builder.build({ origin: 'slow.html', format: 'html', content: quoteHeavyHtml('Slow', 9_500_000) }, new Date());
      await expect(slow).rejects.toThrow('took longer than 50 ms to build');
    } finally {
      await builder.close();
    }
  }, 20_000);

  it('fails a page that exhausts the worker alone, and builds the pages behind it on a new worker', async () => {
    const builder = new WorkerPageBuilder({ maxHeapMb: 64 });
    try {
      const huge = builder.build({ origin: 'huge.html', format: 'html', content: quoteHeavyHtml('Huge', 9_500_000) }, new Date());
      const next = builder.build({ origin: 'next.txt', format: 'text', content: quoteHeavyText('attributed', 20) }, new Date());
      await expect(huge).rejects.toThrow(/memory/);
      await expect(next).resolves.toMatchObject({ title: 'Council budget vote draws a crowd' });
    } finally {
      await builder.close();
    }
  }, 20_000);
});
