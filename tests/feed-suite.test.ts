import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedRss } from '../bench/feed-compare.js';
import { CharsetError, decodeDocument } from '../src/sources/charset.js';
import { type Feed, FeedError, looksLikeFeed, parseFeed } from '../src/sources/feeds.js';
import { bodyText } from '../src/sources/fetch.js';
import { classifyDocument } from '../src/sources/web.js';
import { FEED_CASES, meets } from './fixtures/feeds/cases.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/feeds');

function readFixture(file: string, contentType: string | null = null): string {
  return bodyText(readFileSync(join(FIXTURES, file)), contentType);
}

/** Each check that does not hold, as "field: value". */
function misses(feed: Feed, expected: (typeof FEED_CASES)[number]): string[] {
  const found: string[] = [];
  for (const [key, want] of Object.entries(expected.feed ?? {})) {
    const value = feed[key as keyof Feed];
    if (!meets(value, want)) found.push(`${key}: ${JSON.stringify(value)}`);
  }
  (expected.items ?? []).forEach((checks, i) => {
    for (const [key, want] of Object.entries(checks)) {
      const value = feed.items[i]?.[key as keyof Feed['items'][number]];
      if (!meets(value, want)) found.push(`item ${i} ${key}: ${JSON.stringify(value)}`);
    }
  });
  return found;
}

describe('the feed fixture suite (tests/fixtures/feeds)', () => {
  it.each(FEED_CASES.filter((c) => !c.error).map((c) => [c.file, c] as const))('reads %s as written', (file, expected) => {
    const feed = parseFeed(readFixture(file, expected.contentType ?? null), expected.url);
    expect(misses(feed, expected)).toEqual([]);
  });

  it.each(FEED_CASES.filter((c) => c.error).map((c) => [c.file, c] as const))('refuses %s, naming the feed', (file, expected) => {
    expect(() => parseFeed(readFixture(file), expected.url)).toThrow(expected.error!);
    expect(() => parseFeed(readFixture(file), expected.url)).toThrow(FeedError);
  });
});

describe('feed text', () => {
  const rssTitled = (title: string) => `<rss><channel><title>t</title><item><title>${title}</title></item></channel></rss>`;
  const titleOf = (xml: string) => parseFeed(xml, 'https://x.example/feed').items[0]?.title;

  it('decodes every HTML5 named entity and numeric reference, once', () => {
    expect(titleOf(rssTitled('&CounterClockwiseContourIntegral; &fjlig; &NotNestedLessLess; &#x1F600; &#169;'))).toBe('∳ fj ⪡̸ 😀 ©');
    expect(titleOf(rssTitled('Stra&szlig;e, 5 &euro;, M&uuml;nchen &ndash; Caf&eacute;'))).toBe('Straße, 5 €, München – Café');
    // An HTML title escaped for XML ("&amp;lt;b&amp;gt;" is HTML "&lt;b&gt;"): its entity, not a tag.
    expect(titleOf(rssTitled('a &amp;lt;b&amp;gt; tag'))).toBe('a <b> tag');
    expect(titleOf(rssTitled('AT&amp;T &lol; Q&amp;A'))).toBe('AT&T &lol; Q&A');
  });

  it('drops markup from RSS titles and Atom html/xhtml titles, and keeps "<" in plain text', () => {
    expect(titleOf(rssTitled('&lt;em&gt;Breaking&lt;/em&gt;: tide &lt; 2 m'))).toBe('Breaking: tide < 2 m');
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; council vote</title></entry>
      <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A<br/>B <i>c</i></div></title></entry>
      <entry><title type="text">x &lt;b&gt; y</title></entry></feed>`;
    expect(parseFeed(atom, 'https://x.example/a').items.map((i) => i.title)).toEqual(['Bold council vote', 'A B c', 'x <b> y']);
  });

  it('reads the RSS <link>, not an Atom link beside it', () => {
    const xml = `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><item><atom:link rel="self" href="https://x.example/self"/>
      <link>https://x.example/story</link></item></channel></rss>`;
    expect(parseFeed(xml, 'https://x.example/feed').items[0]?.url).toBe('https://x.example/story');
  });

  it('refuses feeds past the size bounds, naming the bound', () => {
    const deep = `<rss>${'<a>'.repeat(70)}${'</a>'.repeat(70)}</rss>`;
    expect(() => parseFeed(deep, 'https://x.example/feed')).toThrow('nested deeper than 64 elements');
    const wide = `<rss><channel>${'<x/>'.repeat(200_001)}</channel></rss>`;
    expect(() => parseFeed(wide, 'https://x.example/feed')).toThrow('more than 200000 elements');
  });

  it('reads a 1.5 MB feed whole: 500 items with their content and images', () => {
    const xml = generatedRss(500);
    expect(xml.length).toBeGreaterThan(1.5e6);
    const feed = parseFeed(xml, 'https://harbor.example/feed.xml');
    expect(feed.items).toHaveLength(500);
    expect(feed.items[499]).toMatchObject({
      title: 'Port expansion – part 499 & what it means',
      image: 'https://harbor.example/img/499.jpg',
      author: 'Reporter 499',
    });
    expect(feed.items[499]?.content).toContain('<a href="https://harbor.example/more/499">More</a>');
  });
});

describe('JSON Feed', () => {
  const json = readFileSync(join(FIXTURES, 'json-1.1.json'), 'utf8');

  it('is told from pages by its content type or its leading "{"', () => {
    expect(looksLikeFeed(json)).toBe(true);
    expect(classifyDocument('application/feed+json', json)).toBe('feed');
    expect(classifyDocument('application/json; charset=utf-8', json)).toBe('feed');
    expect(classifyDocument(null, json)).toBe('feed');
    expect(classifyDocument('application/json', '{"data": []}')).not.toBe('feed');
  });

  it('refuses JSON that is not a JSON Feed, naming what was expected', () => {
    expect(() => parseFeed('{"data": []}', 'https://x.example/feed.json')).toThrow(
      'https://x.example/feed.json is not a JSON Feed (expected "version": "https://jsonfeed.org/version/1.1")',
    );
    const odd =
      '{"version": "https://jsonfeed.org/version/1", "items": [7, null, {"id": {"x": 1}, "title": ["no"], "url": "javascript:alert(1)"}]}';
    expect(parseFeed(odd, 'https://x.example/feed.json').items).toEqual([
      { guid: null, url: null, title: null, published: null, author: null, content: null, image: null, enclosures: [] },
    ]);
  });
});

describe('decoding by declared charset', () => {
  const latin = (text: string) => Buffer.from(text, 'latin1');

  it('follows the BOM, then Content-Type, then the XML declaration, then <meta>', () => {
    expect(decodeDocument(latin('<?xml version="1.0" encoding="utf-8"?><t>caf\xe9</t>'), 'text/xml; charset=ISO-8859-1')).toContain('café');
    expect(decodeDocument(latin('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf\xe9</t>'), 'text/xml')).toContain('café');
    expect(
      decodeDocument(
        latin('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>\x93q\x94</html>'),
        null,
      ),
    ).toContain('“q”');
    expect(decodeDocument(Buffer.from('\ufeffcafé', 'utf16le'), 'text/html; charset=iso-8859-1')).toBe('café');
    expect(decodeDocument(Buffer.from('<meta charset="koi8-r">'.concat(''), 'latin1'), null)).toBe('<meta charset="koi8-r">');
    expect(decodeDocument(Buffer.from([0x3c, 0x70, 0x3e, 0xc1, 0xc2]), 'text/html; charset=koi8-r')).toBe('<p>аб');
  });

  it('reads undeclared bytes as UTF-8 when they are, else as Windows-1252 (0x80 is €, not a control)', () => {
    expect(decodeDocument(Buffer.from('Grüße €'), null)).toBe('Grüße €');
    expect(decodeDocument(latin('Gr\xfc\xdfe 5 \x80 \x84quoted\x93'), null)).toBe('Grüße 5 € „quoted“');
    expect(decodeDocument(latin('caf\xe9 \x92'), 'text/html; charset=latin1')).toBe('café ’');
  });

  it('refuses a label nobody knows in one line, saying where it was declared', () => {
    expect(() => decodeDocument(latin('<p>x</p>'), 'text/html; charset=x-klingon')).toThrow(
      new CharsetError('unknown character encoding "x-klingon" (declared in the Content-Type header)'),
    );
    expect(() => decodeDocument(latin('<?xml version="1.0" encoding="x-klingon"?><rss/>'), null)).toThrow(
      'declared in the XML declaration',
    );
  });
});
