import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/articles/clean.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/clean/${name}`, import.meta.url)), 'utf8');
const seedPath = fileURLToPath(new URL('../data/articles/townhall-iran-rejects-direct-talks.txt', import.meta.url));

const harbour = fixture('harbour-bridge.txt');

describe('cleanText on a whole-page text dump', () => {
  const page = cleanText(harbour);

  it("drops the site's navigation headlines", () => {
    const body = page.paragraphs.join('\n');
    for (const nav of ['Council Approves New Budget for Libraries', 'Storm Warning Issued for Weekend', 'Subscribe', 'Weather', 'Ferry Service to Resume Full Timetable in May']) {
      expect(body).not.toContain(nav);
    }
  });

  it('finds the title line above the body, its section and the site from the <title> line', () => {
    expect(page.title).toBe('Harbour Bridge Reopens to Traffic After Two Years of Repairs');
    expect(page.section).toBe('Local');
    expect(page.source).toBe('The Coastal Gazette');
  });

  it('drops Advertisement lines, photo credits and the share bar', () => {
    expect(page.paragraphs).not.toContain('Advertisement');
    expect(page.paragraphs.some((p) => p.includes('Getty Images'))).toBe(false);
    expect(page.paragraphs.some((p) => /^(Share this article|Facebook|Twitter|Email)$/.test(p))).toBe(false);
  });

  it('keeps the article paragraphs in order, and a short subhead between long ones', () => {
    expect(page.paragraphs).toHaveLength(6);
    expect(page.paragraphs[0]).toMatch(/^The Harbour Bridge reopened/);
    expect(page.paragraphs[2]).toBe('Why it took so long');
    expect(page.paragraphs[5]).toMatch(/^The final cost of the project/);
  });

  it('stops at the related stories, comments and copyright footer', () => {
    const body = page.paragraphs.join('\n');
    expect(body).not.toMatch(/Related Stories|Trending|Comments|All rights reserved|Privacy Policy/);
  });

  it('reads the byline and the publication date', () => {
    expect(page.byline).toBe('Jane Doe');
    expect(page.published).toBe('2024-03-03');
  });
});

describe('cleanText metadata layouts', () => {
  const page = cleanText(fixture('name-first-byline.txt'));

  it('reads a "Name, Agency" byline, an ISO date-time and a "Headline | Site" title', () => {
    expect(page.title).toBe('Wind farm plan wins approval');
    expect(page.source).toBe('Northern Daily');
    expect(page.byline).toBe('Maria Lopez');
    expect(page.published).toBe('2024-05-14T08:30:00Z');
    expect(page.paragraphs).toHaveLength(3);
  });

  it('says null for what the page does not tell', () => {
    const bare = cleanText(
      'Regulators approved the plan on Tuesday after a review that lasted more than three years and drew thousands of comments from residents.\n',
    );
    expect(bare).toMatchObject({ title: null, section: null, byline: null, published: null, source: null, url: null });
    expect(bare.paragraphs).toHaveLength(1);
  });
});

describe('cleanText robustness', () => {
  it('handles CRLF line endings like LF', () => {
    expect(cleanText(harbour.replace(/\n/g, '\r\n'))).toEqual(cleanText(harbour));
  });

  it('handles empty input, blank input and a single line', () => {
    expect(cleanText('')).toEqual({ title: null, section: null, byline: null, published: null, publishedFrom: null, source: null, url: null, paragraphs: [] });
    expect(cleanText('\n\r\n  \n').paragraphs).toEqual([]);
    expect(() => cleanText('Just one line')).not.toThrow();
  });

  it('handles a dump with no blank lines', () => {
    const dense = cleanText(harbour.replace(/\n\n+/g, '\n'));
    expect(dense.title).toBe('Harbour Bridge Reopens to Traffic After Two Years of Repairs');
    expect(dense.paragraphs).toHaveLength(6);
  });

  it('cleans several megabytes quickly, in lines or in one long line', () => {
    const sentence = 'the inspectors walked the span again and wrote down what they saw on each of the cables';
    const big = Array.from({ length: 40_000 }, (_, i) => `Note ${i}: ${sentence}, and it was the ${i}th note of the day.`).join('\n'); // ~4 MB
    const started = performance.now();
    expect(cleanText(big).paragraphs.length).toBeGreaterThan(0);
    expect(cleanText(big.replace(/\n/g, ' ')).paragraphs.length).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('the seed page shipped in data/articles', () => {
  const seed = cleanText(readFileSync(seedPath, 'utf8'));

  it('gives its title and section', () => {
    expect(seed.title).toBe("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(seed.section).toBe('Tipsheet');
  });

  it('gives exactly its six article paragraphs, trimmed', () => {
    expect(seed.paragraphs).toHaveLength(6);
    expect(seed.paragraphs[0]).toMatch(/^Iran's president made it clear on Sunday/);
    expect(seed.paragraphs[5]).toMatch(/^During a cabinet meeting/);
    for (const p of seed.paragraphs) expect(p).toBe(p.trim());
    const body = seed.paragraphs.join('\n');
    for (const junk of ['Advertisement', 'Pool via AP', 'Join the conversation', 'Recommended', 'Trending on Townhall', 'Reagan National Airport']) {
      expect(body).not.toContain(junk);
    }
  });
});
