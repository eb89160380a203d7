/**
 * newsbrief copy: a populated store (articles in stories, a shared source two servers subscribe to,
 * a server's own disabled feed, a removed one, a schedule with runs, the summary cache) copied
 * SQLite -> PostgreSQL -> SQLite and SQLite -> SQLite gives the same answers and the same records;
 * a second run copies nothing; bad input is one line. The PostgreSQL half is skipped (one line,
 * tests/support/backends.ts) when no server listens.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { News } from '../src/news/news.js';
import { openStores, type Stores } from '../src/store/open.js';
import type { StoreRecords } from '../src/store/store.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS } from './support/backends.js';
import { runCli } from './support/cli.js';
import { createTestDatabase } from './support/postgres.js';

const NOW = Date.parse('2025-03-06T00:00:00Z');
const MINUTE = 60_000;
const FIXTURES = 'tests/fixtures/stories/';
const STORY_FILES = [
  'bridge-courier.txt',
  'bridge-herald.txt',
  'bridge-gazette.txt',
  'council-cycling.txt',
  'rehab-vale.txt',
  'rehab-reyes.txt',
];
const SHARED = 'https://wire.example/shared.xml';
const GUILDS = [null, 'g1', 'g2', 'g3'];
const POSTED_SLOT = Date.parse('2025-03-05T08:00:00Z');
const pgSkipped = BACKENDS.find((b) => b.name === 'postgres')!.skipped;

const storyArticle = (name: string): Article => ({
  ...buildArticle({ origin: `${FIXTURES}${name}`, format: 'text', content: readFileSync(`${FIXTURES}${name}`, 'utf8') }),
  source: name.split('-')[1]!.replace('.txt', ''),
});

const opened: Stores[] = [];
const dropped: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  for (const drop of dropped.splice(0)) await drop();
});
const open = async (location: string) => {
  const stores = await openStores(location, { now: () => NOW });
  opened.push(stores);
  return stores;
};
const newFile = () => join(mkdtempSync(join(tmpdir(), 'nb-copy-')), 'news.db');

/**
 * Everything a bot keeps: stories (the bridge's founder then removed, so its two other reports
 * found it anew in a copy), a source two guilds share with its state and seen items, g1's own
 * feed disabled after failures, g3's feed removed (its article seen by no guild), an operator
 * feed, a schedule with a posted and a skipped slot, a cached summary.
 */
async function populate(location: string): Promise<void> {
  const stores = await open(location);
  const { store, feeds, schedules, follows } = stores;
  for (const name of STORY_FILES) await store.upsert(storyArticle(name));
  await store.remove([storyArticle('bridge-courier.txt').id]);
  const add = (guildId: string | null, url: string) =>
    feeds.addFeed({ guildId, url, origin: guildId ? 'command' : 'file', intervalMs: 10 * MINUTE, createdBy: guildId && 'u1' }, NOW);
  const shared = (await add('g1', SHARED)).feed;
  await add('g2', SHARED);
  const own = (await add('g1', 'https://own.example/feed.xml')).feed;
  const gone = (await add('g3', 'https://gone.example/feed.xml')).feed;
  await add(null, 'https://operator.example/rss');
  await feeds.recordSuccess(
    shared.id,
    {
      etag: '"v7"',
      lastModified: 'Wed, 05 Mar 2025 10:00:00 GMT',
      bodyHash: 'b1',
      title: 'Wire',
      nextPoll: NOW + 10 * MINUTE,
      parsed: true,
    },
    NOW,
  );
  await feeds.recordFailure(own.id, { failures: 5, nextPoll: NOW + 60 * MINUTE, status: 'disabled', reason: 'HTTP 404 five times' }, NOW);
  const wire = makeArticle({
    title: 'Ferry strike called off',
    paragraphs: ['The union said the ferry strike was called off after talks.'],
    url: 'https://wire.example/ferry',
    quotes: [{ text: 'We have a fair deal at last', speaker: 'Mara Lind', paragraph: 0 }],
    entities: ['Mara Lind'],
  });
  await store.upsert(wire, { guildId: shared.articleScope, canonicalUrl: 'https://wire.example/ferry', bodyHash: 'h-ferry' });
  await store.upsert(makeArticle({ title: 'Own news of g1', paragraphs: ['Only the first server follows this.'] }), {
    guildId: own.articleScope,
  });
  await store.upsert(makeArticle({ title: 'Gone feed news', paragraphs: ['A feed later removed brought this.'] }), {
    guildId: gone.articleScope,
  });
  await feeds.removeFeed(gone.id, 'g3');
  await feeds.markSeen(
    shared.id,
    [
      { guid: 'ferry-1', url: 'https://wire.example/ferry', articleId: wire.id },
      { guid: 'empty-2', url: null, articleId: null },
    ],
    NOW,
  );
  const schedule = await schedules.addSchedule(
    { guildId: 'g1', channelId: 'c1', topics: ['bridge', 'ferry'], cron: '0 8 * * *', timezone: 'Europe/Oslo', createdBy: 'u1' },
    NOW,
  );
  await schedules.claimRun(schedule.id, POSTED_SLOT - 86_400_000, 'p1', NOW);
  await schedules.skipRun(schedule.id, POSTED_SLOT - 2 * 86_400_000, 'p1', NOW, 'too late');
  await schedules.claimRun(schedule.id, POSTED_SLOT, 'p1', NOW);
  await schedules.finishRun(schedule.id, POSTED_SLOT, 'posted', '{"stories":[1]}', NOW);
  await store.cachePut('summary:v1:bridge', '{"sentences":[]}');
  const follow = await follows.addFollow(
    {
      guildId: 'g1',
      channelId: 'c2',
      topic: 'ferry -strike',
      maxPerHour: 3,
      quiet: '22:00-07:00',
      timezone: 'Europe/Oslo',
      mentionRole: 'r1',
      sources: { only: ['wire'], except: [] },
      createdBy: 'u1',
    },
    NOW,
  );
  await follows.setFollowStatus(follow.id, 'g1', 'paused', 'paused by a moderator');
}

/** What users see: headlines by story and quotes per scope, feed listings per guild, schedules and runs, the cache. */
async function answers(location: string) {
  const stores = await open(location);
  const news = new News({ store: stores.store, summarizer: new ExtractiveSummarizer() });
  const view = [];
  for (const guildId of GUILDS) {
    const { headlines } = await news.headlines({ limit: 20, guildId });
    const quotes = await news.quotes({ topic: 'ferry', guildId });
    view.push({
      guildId,
      headlines: headlines.map((h) => [h.title, ...h.alsoIn.map((a) => a.title).sort()]),
      feeds: (await stores.feeds.listFeeds(guildId)).map(({ id: _id, articleScope: _scope, ...feed }) => feed),
      quotes: quotes.map((q) => [q.text, q.speaker, q.article.title]),
    });
  }
  const schedules = await Promise.all(
    (await stores.schedules.listSchedules()).map(async ({ id, ...schedule }) => ({
      schedule,
      runs: (await stores.schedules.runsOf(id)).map(({ scheduleId: _id, ...run }) => run),
    })),
  );
  return { view, schedules, cache: await stores.store.cacheGet('summary:v1:bridge') };
}

/**
 * Every record exportAll gives, without what names rows (feed and schedule ids; a shared source's
 * scope by its row, here by its URL): equal records mean every column was copied.
 */
async function records(location: string) {
  const stores = await open(location);
  const all: StoreRecords[] = [];
  for await (const batch of stores.store.exportAll(2)) all.push(batch);
  const of = <K extends StoreRecords['kind']>(kind: K) =>
    all.flatMap((b): unknown[] => (b.kind === kind ? b.records : [])) as Extract<StoreRecords, { kind: K }>['records'];
  const urls = new Map(of('feeds').map((f) => [`source:${f.feed.id}`, `source:${f.feed.url}`]));
  const scope = (s: string | null) =>
    s === null ? null : (urls.get(s) ?? s.replace(/^source:removed-\d+$|^source:\d+$/, 'source:(removed)'));
  return {
    feeds: of('feeds').map(({ feed: { id: _id, ...feed }, seen }) => ({ feed, seen })),
    articles: of('articles').map((a) => ({ ...a, guildId: scope(a.guildId), guilds: a.guilds.map(scope) })),
    schedules: of('schedules').map(({ schedule: { id: _id, ...schedule }, runs }) => ({
      schedule,
      runs: runs.map(({ scheduleId: _s, ...run }) => run),
    })),
    // Row numbers do not travel: a copied follow starts at the target's newest row.
    follows: of('follows').map(({ id: _id, startRow: _start, lastRow: _last, ...follow }) => follow),
    cache: of('cache'),
  };
}

const COUNTS = { articles: 8, feeds: 4, seenItems: 2, schedules: 1, runs: 3, follows: 1, cache: 1 };
const NOTHING = { articles: 0, feeds: 0, seenItems: 0, schedules: 0, runs: 0, follows: 0, cache: 0 };

async function copyJson(from: string, to: string) {
  const result = await runCli(['copy', '--from', from, '--to', to, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const { from: _from, to: _to, ...counts } = JSON.parse(result.stdout) as Record<string, unknown>;
  return counts;
}

describe('newsbrief copy', () => {
  it('copies SQLite to SQLite: the same answers and records, counts printed; a second run copies nothing and changes nothing', async () => {
    const [from, to] = [newFile(), newFile()];
    await populate(from);
    const printed = await runCli(['copy', '--from', from, '--to', to]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`copied ${from} -> ${to}`);
    expect(printed.stdout).toMatch(/^ +8 articles$/m);
    expect(printed.stdout).toMatch(/^ +4 feeds \(subscriptions\)$/m);
    expect(printed.stdout).toMatch(/^ +3 briefing runs$/m);
    const expected = await answers(from);
    expect(await answers(to)).toEqual(expected);
    expect(await records(to)).toEqual(await records(from));
    const before = await records(to);
    expect(await copyJson(from, to)).toEqual(NOTHING);
    expect(await records(to)).toEqual(before);
  });

  it('keeps the stories: the bridge reports stay one story (their founder removed), the others apart', async () => {
    const [from, to] = [newFile(), newFile()];
    await populate(from);
    await copyJson(from, to);
    const { view } = await answers(to);
    const all = view.find((v) => v.guildId === null)!.headlines;
    const bridge = all.filter((h) => h.length > 1);
    expect(bridge).toHaveLength(1);
    expect(bridge[0]).toHaveLength(2);
    expect(all.filter((h) => h.length === 1)).toHaveLength(3); // council and the two rehab reports
  });

  it.skipIf(pgSkipped !== null)(
    'copies SQLite to PostgreSQL and back to a new SQLite file: the same answers and records both times',
    async () => {
      const first = newFile();
      const last = newFile();
      const pg = await createTestDatabase();
      dropped.push(pg.drop);
      await populate(first);
      expect(await copyJson(first, pg.url)).toEqual(COUNTS);
      expect(await copyJson(first, pg.url)).toEqual(NOTHING);
      expect(await copyJson(pg.url, last)).toEqual(COUNTS);
      expect(await copyJson(pg.url, last)).toEqual(NOTHING);
      const expected = await answers(first);
      expect(await answers(pg.url)).toEqual(expected);
      expect(await answers(last)).toEqual(expected);
      const exported = await records(first);
      expect(await records(pg.url)).toEqual(exported);
      expect(await records(last)).toEqual(exported);
    },
  );

  it('does not post again a slot the copied schedule already ran', async () => {
    const [from, to] = [newFile(), newFile()];
    await populate(from);
    await copyJson(from, to);
    const { schedules } = await open(to);
    const [schedule] = await schedules.listSchedules('g1');
    expect(schedule!.lastSlot).toBe(POSTED_SLOT);
    expect(await schedules.claimRun(schedule!.id, POSTED_SLOT, 'p2', NOW)).toBe(false);
    expect((await schedules.lastPostedRun(schedule!.id))?.detail).toBe('{"stories":[1]}');
  });

  it("carries follows with their settings, starting at the target's newest row", async () => {
    const [from, to] = [newFile(), newFile()];
    await populate(from);
    await copyJson(from, to);
    const { follows } = await open(to);
    const [follow] = await follows.listFollows('g1');
    expect(follow).toMatchObject({
      topic: 'ferry -strike',
      status: 'paused',
      mentionRole: 'r1',
      sources: { only: ['wire'], except: [] },
      quiet: '22:00-07:00',
    });
    expect(follow!.startRow).toBe(await follows.articleHead());
    expect(follow!.lastRow).toBe(follow!.startRow);
  });

  describe('refuses in one line, exit 1', () => {
    const refused = async (args: string[]) => {
      const result = await runCli(['copy', ...args]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      return result.stderr;
    };

    it('the same database twice, however spelled', async () => {
      const file = newFile();
      await populate(file);
      expect(await refused(['--from', file, '--to', `${file.replace('/news.db', '/./news.db')}`])).toMatch(
        /--from and --to name the same database/,
      );
      expect(await refused(['--from', 'postgres://a:pw1@localhost/news', '--to', 'postgresql://b:pw2@LOCALHOST:5432/news'])).not.toMatch(
        /pw1|pw2/,
      );
    });

    it('a missing source (and the target is not made), or missing flags', async () => {
      const target = newFile();
      expect(await refused(['--from', '/nonexistent/news.db', '--to', target])).toMatch(
        /^newsbrief: no database at \/nonexistent\/news.db \(--from\)$/m,
      );
      expect(existsSync(target)).toBe(false);
      expect(await refused(['--from', newFile()])).toMatch(/copy needs --from DB and --to DB/);
    });

    it('a target written by a newer newsbrief', async () => {
      const [from, to] = [newFile(), newFile()];
      await populate(from);
      const newer = new Database(to);
      newer.pragma('user_version = 999');
      newer.close();
      expect(await refused(['--from', from, '--to', to])).toMatch(
        /--to .*news\.db: database schema version 999 is newer than this newsbrief/,
      );
    });

    it('an unreachable server, its password never shown', async () => {
      const stderr = await refused(['--from', 'postgres://user:hunter2@127.0.0.1:1/news', '--to', newFile()]);
      expect(stderr).toMatch(/postgres:\/\/\*\*\*@127\.0\.0\.1:1\/news/);
      expect(stderr).not.toContain('hunter2');
    });
  });
});
