import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../src/sources/feed-dates.js';
import { discoverFeedLinks, FeedError, looksLikeFeed, parseFeed } from '../src/sources/feeds.js';
import { OpmlError, parseOpml } from '../src/sources/opml.js';

const FEED = 'https://news.example/feed.xml';

const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbor Daily &amp; Co</title><link>https://news.example/</link>
<item>
  <title>Port expansion &mdash; approved</title>
  <link>/2024/03/port?utm_source=rss</link>
  <guid isPermaLink="false">port-123</guid>
  <pubDate>Tue, 5 Mar 2024 10:00:00 +0100</pubDate>
  <dc:creator>Ada Reporter</dc:creator>
  <description>Short teaser</description>
  <content:encoded><![CDATA[<p>The full <b>story</b> &amp; more.</p>]]></content:encoded>
</item>
<item><guid>https://news.example/2024/03/guid-only</guid><title>Guid only</title></item>
</channel></rss>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>RDF News</title><link>https://news.example/</link></channel>
  <item rdf:about="https://news.example/a"><title>First</title><link>https://news.example/a</link><dc:date>2024-03-05T10:00:00+01:00</dc:date></item>
  <item rdf:about="https://news.example/b"><title>Second</title><link>https://news.example/b</link></item>
</rdf:RDF>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title type="text">Atom Blog</title>
  <link rel="self" href="https://blog.example/atom.xml"/>
  <link href="https://blog.example/"/>
  <entry>
    <title>Hello</title>
    <id>tag:blog.example,2024:1</id>
    <link rel="replies" href="/posts/1#comments"/>
    <link rel="alternate" type="text/html" href="/posts/1"/>
    <published>2024-03-05T09:00:00Z</published>
    <updated>2024-03-06T09:00:00Z</updated>
    <author><name>Grace Writer</name></author>
    <content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
  </entry>
</feed>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;

describe('feed parsing', () => {
  it('reads RSS 2.0: links resolved, dates in UTC, full content preferred, HTML entities in titles', () => {
    const feed = parseFeed(RSS2, FEED);
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Harbor Daily & Co');
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: 'port-123',
      url: 'https://news.example/2024/03/port?utm_source=rss',
      title: 'Port expansion — approved',
      published: '2024-03-05T09:00:00.000Z',
      author: 'Ada Reporter',
    });
    expect(first?.content).toContain('<p>The full <b>story</b> &amp; more.</p>');
    expect(second?.url).toBe('https://news.example/2024/03/guid-only');
  });

  it('reads RSS 1.0 (RDF), whose items sit beside the channel', () => {
    const feed = parseFeed(RDF, FEED);
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('RDF News');
    expect(feed.items.map((i) => i.guid)).toEqual(['https://news.example/a', 'https://news.example/b']);
    expect(feed.items[0]?.published).toBe('2024-03-05T09:00:00.000Z');
  });

  it('reads Atom: the alternate link against xml:base, the author name, published over updated', () => {
    const feed = parseFeed(ATOM, FEED);
    expect(feed.format).toBe('atom');
    expect(feed.siteUrl).toBe('https://blog.example/');
    expect(feed.items[0]).toMatchObject({
      guid: 'tag:blog.example,2024:1',
      url: 'https://blog.example/posts/1',
      author: 'Grace Writer',
      published: '2024-03-05T09:00:00.000Z',
      content: '<p>Body</p>',
    });
  });

  it('refuses a billion-laughs feed at once, without expanding anything', () => {
    expect(() => parseFeed(BILLION_LAUGHS, FEED)).toThrow(/declares its own XML entities/);
  });

  it('refuses external entities', () => {
    expect(() => parseFeed(XXE, FEED)).toThrow(FeedError);
  });

  it('leaves undeclared entity references as text', () => {
    const feed = parseFeed('<rss><channel><title>a &lol; b</title></channel></rss>', FEED);
    expect(feed.title).toBe('a &lol; b');
  });

  it('names the feed and what was expected for malformed or wrong documents', () => {
    expect(() => parseFeed('<rss><channel><item><title>cut off', FEED)).toThrow(`feed ${FEED} element <title> is not closed`);
    expect(() => parseFeed('<html><body><p>Hi</p></body></html>', FEED)).toThrow(/not an RSS, Atom or JSON feed \(root element <html>/);
    expect(() => parseFeed('just text', FEED)).toThrow(/expected one root element/);
  });

  it('tells feeds from pages, and finds the feeds a page links', () => {
    expect(looksLikeFeed(RSS2)).toBe(true);
    expect(looksLikeFeed(ATOM)).toBe(true);
    expect(looksLikeFeed('<!doctype html><html>')).toBe(false);
    const html = '<head><link rel="alternate" type="application/rss+xml" href="/rss?a=1&amp;b=2"></head>';
    expect(discoverFeedLinks(html, 'https://news.example/world/')).toEqual(['https://news.example/rss?a=1&b=2']);
  });
});

describe('feed dates', () => {
  it.each([
    ['Mon, 02 Jan 2006 15:04:05 -0700', '2006-01-02T22:04:05.000Z'],
    ['Tue, 5 Mar 2024 10:00:00 +0100 (CET)', '2024-03-05T09:00:00.000Z'],
    ['02 Jan 06 15:04 EST', '2006-01-02T20:04:00.000Z'],
    ['Thursday, 7 December 2023 08:00:00 PST', '2023-12-07T16:00:00.000Z'],
    ['Wed, 03 Sept 2023 16:05 GMT', '2023-09-03T16:05:00.000Z'],
    ['2024-01-02 10:00:00', '2024-01-02T10:00:00.000Z'],
    ['2024-01-02T10:00:00.123+05:30', '2024-01-02T04:30:00.000Z'],
    ['2024-01-02', '2024-01-02T00:00:00.000Z'],
    ['March 5, 2024 4:05 pm', '2024-03-05T16:05:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseFeedDate(text)).toBe(iso);
  });

  it('gives null for nonsense and placeholder dates', () => {
    expect(parseFeedDate('soon')).toBeNull();
    expect(parseFeedDate('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
  });
});

describe('OPML', () => {
  it('lists every outline with a feed URL, nested ones included, once each', () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
      <outline text="News"><outline text="Harbor" type="rss" xmlUrl="https://news.example/feed.xml"/>
      <outline title="Blog" xmlurl="https://blog.example/atom.xml"/></outline>
      <outline text="dup" xmlUrl="https://news.example/feed.xml"/><outline text="bad" xmlUrl="ftp://x/y"/></body></opml>`;
    expect(parseOpml(opml, 'subs.opml')).toEqual([
      { url: 'https://news.example/feed.xml', title: 'Harbor' },
      { url: 'https://blog.example/atom.xml', title: 'Blog' },
    ]);
  });

  it('refuses files that are not OPML or declare entities', () => {
    expect(() => parseOpml('<html></html>', 'x.opml')).toThrow(OpmlError);
    expect(() => parseOpml('<!DOCTYPE opml [<!ENTITY a "b">]><opml/>', 'x.opml')).toThrow(/entities/);
  });
});
