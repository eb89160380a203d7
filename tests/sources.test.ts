import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { command as source, UNREACHABLE_ADDRESS } from '../commands/source.js';
import { type Caller, type CommandContext, MANAGE_GUILD, runCommand, UsageError } from '../src/command.js';
import { describeForUser, FOR_OPERATOR, IN_DISCORD } from '../src/errors.js';
import type { News } from '../src/news/news.js';
import { importOpml, ingestUrl, loadSourcesFile, pollDue, type SourcesDeps, sourcesService, startPolling } from '../src/news/sources.js';
import { MAX_OPML_FEEDS } from '../src/sources/opml.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { SqliteFeeds } from '../src/store/sqlite-feeds.js';
import { articlePage, conditional, HttpFake, respond, rss } from './support/http-fake.js';

const MINUTE = 60_000;
const START = Date.parse('2025-03-30T12:00:00Z');

const SENTENCES = {
  port: [
    'The harbour board approved the long-debated expansion of the container port on Tuesday evening after a four-hour meeting.',
    'Officials said the new berths would double the number of ships that can unload at the same time within three years.',
    'Residents near the waterfront raised concerns about traffic and noise during construction, which is due to start next spring.',
    'The board chair said the project would be paid for by port fees rather than by the city budget, according to the plan.',
  ],
  metro: [
    'The new metro line in Tehran opened to passengers on Monday morning after years of delays and rising construction costs.',
    'The line links the northern suburbs with the city centre and is expected to carry two hundred thousand riders a day.',
    'Engineers said the tunnels were built to withstand earthquakes, a constant concern in a city that lies on several fault lines.',
    'Ticket prices will stay at the current level for the first year of operation, the transport authority said in a statement.',
  ],
  bikes: [
    'The city council voted to add protected bike lanes on three main avenues, a plan that cyclists have demanded for a decade.',
    'Shop owners on the avenues worried about losing parking spaces, and the council promised new spaces on side streets.',
    'Work on the first avenue begins in May and should be finished before the school year starts, according to the timetable.',
    'Cycling groups welcomed the vote but said the network still had dangerous gaps between the new lanes and the river paths.',
  ],
};

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol1;</title></channel></rss>`;

let server: HttpFake;
let store: SqliteStore;
let feeds: SqliteFeeds;
let clock: number;
let deps: SourcesDeps;

beforeAll(async () => {
  server = await HttpFake.start();
  server
    .route('/port', respond(200, articlePage('Port expansion approved', SENTENCES.port), { 'content-type': 'text/html; charset=utf-8' }))
    .route('/metro', respond(200, articlePage('Tehran metro line opens', SENTENCES.metro), { 'content-type': 'text/html' }))
    .route('/bikes', respond(200, articlePage('Council votes for bike lanes', SENTENCES.bikes), { 'content-type': 'text/html' }))
    .route('/bikes-copy', respond(200, articlePage('Council votes for bike lanes', SENTENCES.bikes), { 'content-type': 'text/html' }))
    .route('/broken.xml', respond(200, '<rss><channel><title>Cut', { 'content-type': 'application/rss+xml' }))
    .route('/laughs.xml', respond(200, BILLION_LAUGHS, { 'content-type': 'application/rss+xml' }))
    .route('/gone.xml', respond(410, 'gone'))
    .route('/missing.xml', respond(404, 'nope'))
    .route(
      '/home',
      respond(200, '<html><head><link rel="alternate" type="application/rss+xml" href="/a.xml"></head><body>Hi</body></html>', {
        'content-type': 'text/html',
      }),
    );
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  store = new SqliteStore(':memory:', { now: () => clock });
  feeds = new SqliteFeeds(store.database);
  clock = START;
  server.requests.length = 0;
  deps = {
    store,
    feeds,
    fetch: { maxBytes: 1024 * 1024, timeoutMs: 2000, allowLoopback: [server.port] },
    pollIntervalMs: 10 * MINUTE,
    now: () => clock,
  };
});

afterEach(async () => {
  await store.close();
});

function feedOf(...items: { path: string; title: string; date?: string; guid?: string; query?: string }[]): string {
  return rss(items.map((i) => ({ title: i.title, link: server.url(i.path) + (i.query ?? ''), guid: i.guid, date: i.date })));
}

async function addOperatorFeed(path: string): Promise<number> {
  const { feed } = await feeds.addFeed({ guildId: null, url: server.url(path), origin: 'file', intervalMs: 10 * MINUTE }, clock);
  return feed.id;
}

function caller(permissions: bigint, guildId = 'g1'): Caller {
  return { guildId, channelId: 'c1', userId: 'u1', permissions };
}

function context(who?: Caller): CommandContext {
  return { news: {} as News, caller: who, sources: sourcesService(deps) };
}

describe('polling feeds', () => {
  it("indexes a feed's current items on its first poll, dating the undated backlog back so briefings are not flooded", async () => {
    server.route(
      '/a.xml',
      conditional(
        feedOf({ path: '/port', title: 'Port', date: 'Sun, 30 Mar 2025 11:00:00 GMT' }, { path: '/metro', title: 'Metro' }),
        'application/rss+xml',
      ),
    );
    await addOperatorFeed('/a.xml');
    const [report] = await pollDue(deps);
    expect(report?.items).toEqual({ added: 2 });
    expect(await store.count()).toBe(2);
    const recent = await store.latest({ limit: 10, since: new Date(START - 2 * 3_600_000).toISOString() });
    expect(recent.map((a) => a.title)).toEqual(['Port expansion approved']);
    const [article] = await store.get([recent[0]!.id]);
    expect(article?.byline).toContain('Ada Reporter');
    expect(article?.source).toBe('Test Times');
    // The page states no date: the feed item's pubDate is kept, and said to come from the feed.
    expect([article?.published, article?.publishedFrom]).toEqual(['2025-03-30T11:00:00.000Z', 'feed']);
    const [undated] = (await store.latest({ limit: 10 })).filter((a) => a.title !== 'Port expansion approved');
    expect(undated?.published).toBeNull();
  });

  it('uses conditional GET: a 304 re-reads nothing', async () => {
    server.route('/a.xml', conditional(feedOf({ path: '/port', title: 'Port' }), 'application/rss+xml', '"etag-1"'));
    const id = await addOperatorFeed('/a.xml');
    await pollDue(deps);
    clock += 11 * MINUTE;
    const [report] = await pollDue(deps);
    expect(report?.result).toBe('not-modified');
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"etag-1"');
    expect(server.hits('/port')).toBe(1);
    expect((await feeds.getFeed(id))?.nextPoll).toBe(clock + 10 * MINUTE);
  });

  it('skips a body that has not changed when the server sends no validators', async () => {
    server.route('/a.xml', respond(200, feedOf({ path: '/port', title: 'Port' }), { 'content-type': 'application/rss+xml' }));
    await addOperatorFeed('/a.xml');
    await pollDue(deps);
    clock += 11 * MINUTE;
    expect((await pollDue(deps))[0]?.result).toBe('unchanged');
  });

  it('indexes new items on later polls and skips the ones already seen', async () => {
    let body = feedOf({ path: '/port', title: 'Port' });
    server.route('/a.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    await addOperatorFeed('/a.xml');
    await pollDue(deps);
    body = feedOf({ path: '/metro', title: 'Metro' }, { path: '/port', title: 'Port' });
    clock += 11 * MINUTE;
    const [report] = await pollDue(deps);
    expect(report?.items).toEqual({ added: 1 });
    expect(server.hits('/port')).toBe(1);
    const latest = await store.latest({ limit: 10, since: new Date(START).toISOString() });
    expect(latest.map((a) => a.title)).toContain('Tehran metro line opens');
  });

  it('indexes the same story in two feeds once (tracking parameters, guid, or the same body under another URL)', async () => {
    server.route(
      '/a.xml',
      conditional(feedOf({ path: '/port', title: 'Port' }, { path: '/bikes', title: 'Bikes' }), 'application/rss+xml'),
    );
    server.route(
      '/b.xml',
      conditional(
        feedOf({ path: '/port', title: 'Port', query: '?utm_source=rss&utm_medium=feed' }, { path: '/bikes-copy', title: 'Bikes again' }),
        'application/rss+xml',
      ),
    );
    await addOperatorFeed('/a.xml');
    await addOperatorFeed('/b.xml');
    const reports = await pollDue({ ...deps, concurrency: 1 }); // one after the other, so the second feed finds the first's articles
    expect(reports.map((r) => r.items)).toEqual([{ added: 2 }, { duplicate: 2 }]);
    expect(await store.count()).toBe(2);
    expect(server.hits('/port')).toBe(1);
  });

  it('rejects malformed and billion-laughs feeds without hurting the others', async () => {
    server.route('/a.xml', conditional(feedOf({ path: '/port', title: 'Port' }), 'application/rss+xml'));
    const broken = await addOperatorFeed('/broken.xml');
    const laughs = await addOperatorFeed('/laughs.xml');
    await addOperatorFeed('/a.xml');
    const reports = await pollDue(deps);
    expect(reports.map((r) => r.result).sort()).toEqual(['failed', 'failed', 'polled']);
    expect(await store.count()).toBe(1);
    expect((await feeds.getFeed(broken))?.statusReason).toContain('is not closed');
    expect((await feeds.getFeed(laughs))?.statusReason).toContain('declares its own XML entities');
    expect((await feeds.getFeed(laughs))?.nextPoll).toBe(START + 10 * MINUTE);
  });

  it('backs off on failure and disables a feed after repeated failures, with the reason in /source list', async () => {
    const id = await addOperatorFeed('/missing.xml');
    const waits: number[] = [];
    for (let poll = 0; poll < 8; poll++) {
      const before = clock;
      await pollDue(deps);
      const feed = (await feeds.getFeed(id))!;
      waits.push((feed.nextPoll - before) / MINUTE);
      clock = feed.nextPoll;
    }
    expect(waits.slice(0, 4)).toEqual([10, 20, 40, 80]);
    const feed = (await feeds.getFeed(id))!;
    expect(feed.status).toBe('disabled');
    expect(await pollDue(deps)).toEqual([]);
    const view = await source.handle({ subcommand: 'list' }, context());
    expect(view.entries[0]?.detail).toMatch(/^disabled: .*HTTP 404.*8 failures in a row/);
  });

  it('stops polling at once on shutdown, not after the feeds in flight finish, and keeps the feed due', async () => {
    const trickles: NodeJS.Timeout[] = [];
    server.route('/trickle.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' }).write('<?xml version="1.0"?><rss version="2.0"><channel>');
      trickles.push(setInterval(() => r.write(' '), 50));
    });
    const id = await addOperatorFeed('/trickle.xml');
    const poller = startPolling({ ...deps, fetch: { ...deps.fetch, timeoutMs: 3000 } }, { tickMs: 60_000 });
    try {
      while (server.hits('/trickle.xml') === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const started = Date.now();
      await poller.stop();
      expect(Date.now() - started).toBeLessThan(200);
      const feed = await feeds.getFeed(id);
      expect([feed?.failures, feed?.nextPoll]).toEqual([0, START]);
    } finally {
      trickles.forEach(clearInterval);
    }
  });

  it('disables a feed that answers 410 Gone at once', async () => {
    const id = await addOperatorFeed('/gone.xml');
    await pollDue(deps);
    expect((await feeds.getFeed(id))?.status).toBe('disabled');
  });
});

describe('guild feeds', () => {
  it("lets a guild see the operator's articles and its own, never another guild's", async () => {
    server.route('/a.xml', conditional(feedOf({ path: '/port', title: 'Port' }), 'application/rss+xml'));
    server.route('/g.xml', conditional(feedOf({ path: '/metro', title: 'Metro' }), 'application/rss+xml'));
    await addOperatorFeed('/a.xml');
    await sourcesService(deps).add(server.url('/g.xml'), { guildId: 'g1', userId: 'u1' });
    await pollDue(deps);
    const titles = async (guildId: string | null | undefined) => (await store.latest({ limit: 10, guildId })).map((a) => a.title).sort();
    expect(await titles('g1')).toEqual(['Port expansion approved', 'Tehran metro line opens']);
    expect(await titles('g2')).toEqual(['Port expansion approved']);
    expect(await titles(null)).toEqual(['Port expansion approved']);
    expect(await titles(undefined)).toHaveLength(2);
    const found = await store.search({ groups: [['metro']] }, { limit: 5, guildId: 'g2' });
    expect(found).toEqual([]);
  });

  it("never shows one guild's feed text to another guild or operator-wide when the article page cannot be fetched", async () => {
    const story = (sentence: string) => `<![CDATA[<p>${Array(4).fill(sentence).join(' ')}</p>]]>`;
    const feedWith = (text: string) => rss([{ title: 'Harbour deal', link: server.url('/harbour'), description: story(text) }]);
    const forged = 'The harbour minister admitted the deal was a fraud and resigned in disgrace today, officials confirmed.';
    const real = 'The harbour minister welcomed the deal, which the council approved after a long debate today.';
    server.route('/evil.xml', conditional(feedWith(forged), 'application/rss+xml'));
    server.route('/wire.xml', conditional(feedWith(real), 'application/rss+xml'));
    server.route('/other.xml', conditional(feedOf({ path: '/harbour', title: 'Harbour deal' }), 'application/rss+xml'));
    // /harbour answers 404, so each feed's own text is all there is.
    await feeds.addFeed({ guildId: 'evil', url: server.url('/evil.xml'), origin: 'command', intervalMs: 10 * MINUTE }, clock);
    expect((await pollDue(deps))[0]?.items).toEqual({ added: 1 });
    await feeds.addFeed({ guildId: 'g2', url: server.url('/other.xml'), origin: 'command', intervalMs: 10 * MINUTE }, clock);
    expect((await pollDue(deps))[0]?.items).toEqual({ failed: 1 }); // the page is gone, not a duplicate of the evil guild's copy
    clock += MINUTE;
    await addOperatorFeed('/wire.xml');
    expect((await pollDue(deps))[0]?.items).toEqual({ added: 1 });
    const seenBy = async (guildId: string | null) => {
      const refs = await store.search({ groups: [['harbour']] }, { limit: 5, guildId });
      return (await store.get(refs.map((r) => r.id))).map((a) => a.paragraphs[0]?.slice(0, 40));
    };
    expect(await seenBy('g2')).toEqual([real.slice(0, 40)]);
    expect(await seenBy(null)).toEqual([real.slice(0, 40)]);
    expect((await seenBy('evil')).sort()).toEqual([forged.slice(0, 40), real.slice(0, 40)].sort());
  });

  it('refuses /source add to a member without Manage Server', async () => {
    server.route('/a.xml', conditional(feedOf({ path: '/port', title: 'Port' }), 'application/rss+xml'));
    const attempt = runCommand(source, { subcommand: 'add', url: server.url('/a.xml') }, context(caller(0n)));
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow('Manage Server');
    expect(await feeds.listFeeds('g1')).toEqual([]);
    expect(server.hits('/a.xml')).toBe(0);
  });

  it('adds, lists and removes a guild feed for a Manage Server member; a page leads to the feed it links', async () => {
    server.route('/a.xml', conditional(feedOf({ path: '/port', title: 'Port' }), 'application/rss+xml'));
    const admin = context(caller(MANAGE_GUILD));
    const added = await source.handle({ subcommand: 'add', url: server.url('/home') }, admin);
    expect(added.entries[0]?.text).toMatch(/^Added feed #1 Test Feed/);
    const listed = await source.handle({ subcommand: 'list' }, admin);
    expect(listed.entries.map((e) => e.url)).toEqual([server.url('/a.xml')]);
    expect(listed.entries[0]?.detail).toBe('waiting for its first poll');
    await expect(source.handle({ subcommand: 'remove', id: 1 }, context(caller(MANAGE_GUILD, 'g2')))).rejects.toThrow('no feed #1');
    await source.handle({ subcommand: 'remove', id: 1 }, admin);
    expect(await feeds.listFeeds('g1')).toEqual([]);
  });

  it('answers /source add with what was wrong with the URL', async () => {
    const admin = context(caller(MANAGE_GUILD));
    await expect(source.handle({ subcommand: 'add', url: 'ftp://x.example/feed' }, admin)).rejects.toThrow(/not a web address/);
    await expect(source.handle({ subcommand: 'add', url: server.url('/laughs.xml') }, admin)).rejects.toThrow(/entities/);
    deps.fetch = { ...deps.fetch, allowLoopback: false };
    const refused = await source
      .handle({ subcommand: 'add', url: server.url('/a.xml') }, context(caller(MANAGE_GUILD)))
      .catch((error: unknown) => error);
    // A member reads the one public line; the operator's words still say what happened.
    expect(describeForUser(refused, IN_DISCORD)).toBe(UNREACHABLE_ADDRESS);
    expect(describeForUser(refused, FOR_OPERATOR)).toMatch(/not a public address|refused/i);
  });

  it('answers /source add the same for an internal name and a name that does not exist, so it maps no internal DNS', async () => {
    deps.fetch = {
      ...deps.fetch,
      resolve: async (host) => {
        if (host === 'wiki.corp.internal') return [{ address: '10.20.0.5', family: 4 }];
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    };
    const admin = context(caller(MANAGE_GUILD));
    const answers = await Promise.all(
      ['http://wiki.corp.internal/feed.xml', 'http://nothing.corp.internal/feed.xml'].map((url) =>
        source.handle({ subcommand: 'add', url }, admin).then(
          () => 'added',
          (error: unknown) => describeForUser(error, IN_DISCORD),
        ),
      ),
    );
    expect(answers).toEqual([UNREACHABLE_ADDRESS, UNREACHABLE_ADDRESS]);
    expect(await feeds.listFeeds('g1')).toEqual([]);
  });
});

describe('one-off ingest and imports', () => {
  it('ingests one page, or every item of one feed', async () => {
    expect(await ingestUrl(deps, server.url('/metro?utm_campaign=x'))).toEqual({ added: 1, updated: 0, unchanged: 0, failed: [] });
    server.route(
      '/a.xml',
      conditional(feedOf({ path: '/port', title: 'Port' }, { path: '/metro', title: 'Metro' }), 'application/rss+xml'),
    );
    expect(await ingestUrl(deps, server.url('/a.xml'))).toEqual({ added: 1, updated: 0, unchanged: 1, failed: [] });
    const report = await ingestUrl(deps, server.url('/gone.xml'));
    expect(report.failed[0]?.reason).toContain('HTTP 410');
  });

  it('imports OPML as operator feeds and syncs the sources file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-sources-'));
    const opml = join(dir, 'subs.opml');
    writeFileSync(
      opml,
      `<opml version="2.0"><body><outline text="A" xmlUrl="${server.url('/a.xml')}"/><outline text="B" xmlUrl="${server.url('/b.xml')}"/></body></opml>`,
    );
    expect(await importOpml(deps, opml)).toEqual({ added: 2, existing: 0, failed: [] });
    expect((await importOpml(deps, join(dir, 'none.opml'))).failed[0]?.reason).toContain('no such file');
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ feeds: [server.url('/c.xml'), { url: server.url('/d.xml'), intervalMinutes: 30 }] }));
    expect(await loadSourcesFile({ ...deps, sourcesFile: file })).toEqual({ added: 2, removed: 0 });
    writeFileSync(file, JSON.stringify({ feeds: [{ url: server.url('/d.xml'), intervalMinutes: 30 }] }));
    expect(await loadSourcesFile({ ...deps, sourcesFile: file })).toEqual({ added: 0, removed: 1 });
    expect((await feeds.listFeeds(null)).map((f) => [f.origin, f.url.split('/').pop(), f.intervalMs / MINUTE])).toEqual([
      ['opml', 'a.xml', 10],
      ['opml', 'b.xml', 10],
      ['file', 'd.xml', 30],
    ]);
    writeFileSync(file, '{"feeds": [42]}');
    await expect(loadSourcesFile({ ...deps, sourcesFile: file })).rejects.toThrow(/sources\.json: feeds\.0/);
  });

  it('imports an OPML file up to the limit and says how many feeds past it were not imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-opml-'));
    const opml = join(dir, 'huge.opml');
    const outlines = Array.from(
      { length: MAX_OPML_FEEDS + 25 },
      (_, i) => `<outline text="F${i}" xmlUrl="https://feeds.example/${i}.xml"/>`,
    );
    writeFileSync(opml, `<opml version="2.0"><body>${outlines.join('')}</body></opml>`);
    const report = await importOpml(deps, opml);
    expect(report).toMatchObject({ added: MAX_OPML_FEEDS, existing: 0, notImported: 25 });
    expect(report.failed).toEqual([{ file: opml, reason: expect.stringContaining(`only the first ${MAX_OPML_FEEDS} were imported`) }]);
    expect(report.failed[0]?.reason).toContain('25 were not');
    expect(await feeds.countFeeds(null)).toBe(MAX_OPML_FEEDS);
  }, 30_000);
});
