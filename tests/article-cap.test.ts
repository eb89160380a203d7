/**
 * A page longer than any article is cut before quotes and names are looked for (issue 18): at a
 * paragraph's end, with the article marked truncated for the ingest to report, and nothing added to
 * its text.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { quoteHeavyText } from '../bench/quote-shapes.js';
import { buildArticle, MAX_BODY_CHARS, MAX_RAW_CHARS } from '../src/articles/article.js';
import { ingestPaths } from '../src/news/ingest.js';
import { SqliteStore } from '../src/store/sqlite.js';

const bodyLength = (paragraphs: string[]) => paragraphs.reduce((sum, p) => sum + p.length, 0);

describe('the limit on an article body', () => {
  it('keeps an ordinary article whole and unmarked', () => {
    const article = buildArticle({ origin: 'short.txt', format: 'text', content: quoteHeavyText('attributed', 40) });
    expect(article.paragraphs).toHaveLength(40);
    expect(article).not.toHaveProperty('truncated');
  });

  it('cuts a page of 8,000 quote paragraphs at a paragraph end, and says so in the article, not in its text', () => {
    const text = quoteHeavyText('attributed', 8_000);
    const whole = text
      .split('\n\n')
      .slice(1)
      .map((p) => p.trim());
    expect(text.length).toBeGreaterThan(4 * MAX_BODY_CHARS);
    const article = buildArticle({ origin: 'long.txt', format: 'text', content: text });
    expect(article.truncated).toBe(true);
    expect(bodyLength(article.paragraphs)).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(bodyLength(article.paragraphs)).toBeGreaterThan(MAX_BODY_CHARS * 0.9);
    // The text kept is the page's own first paragraphs, whole, and nothing else.
    expect(article.paragraphs).toEqual(whole.slice(0, article.paragraphs.length));
    expect(article.quotes.length).toBe(article.paragraphs.length);
    expect(Math.max(...article.quotes.map((q) => q.paragraph))).toBe(article.paragraphs.length - 1);
  });

  it('cuts one huge paragraph at the end of a sentence', () => {
    const article = buildArticle({ origin: 'one.txt', format: 'text', content: quoteHeavyText('one-paragraph', 6_000) });
    expect(article.truncated).toBe(true);
    expect(article.paragraphs).toHaveLength(1);
    const [kept] = article.paragraphs;
    expect(kept!.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(kept!.length).toBeGreaterThan(MAX_BODY_CHARS / 2);
    expect(kept).toMatch(/said\.$/);
  });

  it('cleans at most the first few megabytes of a huge page dump', () => {
    const text = quoteHeavyText('he-said', 60_000);
    expect(text.length).toBeGreaterThan(MAX_RAW_CHARS.text);
    const article = buildArticle({ origin: 'huge.txt', format: 'text', content: text });
    expect(article.truncated).toBe(true);
    expect(bodyLength(article.paragraphs)).toBeLessThanOrEqual(MAX_BODY_CHARS);
    // The whole page's hash still tells an unchanged file from a changed one.
    const changed = buildArticle({ origin: 'huge.txt', format: 'text', content: `${text}One more line at the very end.\n` });
    expect(changed.contentHash).not.toBe(article.contentHash);
  });

  it('is reported by ingest, file by file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cap-'));
    writeFileSync(join(dir, 'long.txt'), quoteHeavyText('attributed', 8_000));
    writeFileSync(join(dir, 'short.txt'), quoteHeavyText('attributed', 40));
    const store = new SqliteStore(':memory:');
    try {
      const report = await ingestPaths(store, [dir], { maxFileBytes: 50e6 });
      expect(report.added).toBe(2);
      expect(report.truncated).toEqual([join(dir, 'long.txt')]);
    } finally {
      await store.close();
    }
  });

  it('is said by newsbrief clean, as "truncated": true on that file only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-cap-cli-'));
    writeFileSync(join(dir, 'long.txt'), quoteHeavyText('attributed', 8_000));
    writeFileSync(join(dir, 'short.txt'), quoteHeavyText('attributed', 40));
    const { stdout } = await promisify(execFile)('node', ['bin/newsbrief.js', 'clean', join(dir, 'long.txt'), join(dir, 'short.txt')], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { truncated?: boolean });
    expect(records.map((r) => r.truncated ?? false)).toEqual([true, false]);
  }, 60_000);
});
