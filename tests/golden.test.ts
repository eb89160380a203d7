/**
 * Golden outputs (issue 22): every sample article and every page fixture, cleaned and read as ingest
 * does, is compared with the JSON committed under tests/golden/. A change that moves a paragraph, a
 * quote's speaker, an entity or a date shows here as a diff to accept or to fix.
 *
 * To accept today's output after an intended change: UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts
 * (then read the diff of tests/golden/ before committing it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticle, NotAnArticleError } from '../src/articles/article.js';
import type { Quote } from '../src/articles/model.js';
import { filesIn } from './support/text-cases.js';

const ROOT = join(import.meta.dirname, '..');
const GOLDEN = join(ROOT, 'tests', 'golden');
/** Read at test time only; the tests never write the golden files unless asked to. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
/** A fixed ingestion time: dates are judged against it (a page dated after it is not believed). */
const INGESTED_AT = new Date('2026-12-01T00:00:00.000Z');

/** The folders of whole pages (text dumps and HTML); tests/fixtures/quotes holds paragraphs, not pages. */
const PAGE_FOLDERS = [
  'data/articles',
  'tests/fixtures/stories',
  'tests/fixtures/together',
  'tests/fixtures/clean',
  'tests/fixtures/duplicates',
  'tests/fixtures/discord',
];

/** What cleaning and reading a page gives, as the golden file holds it. */
type Golden =
  | {
      title: string;
      published: string | null;
      publishedFrom: string | null;
      byline: string | null;
      source: string | null;
      section: string | null;
      paragraphs: string[];
      quotes: Quote[];
      entities: string[];
    }
  | { notAnArticle: string };

function goldenOf(folder: string, file: string): Golden {
  const origin = `${folder}/${basename(file)}`;
  const format = /\.html?$/.test(file) ? 'html' : 'text';
  try {
    const article = buildArticle({ origin, format, content: readFileSync(file, 'utf8') }, INGESTED_AT);
    const { title, published, publishedFrom, byline, source, section, paragraphs, quotes } = article;
    return { title, published, publishedFrom, byline, source, section, paragraphs, quotes, entities: article.entities ?? [] };
  } catch (error) {
    if (error instanceof NotAnArticleError) return { notAnArticle: error.message };
    throw error;
  }
}

describe('golden outputs of the sample articles and page fixtures', () => {
  for (const folder of PAGE_FOLDERS) {
    for (const file of filesIn(join(ROOT, folder), ['.txt', '.html', '.htm'])) {
      const goldenFile = join(GOLDEN, folder.replace(/\//g, '-'), `${basename(file)}.json`);
      it(`${folder}/${basename(file)} reads as committed`, () => {
        const actual = goldenOf(folder, file);
        if (UPDATE) {
          mkdirSync(dirname(goldenFile), { recursive: true });
          writeFileSync(goldenFile, JSON.stringify(actual, null, 2) + '\n');
        }
        expect(existsSync(goldenFile), `no golden file ${goldenFile}: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
        expect(actual).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
      });
    }
  }
});
