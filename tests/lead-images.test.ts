/**
 * Lead images (issue 21): what a page or feed item names as its picture is kept when it is a plain
 * web address, resolved against the page; everything else is refused. Pages in tests/fixtures/images.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import { extractHtml, imageUrl, MAX_IMAGE_URL_CHARS } from '../src/articles/html/index.js';
import { addFeed, pollDue, type SourcesDeps } from '../src/news/sources.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { SqliteFeeds } from '../src/store/sqlite-feeds.js';
import { articlePage, HttpFake, respond } from './support/http-fake.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'images');

function fixture(name: string) {
  return buildArticle({
    origin: `tests/fixtures/images/${name}`,
    format: name.endsWith('.txt') ? 'text' : 'html',
    content: readFileSync(join(FIXTURES, name), 'utf8'),
  });
}

/** A page whose head is given, with an article body long enough to be read. */
function pageWithHead(head: string): string {
  return `<html><head><title>Quay lights</title>${head}</head><body><article><h1>Quay lights</h1>
<p>The council switched on the new lights along the quay on Tuesday evening, after fishermen said the old lamps left the steps in the dark.</p>
<p>The lights are dimmed after midnight so that they do not disturb the birds that roost on the harbour wall through the winter.</p></article></body></html>`;
}

describe('the lead image of an HTML page', () => {
  it('is the og:image, ahead of a twitter:image', () => {
    expect(fixture('lighthouse-og.html').image).toBe('https://img.coast.example/2025/lighthouse-cottage.jpg');
  });

  it("is the twitter:image when the page has no og:image, resolved against the page's canonical address", () => {
    expect(fixture('ferry-twitter.html').image).toBe('https://coast.example/media/ferry-timetable.png');
  });

  it("is the JSON-LD image: an ImageObject's url, or the first usable address of a list", () => {
    expect(fixture('harbour-jsonld.html').image).toBe('https://img.coast.example/2025/harbour-wall.webp');
    // The list's javascript: address is passed over; the protocol-relative one takes the page's scheme.
    expect(fixture('pier-jsonld-array.html').image).toBe('https://cdn.coast.example/pier/wide.jpg');
  });

  it('is the JSON-LD image given as a plain string, and a relative one resolves against the address the page was fetched from', () => {
    const html = pageWithHead(
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Quay lights","image":"../pictures/quay.jpg"}</script>',
    );
    expect(extractHtml(html, 'https://coast.example/news/2025/quay-lights').image).toBe('https://coast.example/news/pictures/quay.jpg');
    // Fetched from one address, the page's own canonical link does not move where its images are.
    const canonical = pageWithHead(
      '<link rel="canonical" href="https://elsewhere.example/a/b"><meta property="og:image" content="img/q.jpg">',
    );
    expect(extractHtml(canonical, 'https://coast.example/news/quay').image).toBe('https://coast.example/news/img/q.jpg');
  });

  it('is none when every address the page names is refused: javascript:, data:, credentials, ftp:', () => {
    const dunes = fixture('dunes-refused.html');
    expect(dunes.title).toBe('Saltmere dunes fenced off for nesting birds');
    expect(dunes.image).toBeUndefined();
  });

  it('is none for a relative address on a page whose address is unknown', () => {
    expect(extractHtml(pageWithHead('<meta property="og:image" content="/img/quay.jpg">')).image).toBeUndefined();
  });

  it('is never there for a plain-text page dump', () => {
    const tides = fixture('tide-tables.txt');
    expect(tides.title).toBe('Saltmere tide tables printed for the new season');
    expect(tides.image).toBeUndefined();
  });
});

describe('an image address', () => {
  it('is kept when it is an absolute or resolvable http(s) address', () => {
    expect(imageUrl('https://img.example/a.jpg')).toBe('https://img.example/a.jpg');
    expect(imageUrl('  http://img.example/a b.jpg ')).toBe('http://img.example/a%20b.jpg');
    expect(imageUrl('/a.jpg', 'https://site.example/x/y')).toBe('https://site.example/a.jpg');
    expect(imageUrl('//cdn.example/a.jpg', 'http://site.example/')).toBe('http://cdn.example/a.jpg');
  });

  it('is refused for any other scheme, credentials, control characters, no host or too great a length', () => {
    const refused = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://img.example/a.jpg',
      'file:///etc/passwd',
      'https://user:pw@img.example/a.jpg',
      'https://user@img.example/a.jpg',
      'java\nscript:alert(1)',
      'https://img.example/a\u0000.jpg',
      'https://img.example/a\tb.jpg',
      `https://img.example/${'a'.repeat(MAX_IMAGE_URL_CHARS)}.jpg`,
      'img/a.jpg',
      '',
      '   ',
    ];
    for (const value of refused) expect(imageUrl(value), value).toBeNull();
    expect(imageUrl('javascript:alert(1)', 'https://site.example/')).toBeNull();
    expect(imageUrl(null)).toBeNull();
  });

  it('is refused when resolving makes it longer than the limit', () => {
    const path = 'a'.repeat(MAX_IMAGE_URL_CHARS - 10);
    expect(imageUrl(path, 'https://a-rather-long-host-name.example/')).toBeNull();
  });
});

// Feed items over loopback HTTP: the feed's picture stands in when the linked page names none.
const PAGES: Record<string, { title: string; sentences: string[]; head?: string }> = {
  boatyard: {
    title: 'Saltmere boatyard builds its first wooden ketch in forty years',
    sentences: [
      'The boatyard at the end of the Saltmere quay has laid the keel of a wooden ketch, the first boat of its kind built there in forty years.',
      'Two apprentices are learning to steam oak frames from the last shipwright in the town who still knows how to do it.',
      'The boat is due to be launched next spring, when it will take school groups out on the estuary.',
    ],
  },
  choir: {
    title: "Saltmere fishermen's choir sings in the cathedral",
    sentences: [
      "The Saltmere fishermen's choir sang in the cathedral on Saturday night, its first concert away from the coast since it was founded.",
      'The thirty singers, most of them retired trawlermen, performed sea shanties and hymns to a full nave.',
      'The money raised will pay for a new lifeboat station radio.',
    ],
  },
  podcast: {
    title: "Saltmere library starts a podcast of old sailors' tales",
    sentences: [
      'The library in Saltmere has started a podcast in which old sailors tell the stories of their years at sea.',
      'Volunteers recorded the first episodes in the reading room, where the sound of the gulls outside can still be heard.',
      'A new episode will be published every fortnight until the end of the year.',
    ],
  },
  market: {
    title: 'Saltmere fish market moves indoors for the winter',
    sentences: [
      'The Saltmere fish market will move into the old net loft for the winter months, the harbour board decided on Wednesday.',
      'Traders had asked for shelter after storms blew the awnings off their stalls twice in one week last year.',
      'The loft will be heated and lit, and the market will keep its usual hours on Tuesdays and Fridays.',
    ],
    head: '<meta property="og:image" content="/img/market-loft.jpg">',
  },
};

function rss(server: HttpFake): string {
  const item = (slug: string, extra: string) =>
    `<item><title>${PAGES[slug]!.title}</title><link>${server.url(`/${slug}`)}</link><guid>${server.url(`/${slug}`)}</guid>${extra}</item>`;
  return `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Saltmere Wire</title>
${item('boatyard', '<media:thumbnail url="/img/boatyard-thumb.jpg" width="150" height="100"/>')}
${item('choir', `<enclosure url="${server.url('/img/choir.jpg')}" type="image/jpeg" length="48213"/>`)}
${item('podcast', `<enclosure url="${server.url('/audio/episode-1.mp3')}" type="audio/mpeg" length="9481233"/>`)}
${item('market', `<media:thumbnail url="${server.url('/img/market-thumb.jpg')}"/>`)}
</channel></rss>`;
}

describe('the lead image of a feed item', () => {
  let server: HttpFake;
  let store: SqliteStore;
  let deps: SourcesDeps;
  const now = Date.parse('2025-03-30T12:00:00Z');

  beforeAll(async () => {
    server = await HttpFake.start();
    server.route('/feed.xml', respond(200, rss(server), { 'content-type': 'application/rss+xml' }));
    for (const [slug, page] of Object.entries(PAGES)) {
      const html = articlePage(page.title, page.sentences).replace('</head>', `${page.head ?? ''}</head>`);
      server.route(`/${slug}`, respond(200, html, { 'content-type': 'text/html; charset=utf-8' }));
    }
  });
  afterAll(async () => server.close());

  beforeEach(() => {
    store = new SqliteStore(':memory:', { now: () => now });
    deps = {
      store,
      feeds: new SqliteFeeds(store.database),
      fetch: { maxBytes: 1024 * 1024, timeoutMs: 2000, allowLoopback: [server.port] },
      pollIntervalMs: 600_000,
      now: () => now,
    };
  });
  afterEach(async () => store.close());

  it("comes from media:thumbnail or an image enclosure when the page has none, never from an audio enclosure, and the page's own comes first", async () => {
    await addFeed(deps, { url: server.url('/feed.xml'), guildId: null });
    const [report] = await pollDue(deps);
    expect(report).toMatchObject({ result: 'polled', items: { added: 4 } });
    const images = Object.fromEntries((await store.latest({ limit: 10 })).map((ref) => [ref.title, ref.image]));
    expect(images).toEqual({
      [PAGES.boatyard!.title]: server.url('/img/boatyard-thumb.jpg'),
      [PAGES.choir!.title]: server.url('/img/choir.jpg'),
      [PAGES.podcast!.title]: null,
      [PAGES.market!.title]: server.url('/img/market-loft.jpg'),
    });
  });
});
