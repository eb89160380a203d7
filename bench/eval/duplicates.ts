/**
 * One article per page (issue 16): how often the text dump and the HTML of one real page are taken for
 * one page, and how often two different reports (BASIL: one event, three outlets) are wrongly merged,
 * by the store's measure (a shared sketch hash, then shingle containment: articles/fingerprint.ts),
 * beside the exact body hash the feed path used alone.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cleanText } from '../../src/articles/clean/index.js';
import { bodySketch, INDEXED_HASHES, isCopy, likelyCopy, type Sketch, shingleSet } from '../../src/articles/fingerprint.js';
import { extractHtml } from '../../src/articles/html/index.js';
import { sha256 } from '../../src/hash.js';
import type { EvalSection } from './table.js';

/** A body with what each measure reads of it, computed once. */
interface Body {
  hash: string;
  sketch: Sketch;
  indexed: Set<number>;
  shingles: Set<number>;
}
type Measure = (a: Body, b: Body) => boolean;

function body(paragraphs: readonly string[]): Body {
  const sketch = bodySketch(paragraphs);
  return {
    hash: sha256(paragraphs.join('\n\n')),
    sketch,
    indexed: new Set(sketch.hashes.slice(0, INDEXED_HASHES)),
    shingles: shingleSet(paragraphs),
  };
}

const sameHash: Measure = (a, b) => a.hash === b.hash;
/** As the store decides: a shared indexed hash, a likely copy by the sketches, then the shingles in full. */
const sameByStore: Measure = (a, b) =>
  [...b.indexed].some((hash) => a.indexed.has(hash)) && likelyCopy(a.sketch, b.sketch) && isCopy(a.shingles, b.shingles);

/** Each page's body from its text dump and from its HTML. */
async function samePagePairs(dir: string): Promise<[Body, Body][]> {
  const pairs: [Body, Body][] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort()) {
    const html = join(dir, file.replace(/\.txt$/, '.html.gz'));
    if (!existsSync(html)) continue;
    const text = cleanText(await readFile(join(dir, file), 'utf8')).paragraphs;
    pairs.push([body(text), body(extractHtml(gunzipSync(await readFile(html)).toString('utf8')).paragraphs)]);
  }
  return pairs;
}

/** Every pair of different BASIL articles (same event or not). */
async function differentPagePairs(file: string): Promise<[Body, Body][]> {
  const bodies = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => body(String((JSON.parse(line) as { text?: unknown }).text ?? '').split(/\n+/)));
  const pairs: [Body, Body][] = [];
  for (let i = 0; i < bodies.length; i++) for (let k = i + 1; k < bodies.length; k++) pairs.push([bodies[i]!, bodies[k]!]);
  return pairs;
}

export async function evaluateDuplicates(corpusDir: string): Promise<EvalSection | null> {
  const pagesDir = join(corpusDir, 'extraction', 'pages');
  const basil = join(corpusDir, 'stories', 'basil.jsonl');
  if (!existsSync(pagesDir) || !existsSync(basil)) return null;
  const same = await samePagePairs(pagesDir);
  const different = await differentPagePairs(basil);
  const count = (pairs: [Body, Body][], measure: Measure) => pairs.filter(([a, b]) => measure(a, b)).length;
  const row = (name: string, measure: Measure) => {
    const found = count(same, measure);
    const merged = count(different, measure);
    return [name, found, same.length, found / same.length, merged, different.length];
  };
  return {
    title: 'One article per page (extraction/ text dump + HTML of each page; stories/basil.jsonl pairs)',
    columns: ['measure', 'same page found', 'of', 'rate', 'different pages merged', 'of'],
    rows: [row('same body hash (baseline)', sameHash), row('newsbrief: sketch + containment', sameByStore)],
    notes: ['A copy: >= 80% of the smaller body’s 5-word shingles in the other, sizes within 2x (docs/adr/0013-one-article-per-page.md).'],
  };
}
