import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArticle, buildArticles, NotAnArticleError, type RawPage } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { ingestPages } from '../src/ingest/index.js';
import { ingestPaths } from '../src/news/ingest.js';
import { SqliteStore } from '../src/store/sqlite.js';

const MB = 1024 * 1024;
let dir: string;
let dbPath: string;
let store: SqliteStore;

/** A plain-text page dump of the shape the product ingests, with a distinct title and body. */
function pageDump(n: number, extra = ''): string {
  return [
    `Harbor Ferry Adds Trip Number ${n} - The Sample Ledger`,
    'Home',
    'Local',
    'Subscribe',
    '',
    `Harbor Ferry Adds Trip Number ${n}`,
    '',
    `The harbor ferry will add evening trip number ${n} starting next month, the transit agency said on Tuesday, after riders asked for a later boat home from the city centre.`,
    '',
    `Officials said the extra sailing would cost about ${n * 10} dollars a week to run and would be reviewed after six months of service. ${extra}`,
    '',
    'Advertisement',
  ].join('\n');
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Replaces NAME.txt by NAME.html declaring a charset nobody knows. */
function unknownCharset(name: string): string {
  rmSync(join(dir, `${name}.txt`));
  return write(`${name}.html`, '<html><head><meta charset="x-klingon"><title>Hafen</title></head><body><p>Text.</p></body></html>');
}

function integrityOk(): boolean {
  const db = new Database(dbPath, { readonly: true });
  const result = db.pragma('integrity_check', { simple: true });
  db.close();
  return result === 'ok';
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-ingest-'));
  dbPath = join(dir, 'db', 'test.db');
  store = new SqliteStore(dbPath);
});

afterEach(async () => {
  await store.close();
});

const options = { maxFileBytes: 50 * MB };

describe('ingest', () => {
  it('is idempotent: a second run over unchanged files adds and updates nothing', async () => {
    write('a/one.txt', pageDump(1));
    write('a/b/two.txt', pageDump(2));
    const first = await ingestPaths(store, [join(dir, 'a')], options);
    expect(first).toEqual({ added: 2, updated: 0, unchanged: 0, failed: [], duplicates: [] });
    const second = await ingestPaths(store, [join(dir, 'a')], options);
    expect(second).toEqual({ added: 0, updated: 0, unchanged: 2, failed: [], duplicates: [] });
    expect(await store.count()).toBe(2);
  });

  it("updates a changed file's article in place, keeping its id", async () => {
    const file = write('one.txt', pageDump(1));
    await ingestPaths(store, [file], options);
    const [before] = await store.latest({ limit: 1 });
    write('one.txt', pageDump(1, 'The agency later said the trip would also run on Sundays.'));
    const report = await ingestPaths(store, [file], options);
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    const [after] = await store.get([before!.id]);
    expect(after?.paragraphs.join(' ')).toContain('also run on Sundays');
    expect(await store.count()).toBe(1);
  });

  it('reports an empty file by name and reason', async () => {
    const file = write('empty.txt', '');
    const report = await ingestPaths(store, [file], options);
    expect(report.failed).toEqual([{ file, reason: 'empty file' }]);
  });

  it('reports a binary file by name and reason', async () => {
    const file = write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]));
    const report = await ingestPaths(store, [file], options);
    expect(report.failed).toEqual([{ file, reason: 'binary file, not text' }]);
  });

  it('reads a file that is not UTF-8 and declares nothing as Windows-1252', async () => {
    const text = pageDump(3, 'The caf\xe9 by the pier said \x93we stay open\x94 and a ticket costs 5 \x80.');
    const file = write('latin1.txt', Buffer.from(text, 'latin1'));
    const report = await ingestPaths(store, [file], options);
    expect(report).toMatchObject({ added: 1, failed: [] });
    const [latest] = await store.latest({ limit: 1 });
    const [article] = await store.get([latest!.id]);
    expect(article!.paragraphs.join('\n')).toContain('The café by the pier said “we stay open” and a ticket costs 5 €.');
  });

  it('reads a UTF-16 file by its byte-order mark', async () => {
    const file = write(
      'utf16.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pageDump(7, 'The caf\u00e9 stays open.'), 'utf16le')]),
    );
    const report = await ingestPaths(store, [file], options);
    expect(report).toMatchObject({ added: 1, failed: [] });
    const [latest] = await store.latest({ limit: 1 });
    const [article] = await store.get([latest!.id]);
    expect(article!.paragraphs.join('\n')).toContain('The café stays open.');
  });

  it('reads an HTML file by its <meta charset>, and refuses a charset nobody knows in one line', async () => {
    const body =
      '<p>Die Stra\xdfe am Hafen wird f\xfcr den Verkehr gesperrt, sagte die Stadt am Dienstag nach einer langen Sitzung des Rates.</p>';
    const page = (charset: string) =>
      Buffer.from(
        `<html><head><meta charset="${charset}"><title>Hafen</title></head><body><article>${body.repeat(3)}</article></body></html>`,
        'latin1',
      );
    const latin = write('latin.html', page('iso-8859-1'));
    const klingon = write('klingon.html', page('x-klingon'));
    const report = await ingestPaths(store, [latin, klingon], options);
    expect(report.failed).toEqual([{ file: klingon, reason: 'unknown character encoding "x-klingon" (declared in the page\'s <meta>)' }]);
    const [latest] = await store.latest({ limit: 1 });
    const [article] = await store.get([latest!.id]);
    expect(article!.paragraphs.join('\n')).toContain('Die Straße am Hafen wird für den Verkehr gesperrt');
  });

  it('ingests a 20 MB file, and refuses one over the size limit with the reason', async () => {
    const paragraph = 'Residents of the harbor district said the ferry was crowded every evening and asked for more trips. ';
    const big = pageDump(4) + '\n\n' + Array.from({ length: (20 * MB) / (paragraph.length * 8) }, () => paragraph.repeat(8)).join('\n\n');
    expect(big.length).toBeGreaterThan(19 * MB);
    const file = write('big.txt', big);
    const report = await ingestPaths(store, [file], options);
    expect(report).toMatchObject({ added: 1, failed: [] });
    const refused = await ingestPaths(store, [file], { maxFileBytes: 10 * MB });
    expect(refused.failed).toEqual([{ file, reason: expect.stringMatching(/^file too large \(\d+\.\d MB, limit 10\.0 MB\)$/) }]);
  });

  it('reads gzipped pages and refuses a gzip bomb by its decompressed size', async () => {
    const ok = write('page.txt.gz', gzipSync(pageDump(5)));
    const bomb = write('bomb.txt.gz', gzipSync(Buffer.alloc(30 * MB, 'a')));
    const report = await ingestPaths(store, [ok, bomb], { maxFileBytes: 10 * MB });
    expect(report.added).toBe(1);
    expect(report.failed).toEqual([{ file: bomb, reason: 'decompressed size over the 10.0 MB limit' }]);
  });

  it('reports a missing path and an unsupported file type given explicitly', async () => {
    const missing = join(dir, 'nope');
    const pdf = write('doc.pdf', 'x');
    const report = await ingestPaths(store, [missing, pdf], options);
    expect(report.failed).toEqual([
      { file: missing, reason: 'no such file or folder' },
      { file: pdf, reason: expect.stringContaining('unsupported file type') },
    ]);
  });

  it('ingests a folder of 1,000 files, reports each of the few broken ones, and keeps the database intact', async () => {
    for (let i = 0; i < 1000; i++) write(`bulk/${String(i).padStart(4, '0')}.txt`, pageDump(i));
    const broken = [
      write('bulk/0100.txt', ''),
      write('bulk/0200.txt', Buffer.from([0, 1, 2, 3, 0, 0, 0])),
      unknownCharset('bulk/0300'),
      write('bulk/0400.txt', '   \n\n  \n'),
    ];
    write('bulk/notes.md', 'not an article: ignored in a folder walk');
    const report = await ingestPaths(store, [join(dir, 'bulk')], options);
    expect(report.failed.map((f) => f.file)).toEqual(broken);
    expect(report.failed.map((f) => f.reason)).toEqual([
      'empty file',
      'binary file, not text',
      'unknown character encoding "x-klingon" (declared in the page\'s <meta>)',
      'empty file (only whitespace)',
    ]);
    expect(report.added).toBe(996);
    expect(await store.count()).toBe(996);
    expect(integrityOk()).toBe(true);
    const again = await ingestPaths(store, [join(dir, 'bulk')], options);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 996 });
  });

  it('builds batches on a worker and on this thread, and writes them in order: a later copy of a page wins', async () => {
    const pages = Array.from({ length: 1200 }, (_, n) => ({ origin: `bulk/${n}.txt`, format: 'text' as const, content: pageDump(n) }));
    // Page 5 comes again near the end with new wording; written in order, that wording is what stays.
    pages.push({ origin: 'bulk/5.txt', format: 'text', content: pageDump(5, 'The schedule was revised on Friday.') });
    pages.push({ origin: 'bulk/broken.txt', format: 'text', content: 'Home\nMenu' });
    let progress = 0;
    const report = await ingestPages(store, pages, { workers: 1, batchSize: 50, onProgress: (done) => (progress = done) });
    expect(report.added).toBe(1200);
    expect(report.updated).toBe(1);
    expect(report.failed.map((f) => f.file)).toEqual(['bulk/broken.txt']);
    expect(progress).toBe(1202);
    expect(await store.count()).toBe(1200);
    const found = await store.search({ groups: [['revised']] }, { limit: 5 });
    expect(found.map((a) => a.title)).toEqual(['Harbor Ferry Adds Trip Number 5']);
    expect(integrityOk()).toBe(true);
  });

  it('writes a bulk load several built batches to a transaction, in order, reporting progress per transaction', async () => {
    const pages = Array.from({ length: 65 }, (_, n) => ({ origin: `tx/${n}.txt`, format: 'text' as const, content: pageDump(n) }));
    pages.splice(40, 0, { origin: 'tx/broken.txt', format: 'text', content: 'Home\nMenu' });
    // Page 3 again in the last transaction, with new wording: order holds across transactions.
    pages.push({ origin: 'tx/3.txt', format: 'text', content: pageDump(3, 'The timetable changed again.') });
    const written: number[] = [];
    const upsertMany = store.upsertMany.bind(store);
    const counting = Object.assign(Object.create(store) as SqliteStore, {
      upsertMany: (articles: Article[]) => {
        written.push(articles.length);
        return upsertMany(articles);
      },
    });
    const progress: number[] = [];
    const report = await ingestPages(counting, pages, {
      batchSize: 10,
      transactionSize: 25,
      bulk: true,
      onProgress: (done) => progress.push(done),
    });
    // Batches of 10 pages go out once 25 or more are waiting: 30, 30, then the last 7 (the broken page is reported, not written).
    expect(written).toEqual([30, 29, 7]);
    expect(progress).toEqual([30, 60, 67]);
    expect(report).toMatchObject({ added: 65, updated: 1 });
    expect(report.failed.map((f) => f.file)).toEqual(['tx/broken.txt']);
    expect(await store.count()).toBe(65);
    expect((await store.search({ groups: [['timetable']] }, { limit: 5 })).map((a) => a.title)).toEqual([
      'Harbor Ferry Adds Trip Number 3',
    ]);
    expect(integrityOk()).toBe(true);
  });
});

describe('ingestPages into an empty store', () => {
  it('skips the unchanged-content look-up, and still reports a repeated page as unchanged', async () => {
    const page = (n: number, extra = '') => ({ origin: `first/${n}.txt`, format: 'text' as const, content: pageDump(n, extra) });
    let lookUps = 0;
    const contentHash = store.contentHash.bind(store);
    const counting = Object.assign(Object.create(store) as SqliteStore, {
      contentHash: (id: string) => {
        lookUps++;
        return contentHash(id);
      },
    });
    const first = await ingestPages(counting, [page(1), page(2), page(1), page(2, 'Revised on Monday.')], { batchSize: 2 });
    expect(first).toMatchObject({ added: 2, unchanged: 1, updated: 1, failed: [] });
    expect(lookUps).toBe(0);
    // The store now holds articles: unchanged pages are recognised before they are built.
    const again = await ingestPages(counting, [page(1), page(2, 'Revised on Monday.')], { batchSize: 2 });
    expect(again).toMatchObject({ added: 0, unchanged: 2, updated: 0 });
    expect(lookUps).toBe(2);
  });
});

describe('buildArticles', () => {
  const dataDir = new URL('../data/articles/', import.meta.url);
  const samples: RawPage[] = [
    {
      origin: 'ledger-iran-oil-exports.txt',
      format: 'text',
      content: readFileSync(new URL('ledger-iran-oil-exports.txt', dataDir), 'utf8'),
    },
    { origin: 'nav-only.txt', format: 'text', content: 'Home\nMenu\nSubscribe' },
    {
      origin: 'harbor-daily-solar-schools.html',
      format: 'html',
      content: readFileSync(new URL('harbor-daily-solar-schools.html', dataDir), 'utf8'),
    },
    // Not a string: cleaning throws a TypeError for this page alone.
    { origin: 'corrupt.txt', format: 'text', content: null as unknown as string },
    {
      origin: 'ledger-council-bike-lanes.txt',
      format: 'text',
      content: readFileSync(new URL('ledger-council-bike-lanes.txt', dataDir), 'utf8'),
    },
  ];
  const at = new Date('2026-01-02T03:04:05Z');

  it('builds each page of a batch exactly as buildArticle builds it alone, failures included', () => {
    const built = buildArticles(samples, at);
    expect(built).toHaveLength(samples.length);
    samples.forEach((page, i) => {
      const result = built[i]!;
      let alone: Article | Error;
      try {
        alone = buildArticle(page, at);
      } catch (error) {
        alone = error as Error;
      }
      if (alone instanceof Error) {
        expect(result.ok).toBe(false);
        expect(result.ok ? null : (result.error as Error).message).toBe(alone.message);
      } else {
        expect(result).toEqual({ ok: true, article: alone });
      }
    });
    expect(built.map((b) => b.ok)).toEqual([true, false, true, false, true]);
    const articles = built.flatMap((b) => (b.ok ? [b.article] : []));
    expect(articles.map((a) => a.quotes.length > 0)).toEqual([true, true, true]);
    expect(articles.map((a) => a.entities)).toEqual([['Tehran'], [], ['Main Street']]);
  });

  it("keeps one page's failure to itself: the same pages without the broken ones build the same", () => {
    const good = samples.filter((_, i) => i !== 1 && i !== 3);
    const withBroken = buildArticles(samples, at).filter((b) => b.ok);
    expect(withBroken).toEqual(buildArticles(good, at));
    const failed = buildArticles(samples, at)[1]!;
    expect(failed.ok ? null : failed.error).toBeInstanceOf(NotAnArticleError);
  });
});
