/**
 * Feed parsers compared on the same feeds (docs/adr/0022-feeds-read-by-our-own-parser.md):
 * correctness on tests/fixtures/feeds (one point per field checked) and CPU time on a generated
 * 1.5 MB RSS feed and its Atom twin.
 *
 *   node bin/run.js bench/feed-compare.ts [--before OLD_FEEDS_TS] [--feedsmith DIR_WITH_NODE_MODULES]
 *
 * --before reads with an older src/sources/feeds.ts (e.g. `git show REV:src/sources/feeds.ts`, saved
 * beside the current one); --feedsmith reads with feedsmith installed in DIR (`npm i feedsmith` there),
 * through the adapter in bench/feedsmith-adapter.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFeed } from '../src/sources/feeds.js';
import { bodyText } from '../src/sources/fetch.js';
import { FEED_CASES, meets } from '../tests/fixtures/feeds/cases.js';
import { type FeedsmithModule, feedsmithReader } from './feedsmith-adapter.js';

type Reader = (text: string, url: string) => unknown;

const FIXTURES = 'tests/fixtures/feeds';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Points scored on the fixture suite, and the checks that failed. */
function correctness(read: Reader): { passed: number; total: number; failures: string[] } {
  let passed = 0;
  let total = 0;
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    total++;
    if (ok) passed++;
    else failures.push(what);
  };
  for (const c of FEED_CASES) {
    const text = bodyText(readFileSync(join(FIXTURES, c.file)), c.contentType ?? null);
    let feed: unknown = null;
    let error: Error | null = null;
    try {
      feed = read(text, c.url);
    } catch (caught) {
      error = caught as Error;
    }
    if (c.error) {
      check(error !== null && c.error.test(error.message), `${c.file}: refused (${error?.message ?? 'read without error'})`);
      continue;
    }
    for (const [key, expected] of Object.entries(c.feed ?? {})) {
      check(meets(field(feed, key), expected), `${c.file} ${key}: ${JSON.stringify(field(feed, key))}`);
    }
    const items = field(feed, 'items');
    (c.items ?? []).forEach((expectations, i) => {
      const item = Array.isArray(items) ? items[i] : undefined;
      for (const [key, expected] of Object.entries(expectations)) {
        check(meets(field(item, key), expected), `${c.file} item ${i} ${key}: ${JSON.stringify(field(item, key))}`);
      }
    });
  }
  return { passed, total, failures };
}

const PARAGRAPH =
  'The harbour board approved the long-debated expansion of the container port on Tuesday evening &amp; residents ' +
  'near the waterfront raised concerns about traffic &mdash; and noise &hellip; during the construction, said the ' +
  'chair of the Stra&szlig;e committee, who put the cost at 5&nbsp;million &euro;.';

/** An RSS 2.0 feed of `items` items as news sites write them (~3 KB each: content:encoded, Dublin Core, media). */
export function generatedRss(items: number): string {
  const entries = Array.from(
    { length: items },
    (_, i) => `<item>
<title>Port expansion &#8211; part ${i} &amp; what it means</title>
<link>https://harbor.example/2024/03/story-${i}?utm_source=rss</link>
<guid isPermaLink="false">harbor-${i}</guid>
<pubDate>Tue, 05 Mar 2024 10:${String(i % 60).padStart(2, '0')}:00 +0100</pubDate>
<dc:creator>Reporter ${i}</dc:creator>
<description>${PARAGRAPH.slice(0, 160)}</description>
<content:encoded><![CDATA[<p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p><a href="/more/${i}">More</a> ${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p>]]></content:encoded>
<media:content url="/img/${i}.jpg" medium="image" width="1280"/>
<media:thumbnail url="/img/${i}-small.jpg" width="320"/>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Harbor Daily</title><link>https://harbor.example/</link>
${entries.join('\n')}
</channel></rss>`;
}

/** The same items as Atom, content as escaped HTML. */
export function generatedAtom(items: number): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = Array.from(
    { length: items },
    (_, i) => `<entry>
<title type="html">Port expansion &amp;#8211; &lt;b&gt;part ${i}&lt;/b&gt;</title>
<id>tag:harbor.example,2024:${i}</id>
<link rel="alternate" href="/2024/03/story-${i}"/>
<published>2024-03-05T10:${String(i % 60).padStart(2, '0')}:00+01:00</published>
<author><name>Reporter ${i}</name></author>
<content type="html">${escape(`<p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p><a href="/more/${i}">More</a> ${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><p>${PARAGRAPH}</p>`)}</content>
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://harbor.example/"><title>Harbor Daily</title>
${entries.join('\n')}
</feed>`;
}

/** CPU milliseconds per parse, the median of `runs` after warming up. */
function cpuPerParse(read: Reader, text: string, runs = 15): number {
  for (let i = 0; i < 3; i++) read(text, 'https://harbor.example/feed.xml');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    read(text, 'https://harbor.example/feed.xml');
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function option(name: string): string | null {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? null) : null;
}

async function readers(): Promise<Record<string, Reader>> {
  const found: Record<string, Reader> = { newsbrief: parseFeed };
  const before = option('--before');
  if (before) {
    const module = (await import(pathToFileURL(resolve(before)).href)) as { parseFeed: Reader };
    found.before = module.parseFeed;
  }
  const feedsmithDir = option('--feedsmith');
  if (feedsmithDir) {
    const entry = createRequire(join(resolve(feedsmithDir), 'package.json')).resolve('feedsmith');
    const module = (await import(pathToFileURL(entry.replace(/index\.cjs$/, 'index.mjs')).href)) as FeedsmithModule;
    found.feedsmith = feedsmithReader(module);
  }
  return found;
}

async function main(): Promise<void> {
  const rss = generatedRss(500);
  const atom = generatedAtom(500);
  console.log(`generated feeds: RSS ${(rss.length / 1e6).toFixed(2)} MB, Atom ${(atom.length / 1e6).toFixed(2)} MB, 500 items each`);
  for (const [name, read] of Object.entries(await readers())) {
    const score = correctness(read);
    console.log(`\n${name}: fixtures ${score.passed}/${score.total} checks`);
    for (const failure of score.failures) console.log(`  x ${failure}`);
    console.log(`  CPU per parse: RSS ${cpuPerParse(read, rss).toFixed(1)} ms, Atom ${cpuPerParse(read, atom).toFixed(1)} ms`);
  }
}

// Run as a script only: tests import the generators without running the comparison.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
