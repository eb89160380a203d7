import { describe, expect, it } from 'vitest';
import { buildArticle, type RawPage } from '../src/articles/article.js';
import { cleanText } from '../src/articles/clean/index.js';
import { extractHtml } from '../src/articles/html/index.js';
import { pickPublished, trustedDate } from '../src/articles/trusted-date.js';
import { urlDate } from '../src/articles/url-dates.js';
import { describeArticle } from '../src/view.js';

const INGESTED = new Date('2025-04-02T12:00:00Z');
const BODY = [
  'The council voted on Tuesday to keep the harbour ferry running through the winter, reversing a plan to suspend it from November until March that drew hundreds of complaints from island residents.',
  'Officials said the extra sailings would cost about two million a year, to be paid from the transport reserve, and that the timetable would be reviewed again after the spring.',
  'Residents who had campaigned for the service said the decision would let children keep getting to school and older people keep reaching the mainland clinic without a long detour.',
];

/** An HTML page with whatever date markup a test gives it in <head> and above the body. */
function htmlPage(head: string, above = '', url?: string): RawPage {
  const html = `<html><head><title>Ferry kept running through winter</title>${head}</head><body><article>
    <h1>Ferry kept running through winter</h1>${above}${BODY.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  return { origin: url ?? 'test:page.html', format: 'html', content: html, ...(url ? { url } : {}) };
}

/** A plain-text page dump: title line, headline, an optional dateline, the body, an optional line after it. */
function dump(dateline: string | null, after: string | null = null): string {
  return [
    'Ferry kept running through winter - Island Times',
    '',
    'Menu',
    'News',
    '',
    'Ferry kept running through winter',
    '',
    'By Ann Reyes',
    '',
    ...(dateline ? [dateline, ''] : []),
    ...BODY.flatMap((p) => [p, '']),
    ...(after ? [after, ''] : []),
    'Related Stories',
    'Most Popular',
  ].join('\n');
}

const meta = (date: string) => `<meta property="article:published_time" content="${date}">`;
const jsonLd = (date: string) =>
  `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry kept running through winter","datePublished":"${date}"}</script>`;

describe('trusting a publication date', () => {
  it('refuses placeholders, dates before 1990 and dates more than a day after ingestion', () => {
    const at = INGESTED.toISOString();
    expect(trustedDate('0001-01-01', at)).toBeNull();
    expect(trustedDate('1985-06-01', at)).toBeNull();
    expect(trustedDate('2026-04-02', at)).toBeNull();
    expect(trustedDate('2025-04-04T00:00:00Z', at)).toBeNull();
    expect(trustedDate('not a date', at)).toBeNull();
    expect(trustedDate(null, at)).toBeNull();
    // A day ahead is a time zone or a clock, not a typo.
    expect(trustedDate('2025-04-03T06:00:00Z', at)).toBe('2025-04-03T06:00:00Z');
    expect(trustedDate('1990-01-01', at)).toBe('1990-01-01');
  });

  it('stores an article dated 0001-01-01, 1985 or next year as undated', () => {
    for (const date of ['0001-01-01', '1985-06-01T10:00:00Z', '2026-04-02T10:00:00Z']) {
      const article = buildArticle(htmlPage(meta(date)), INGESTED);
      expect(article.published, date).toBeNull();
      expect(article.publishedFrom, date).toBeNull();
    }
    const dump1985 = buildArticle({ origin: 'test:old.txt', format: 'text', content: dump('June 1, 1985') }, INGESTED);
    expect(dump1985.published).toBeNull();
  });

  it('gives an untrusted page date up for the next source: the URL, then the feed', () => {
    const url = 'https://news.example/2025/03/30/ferry-kept-running';
    const fromUrl = buildArticle(htmlPage(meta('2031-01-01T00:00:00Z'), '', url), INGESTED);
    expect([fromUrl.published, fromUrl.publishedFrom]).toEqual(['2025-03-30', 'url']);
    const fromFeed = buildArticle({ ...htmlPage(jsonLd('0001-01-01T00:00:00Z')), feedPublished: '2025-03-29T07:00:00.000Z' }, INGESTED);
    expect([fromFeed.published, fromFeed.publishedFrom]).toEqual(['2025-03-29T07:00:00.000Z', 'feed']);
  });
});

describe('where a date comes from', () => {
  it('reads meta tags, JSON-LD and <time datetime>, and says which', () => {
    const fromMeta = extractHtml(htmlPage(meta('2025-03-30T08:00:00Z')).content);
    expect([fromMeta.published, fromMeta.publishedFrom]).toEqual(['2025-03-30T08:00:00Z', 'metadata']);
    const fromLd = extractHtml(htmlPage(jsonLd('2025-03-28T09:30:00+01:00')).content);
    expect([fromLd.published, fromLd.publishedFrom]).toEqual(['2025-03-28T09:30:00+01:00', 'json-ld']);
    const fromTime = extractHtml(htmlPage('', '<p class="meta"><time datetime="2025-03-27T16:00:00Z">27 March</time></p>').content);
    expect([fromTime.published, fromTime.publishedFrom]).toEqual(['2025-03-27T16:00:00Z', 'time']);
  });

  it('skips a placeholder in one markup for a real date in the next', () => {
    const page = extractHtml(htmlPage(`${jsonLd('0001-01-01T00:00:00Z')}${meta('2025-03-30T08:00:00Z')}`).content);
    expect([page.published, page.publishedFrom]).toEqual(['2025-03-30T08:00:00Z', 'metadata']);
  });

  it('reads the day from the URL path in its usual spellings', () => {
    expect(urlDate('https://news.example/2019/11/19/ferry-story')).toBe('2019-11-19');
    expect(urlDate('https://news.example/world/2019-11-19-ferry-story.html')).toBe('2019-11-19');
    expect(urlDate('https://news.example/news/20191119/ferry')).toBe('2019-11-19');
    expect(urlDate('https://news.example/2019/02/30/not-a-day')).toBeNull();
    expect(urlDate('https://news.example/2019/11/ferry')).toBeNull();
    expect(urlDate('https://news.example/story/123456789')).toBeNull();
    expect(urlDate(null)).toBeNull();
  });

  it('records url and feed dates on built articles', () => {
    const fromUrl = buildArticle(htmlPage('', '', 'https://news.example/2025/03/30/ferry'), INGESTED);
    expect([fromUrl.published, fromUrl.publishedFrom]).toEqual(['2025-03-30', 'url']);
    const fromFeed = buildArticle({ ...htmlPage(''), feedPublished: '2025-03-31T18:00:00.000Z' }, INGESTED);
    expect([fromFeed.published, fromFeed.publishedFrom]).toEqual(['2025-03-31T18:00:00.000Z', 'feed']);
    const none = buildArticle(htmlPage(''), INGESTED);
    expect([none.published, none.publishedFrom]).toEqual([null, null]);
  });

  it("reads a text dump's dateline above the body, or a dated line just after it", () => {
    const dateline = cleanText(dump('Published March 30, 2025'));
    expect([dateline.published, dateline.publishedFrom]).toEqual(['2025-03-30', 'dateline']);
    const footer = cleanText(dump(null, 'First published on March 29, 2025'));
    expect([footer.published, footer.publishedFrom]).toEqual(['2025-03-29', 'text']);
    const built = buildArticle({ origin: 'test:ferry.txt', format: 'text', content: dump('Published March 30, 2025') }, INGESTED);
    expect([built.published, built.publishedFrom]).toEqual(['2025-03-30', 'dateline']);
  });

  it('trusts page metadata over the URL, the URL over the feed, and the feed over a dateline', () => {
    const url = 'https://news.example/2025/03/28/ferry';
    const metaWins = buildArticle({ ...htmlPage(meta('2025-03-30T08:00:00Z'), '', url), feedPublished: '2025-03-31T00:00:00Z' }, INGESTED);
    expect(metaWins.publishedFrom).toBe('metadata');
    const urlWins = buildArticle({ ...htmlPage('', '', url), feedPublished: '2025-03-31T00:00:00Z' }, INGESTED);
    expect([urlWins.published, urlWins.publishedFrom]).toEqual(['2025-03-28', 'url']);
    const feedWins = buildArticle(
      { origin: 'test:ferry.txt', format: 'text', content: dump('Published March 30, 2025'), feedPublished: '2025-03-31T10:00:00Z' },
      INGESTED,
    );
    expect([feedWins.published, feedWins.publishedFrom]).toEqual(['2025-03-31T10:00:00Z', 'feed']);
  });

  it("takes the time of day for a URL's bare day from a less trusted source naming the same day", () => {
    const picked = pickPublished(
      [
        { date: '2025-03-28', from: 'url' },
        { date: '2025-03-28T17:45:00.000Z', from: 'feed' },
      ],
      INGESTED.toISOString(),
    );
    expect(picked).toEqual({ published: '2025-03-28T17:45:00.000Z', publishedFrom: 'feed' });
    const otherDay = pickPublished(
      [
        { date: '2025-03-28', from: 'url' },
        { date: '2025-03-29T01:00:00.000Z', from: 'feed' },
      ],
      INGESTED.toISOString(),
    );
    expect(otherDay).toEqual({ published: '2025-03-28', publishedFrom: 'url' });
  });
});

describe('showing dates', () => {
  it('shows no day for an undated article, nor a placeholder one', () => {
    expect(describeArticle({ source: 'Island Times', published: null })).toBe('Island Times');
    expect(describeArticle({ source: 'Island Times', published: '0001-01-01' })).toBe('Island Times');
    expect(describeArticle({ source: 'Island Times', published: '2025-03-30T08:00:00Z' })).toBe('Island Times · 2025-03-30');
  });
});
