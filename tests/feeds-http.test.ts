import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addFeed, ingestUrl, pollDue, type SourcesDeps } from '../src/news/sources.js';
import { parseFeed } from '../src/sources/feeds.js';
import { FetchError } from '../src/sources/fetch.js';
import { FEED_ACCEPT, fetchDocument, fetchPage } from '../src/sources/web.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { SqliteFeeds } from '../src/store/sqlite-feeds.js';
import { articlePage, HttpFake, respond } from './support/http-fake.js';

const MINUTE = 60_000;
const START = Date.parse('2025-03-30T12:00:00Z');

const BRIDGE = [
  'The river bridge reopened to traffic on Monday morning after eight months of repairs to its steel deck and cables.',
  'Engineers said the repairs would keep the bridge safe for another forty years if it is inspected every spring.',
  'Commuters who had taken the ferry during the closure said they were glad to drive across the river again.',
  'The city will lift the temporary weight limit on the bridge next week once the final inspection is complete.',
];
const MARKET = [
  'The covered market on the harbour front will stay open until ten in the evening from the first of May this year.',
  'Stall holders asked for the longer hours after tourists complained that the market closed before the last ferries came in.',
  'The market board said the change would be reviewed in autumn, when the number of visitors falls again.',
  'Cleaning crews will work later shifts, paid for by a small rise in the fees each stall pays to the city.',
];

let server: HttpFake;
let store: SqliteStore;
let feeds: SqliteFeeds;
let clock: number;
let deps: SourcesDeps;

/** A JSON Feed 1.1 linking two pages on the loopback server. */
function jsonFeed(): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'River Wire',
    home_page_url: server.url('/'),
    items: [
      {
        id: 'bridge',
        url: '/bridge',
        title: 'Bridge reopens &amp; traffic returns',
        date_published: '2025-03-30T10:00:00Z',
        image: '/img/bridge.jpg',
      },
      { id: 'market', url: server.url('/market'), title: 'Market opens later', content_html: `<p>${MARKET.join(' ')}</p>` },
    ],
  });
}

/** The same words in Windows-1252 bytes, with no charset declared anywhere. */
const UNDECLARED_1252 = Buffer.from(
  '<rss version="2.0"><channel><title>Zeitung f\xfcr M\xfcnchen</title><item><title>Gr\xfc\xdfe \x96 \x84Neues\x93 f\xfcr 5 \x80</title><link>https://muenchen.example/1</link></item></channel></rss>',
  'latin1',
);

beforeAll(async () => {
  server = await HttpFake.start();
  server
    .route('/feed.json', respond(200, '', {}))
    .route('/bridge', respond(200, articlePage('Bridge reopens after repairs', BRIDGE), { 'content-type': 'text/html; charset=utf-8' }))
    .route('/market', respond(404, 'gone'))
    .route('/latin.xml', respond(200, UNDECLARED_1252, { 'content-type': 'application/rss+xml' }))
    .route(
      '/declared.xml',
      respond(
        200,
        Buffer.from(
          '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\xe9 Nachrichten</title></channel></rss>',
          'latin1',
        ),
        { 'content-type': 'text/xml' },
      ),
    )
    .route(
      '/klingon.xml',
      respond(200, '<rss version="2.0"><channel><title>x</title></channel></rss>', {
        'content-type': 'application/rss+xml; charset=x-klingon',
      }),
    )
    .route(
      '/page-1252',
      respond(
        200,
        Buffer.from(
          `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\xe9 \x93Hafen\x94</title></head><body><article><h1>Caf\xe9 \x93Hafen\x94</h1>${BRIDGE.map((s) => `<p>${s} Caf\xe9.</p>`).join('')}</article></body></html>`,
          'latin1',
        ),
        { 'content-type': 'text/html' },
      ),
    );
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.route('/feed.json', respond(200, jsonFeed(), { 'content-type': 'application/feed+json' }));
  store = new SqliteStore(':memory:', { now: () => clock });
  feeds = new SqliteFeeds(store.database);
  clock = START;
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

describe('JSON Feed over HTTP', () => {
  it("is added with /source add and polled: linked pages indexed, the feed's own content used where the page fails", async () => {
    const added = await addFeed(deps, { url: server.url('/feed.json'), guildId: null });
    expect(added.feed.url).toBe(server.url('/feed.json'));
    const [report] = await pollDue(deps);
    expect(report).toMatchObject({ result: 'polled', items: { added: 2 } });
    const titles = (await store.latest({ limit: 10 })).map((a) => a.title).sort();
    expect(titles).toEqual(['Bridge reopens after repairs', 'Market opens later']);
  });

  it('is read by ingest URL too, and served as application/json it is still a feed', async () => {
    server.route('/feed.json', respond(200, jsonFeed(), { 'content-type': 'application/json' }));
    expect(await ingestUrl(deps, server.url('/feed.json'))).toMatchObject({ added: 2, failed: [] });
  });

  it('keeps the item image, resolved against the feed', async () => {
    const document = await fetchDocument(server.url('/feed.json'), { ...deps.fetch, accept: FEED_ACCEPT });
    expect(document.kind).toBe('feed');
    const feed = parseFeed(document.text, document.url);
    expect(feed.items[0]).toMatchObject({
      url: server.url('/bridge'),
      title: 'Bridge reopens & traffic returns',
      image: server.url('/img/bridge.jpg'),
    });
  });
});

describe('charsets over HTTP', () => {
  it('reads an undeclared Windows-1252 feed as Windows-1252', async () => {
    const document = await fetchDocument(server.url('/latin.xml'), deps.fetch);
    const feed = parseFeed(document.text, document.url);
    expect(feed.title).toBe('Zeitung für München');
    expect(feed.items[0]?.title).toBe('Grüße – „Neues“ für 5 €');
  });

  it('reads a feed by its XML declaration when the header names no charset', async () => {
    const document = await fetchDocument(server.url('/declared.xml'), deps.fetch);
    expect(parseFeed(document.text, document.url).title).toBe('Café Nachrichten');
  });

  it('reads a page by its http-equiv charset', async () => {
    const page = await fetchPage(server.url('/page-1252'), deps.fetch);
    expect(page.content).toContain('<title>Café “Hafen”</title>');
  });

  it('refuses a charset nobody knows in one line naming the URL, and the poll records it', async () => {
    const error = await fetchDocument(server.url('/klingon.xml'), deps.fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toBe(
      `${server.url('/klingon.xml')}: unknown character encoding "x-klingon" (declared in the Content-Type header)`,
    );
    await feeds.addFeed({ guildId: null, url: server.url('/klingon.xml'), origin: 'file', intervalMs: 10 * MINUTE }, clock);
    const [report] = await pollDue(deps);
    expect(report?.error).toContain('unknown character encoding "x-klingon"');
  });
});
