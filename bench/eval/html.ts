/** Quality of HTML extraction: body shingle P/R/F1 on extraction/ (with peers for scale), metadata on readability/. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { splitTitle } from '../../src/articles/clean/index.js';
import { extractHtml } from '../../src/articles/html/index.js';
import type { CleanedPage } from '../../src/articles/model.js';
import { readabilityExtract, scoreReadability } from './readability.js';
import { type ShingleCounts, scoresFromCounts, shingleMatch } from './shingles.js';
import type { EvalSection } from './table.js';

interface TruthEntry {
  url: string;
  articleBody: string;
}

interface ExpectedMetadata {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Scores newsbrief on every page with a truth body, timing only the extraction itself. */
function scoreNewsbrief(dir: string, truth: Record<string, TruthEntry>): { scores: ShingleCounts[]; pagesPerSecond: number } {
  const scores: ShingleCounts[] = [];
  let seconds = 0;
  for (const [id, entry] of Object.entries(truth)) {
    const path = join(dir, 'pages', `${id}.html.gz`);
    if (!existsSync(path)) continue;
    const html = gunzipSync(readFileSync(path)).toString('utf8');
    const started = performance.now();
    const page = extractHtml(html, entry.url);
    seconds += (performance.now() - started) / 1000;
    scores.push(shingleMatch(entry.articleBody, page.paragraphs.join('\n\n')));
  }
  return { scores, pagesPerSecond: seconds > 0 ? scores.length / seconds : 0 };
}

/** Peer outputs are `{id: {articleBody}}` files named after the system. */
function scorePeer(path: string, truth: Record<string, TruthEntry>): ShingleCounts[] {
  const outputs = readJson<Record<string, { articleBody?: string | null }>>(path);
  return Object.entries(truth).map(([id, entry]) => shingleMatch(entry.articleBody, outputs[id]?.articleBody ?? ''));
}

function bodySection(corpusDir: string): EvalSection {
  const dir = join(corpusDir, 'extraction');
  const truth = readJson<Record<string, TruthEntry>>(join(dir, 'truth.json'));
  const ours = scoreNewsbrief(dir, truth);
  const summary = scoresFromCounts(ours.scores);
  const readability = scoreReadability(dir, truth);
  const baseline = scoresFromCounts(readability.scores);
  const ratio = readability.pagesPerSecond > 0 ? ours.pagesPerSecond / readability.pagesPerSecond : 0;
  const rows: (string | number)[][] = [
    ['newsbrief html', summary.precision, summary.recall, summary.f1, summary.pages, Math.round(ours.pagesPerSecond)],
    [
      'readability.js 0.6 + linkedom (this run)',
      baseline.precision,
      baseline.recall,
      baseline.f1,
      baseline.pages,
      Math.round(readability.pagesPerSecond),
    ],
  ];
  const peersDir = join(dir, 'peers');
  const peers = existsSync(peersDir)
    ? readdirSync(peersDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const file of peers) {
    const peer = scoresFromCounts(scorePeer(join(peersDir, file), truth));
    rows.push([`peer: ${file.replace(/\.json$/, '')}`, peer.precision, peer.recall, peer.f1, peer.pages, '-']);
  }
  return {
    title: 'HTML body extraction (extraction/, 4-word shingles)',
    columns: ['system', 'precision', 'recall', 'F1', 'pages', 'pages/s'],
    rows,
    notes: [
      `F1 newsbrief ${summary.f1.toFixed(3)} vs readability ${baseline.f1.toFixed(3)} (${(summary.f1 - baseline.f1 >= 0 ? '+' : '') + (summary.f1 - baseline.f1).toFixed(3)}); ` +
        `speed newsbrief/readability = ${ratio.toFixed(2)}x pages/s; readability found nothing on ${readability.failures} pages`,
      'quality.md baselines (dev F1): Readability.js 0.951, readability-lxml 0.900, newspaper 0.961, trafilatura 0.958; target >= 0.95',
    ],
  };
}

function normalizeText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Bylines compare without "By", case or spacing (the expected values are Readability's raw outputs). */
function normalizeByline(text: string | null | undefined): string {
  return normalizeText(text)
    .replace(/^by\s+/i, '')
    .toLowerCase();
}

/** Dates match on the same instant when both carry a time, else on the same calendar day. */
function sameDate(expected: string, actual: string | null): boolean {
  if (!actual) return false;
  const hasTime = (d: string) => /\d{2}:\d{2}/.test(d);
  const a = Date.parse(expected.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  const b = Date.parse(actual);
  if (hasTime(expected) && hasTime(actual) && !Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  return expected.slice(0, 10) === actual.slice(0, 10);
}

interface FieldTally {
  matched: number;
  total: number;
}

/** Readability's own agreement with its recorded outputs (linkedom instead of jsdom can differ). */
function tallyPeer(tally: FieldTally, expected: string | null | undefined, matches: boolean): void {
  if (!expected) return;
  tally.total++;
  if (matches) tally.matched++;
}

function metadataSection(corpusDir: string): EvalSection | null {
  const dir = join(corpusDir, 'readability');
  if (!existsSync(dir)) return null;
  const tallies: Record<'title' | 'headline' | 'byline' | 'published' | 'source', FieldTally> = {
    title: { matched: 0, total: 0 },
    headline: { matched: 0, total: 0 },
    byline: { matched: 0, total: 0 },
    published: { matched: 0, total: 0 },
    source: { matched: 0, total: 0 },
  };
  const peer = { title: { matched: 0, total: 0 }, byline: { matched: 0, total: 0 } };
  const count = (field: keyof typeof tallies, expected: string | null | undefined, matches: boolean) => {
    if (!expected) return;
    tallies[field].total++;
    if (matches) tallies[field].matched++;
  };
  for (const name of readdirSync(dir).sort()) {
    const source = join(dir, name, 'source.html');
    const expectedPath = join(dir, name, 'expected-metadata.json');
    if (!existsSync(source) || !existsSync(expectedPath)) continue;
    const expected = readJson<ExpectedMetadata>(expectedPath);
    const page: CleanedPage = extractHtml(readFileSync(source, 'utf8'));
    count('title', expected.title, normalizeText(expected.title) === normalizeText(page.title));
    // Readability keeps the <title>'s site suffix ("... | IAB"), which newsbrief takes off by design
    const expectedHeadline = expected.title ? splitTitle(expected.title, expected.siteName ?? null).headline : null;
    count('headline', expected.title, normalizeText(expectedHeadline) === normalizeText(page.title));
    count('byline', expected.byline, normalizeByline(expected.byline) === normalizeByline(page.byline));
    count('published', expected.publishedTime, !!expected.publishedTime && sameDate(expected.publishedTime, page.published));
    count('source', expected.siteName, normalizeText(expected.siteName) === normalizeText(page.source));
    const theirs = readabilityExtract(readFileSync(source, 'utf8'));
    tallyPeer(peer.title, expected.title, normalizeText(expected.title) === normalizeText(theirs?.title));
    tallyPeer(peer.byline, expected.byline, normalizeByline(expected.byline) === normalizeByline(theirs?.byline));
  }
  return {
    title: 'HTML metadata (readability/, against Readability.js outputs)',
    columns: ['field', 'matched', 'pages with a value', 'rate', 'readability.js+linkedom rate'],
    rows: Object.entries(tallies).map(([field, t]) => {
      const theirs = field === 'title' || field === 'byline' ? peer[field] : null;
      return [field, t.matched, t.total, t.total ? t.matched / t.total : 0, theirs?.total ? theirs.matched / theirs.total : '-'];
    }),
    notes: [
      'title exact (whitespace collapsed); byline ignoring "By", case, spacing; published same instant (or day); source = siteName',
      "headline = title with the site suffix and section labels taken off Readability's expected title too (newsbrief never keeps them)",
    ],
  };
}

/** Both HTML sections, or null when the corpus has no extraction/ folder. */
export async function evaluateHtml(corpusDir: string): Promise<EvalSection[] | null> {
  if (!existsSync(join(corpusDir, 'extraction', 'truth.json'))) return null;
  const sections = [bodySection(corpusDir)];
  const metadata = metadataSection(corpusDir);
  if (metadata) sections.push(metadata);
  return sections;
}
