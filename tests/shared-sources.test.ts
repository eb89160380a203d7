/**
 * Shared sources, on SQLite and PostgreSQL alike: a feed URL is fetched once however many servers subscribe, its
 * articles are stored once and seen by every subscriber and no one else, and pollers in two
 * processes never fetch the same feed twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pollDue, type SourcesDeps } from '../src/news/sources.js';
import { openStores, type Stores } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { BACKENDS, storeFixture } from './support/backends.js';
import { articlePage, HttpFake, respond, rss } from './support/http-fake.js';

const MINUTE = 60_000;
const START = Date.parse('2025-03-30T12:00:00Z');
const FEEDS = 30;

const PORT_STORY = [
  'The harbour board approved the long-debated expansion of the container port on Tuesday evening after a four-hour meeting.',
  'Officials said the new berths would double the number of ships that can unload at the same time within three years.',
  'Residents near the waterfront raised concerns about traffic and noise during construction, which is due to start next spring.',
];
const METRO_STORY = [
  'The new metro line in Tehran opened to passengers on Monday morning after years of delays and rising construction costs.',
  'The line links the northern suburbs with the city centre and is expected to carry two hundred thousand riders a day.',
  'Engineers said the tunnels were built to withstand earthquakes, a constant concern in a city that lies on several fault lines.',
];

let server: HttpFake;

beforeAll(async () => {
  server = await HttpFake.start();
  server
    .route('/port', respond(200, articlePage('Port expansion approved', PORT_STORY), { 'content-type': 'text/html' }))
    .route('/metro', respond(200, articlePage('Tehran metro line opens', METRO_STORY), { 'content-type': 'text/html' }))
    .route(
      '/shared.xml',
      respond(
        200,
        rss(
          [
            { title: 'Port', link: '' },
            { title: 'Metro', link: '' },
          ].map((i, n) => ({ ...i, link: server.url(n ? '/metro' : '/port') })),
        ),
        { 'content-type': 'application/rss+xml' },
      ),
    );
  for (let i = 0; i < FEEDS; i++) server.route(`/f${i}.xml`, respond(200, rss([], `Feed ${i}`), { 'content-type': 'application/rss+xml' }));
});

afterAll(async () => {
  await server.close();
});

describe.each(BACKENDS)('shared sources on $name', (backend) => {
  if (backend.skipped !== null) {
    it.skip(`(${backend.skipped})`, () => {});
    return;
  }
  const fixture = storeFixture(backend, { now: () => START });
  afterEach(() => fixture.cleanup());

  function depsOf(stores: Stores): SourcesDeps {
    return {
      store: stores.store,
      feeds: stores.feeds,
      fetch: { maxBytes: 1024 * 1024, timeoutMs: 5000, allowLoopback: [server.port] },
      pollIntervalMs: 10 * MINUTE,
      now: () => START,
    };
  }

  it('fetches a feed two servers subscribe to once, stores its articles once, and shows them to those two only', async () => {
    const stores = await fixture.open();
    const before = { feed: server.hits('/shared.xml'), port: server.hits('/port') };
    const subscribe = (guildId: string) =>
      stores.feeds.addFeed({ guildId, url: server.url('/shared.xml'), origin: 'command', intervalMs: 10 * MINUTE, createdBy: 'u' }, START);
    const [one, two] = [await subscribe('g1'), await subscribe('g2')];
    expect([one.created, two.created, one.feed.id === two.feed.id]).toEqual([true, true, true]);
    const reports = await pollDue(depsOf(stores));
    expect(reports.map((r) => r.items)).toEqual([{ added: 2 }]);
    expect([server.hits('/shared.xml') - before.feed, server.hits('/port') - before.port]).toEqual([1, 1]);
    expect(await stores.store.count()).toBe(2);
    const seen = async (guildId: string | null) =>
      (await stores.store.search({ groups: [['metro']] }, { limit: 5, guildId })).map((a) => a.title);
    expect(await seen('g1')).toEqual(['Tehran metro line opens']);
    expect(await seen('g2')).toEqual(['Tehran metro line opens']);
    expect(await seen('g3')).toEqual([]);
    expect(await seen(null)).toEqual([]);
    expect(await stores.store.suggestTopics('', 10, 'g3')).toEqual([]);
    // A server that unsubscribes stops seeing the source's articles; the other keeps them.
    expect(await stores.feeds.removeFeed(two.feed.id, 'g2')).toBe(true);
    expect(await seen('g2')).toEqual([]);
    expect(await seen('g1')).toEqual(['Tehran metro line opens']);
  });

  it('lets two pollers in two processes share the due feeds without fetching any twice', async () => {
    const first = await fixture.open();
    const second = await fixture.reopen();
    for (let i = 0; i < FEEDS; i++) {
      await first.feeds.addFeed({ guildId: `g${i % 3}`, url: server.url(`/f${i}.xml`), origin: 'command', intervalMs: 10 * MINUTE }, START);
    }
    const before = Array.from({ length: FEEDS }, (_, i) => server.hits(`/f${i}.xml`));
    const [a, b] = await Promise.all([pollDue({ ...depsOf(first), concurrency: 4 }), pollDue({ ...depsOf(second), concurrency: 4 })]);
    expect(a.length + b.length).toBe(FEEDS);
    expect(Array.from({ length: FEEDS }, (_, i) => server.hits(`/f${i}.xml`) - before[i]!)).toEqual(Array(FEEDS).fill(1));
    // Each poll recorded its next one: nothing is due again before the interval.
    expect(await first.feeds.dueFeeds(START + 9 * MINUTE, 100)).toEqual([]);
  });
});

describe('a SQLite database from before shared sources (migration 12)', () => {
  it('merges the feeds of one URL into the oldest, each former feed a subscription, with every item either had seen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-shared-')), 'old.db');
    await new SqliteStore(path).close();
    const db = new Database(path);
    // The feeds table as migration 4 left it, and version 11 (the follows migration after 12 undone too).
    // (Columns later migrations add to feeds are dropped too: a version-11 file has none of them.)
    db.exec(
      'DROP TABLE follow_posts; DROP TABLE follows; ALTER TABLE schedules DROP COLUMN mention_role; ALTER TABLE schedules DROP COLUMN sources',
    );
    db.exec(`DROP TABLE subscriptions; DROP INDEX article_guilds_by_article; DROP INDEX feeds_url; ALTER TABLE feeds DROP COLUMN disablings;
      ALTER TABLE feeds ADD COLUMN guild_id TEXT; ALTER TABLE feeds ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
      ALTER TABLE feeds ADD COLUMN created_by TEXT; CREATE UNIQUE INDEX feeds_scope_url ON feeds (coalesce(guild_id, ''), url)`);
    db.exec('ALTER TABLE articles DROP COLUMN image'); // and none of the later migrations (lead images)
    const feed = db.prepare(
      `INSERT INTO feeds (guild_id, url, origin, interval_ms, next_poll, created_by, created_at) VALUES (?, ?, 'command', 600000, 0, ?, ?)`,
    );
    feed.run('g1', 'https://news.example/a.xml', 'ann', 1);
    feed.run('g2', 'https://news.example/a.xml', 'bob', 2);
    feed.run(null, 'https://news.example/b.xml', null, 3);
    const item = db.prepare(`INSERT INTO feed_items (feed_id, guid, url, article_id, seen_at) VALUES (?, ?, NULL, NULL, 0)`);
    item.run(1, 'one');
    item.run(2, 'two');
    db.pragma('user_version = 11');
    db.close();
    const stores = await openStores(path);
    try {
      const [g1, g2, operator] = [
        await stores.feeds.listFeeds('g1'),
        await stores.feeds.listFeeds('g2'),
        await stores.feeds.listFeeds(null),
      ];
      expect(g1.map((f) => [f.id, f.url, f.createdBy])).toEqual([[1, 'https://news.example/a.xml', 'ann']]);
      expect(g2.map((f) => [f.id, f.url, f.createdBy])).toEqual([[1, 'https://news.example/a.xml', 'bob']]);
      expect(operator.map((f) => [f.id, f.guildId, f.articleScope])).toEqual([[3, null, null]]);
      expect(g1[0]!.articleScope).toBe('source:1');
      expect(await stores.feeds.seenGuids(1, ['one', 'two', 'three'])).toEqual(new Set(['one', 'two']));
      expect(await stores.feeds.getFeed(2)).toBeNull();
    } finally {
      await stores.close();
    }
  });
});
