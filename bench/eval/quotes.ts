/** Quote evaluation on PolNeAR (brat standoff): span precision/recall/F1 and speaker accuracy (quality.md §3). */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractQuotes } from '../../src/articles/quotes/index.js';
import { nameWords, quoteWords, sameQuote, speakerNamed } from './speaker-match.js';
import { type EvalSection, renderSection } from './table.js';

interface Line {
  start: number;
  text: string;
}

/** A run inside quotation marks, as pieces per line; continued pieces share the region. */
interface Region {
  pieces: { start: number; end: number }[];
}

interface GoldQuote {
  text: string;
  source: string;
}

interface Found {
  text: string;
  speaker: string | null;
}

interface Doc {
  name: string;
  publisher: string;
  text: string;
  lines: Line[];
  gold: GoldQuote[];
}

interface Score {
  found: number;
  gold: number;
  matched: number;
  speakerJudged: number;
  speakerRight: number;
}

const MIN_WORDS = 4;
const MARK = /[“”"«»„]/g;
const STARTS_WITH_MARK = /^\s*[“”"«»„]/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim()) lines.push({ start, text: raw });
    start += raw.length + 1;
  }
  return lines;
}

/** Quote-mark regions by plain alternation of double marks per line; a line opening with a mark continues an unclosed one. */
function markRegions(lines: Line[]): Region[] {
  const regions: Region[] = [];
  let open: Region | null = null;
  let openAt = -1;
  for (const line of lines) {
    const marks = [...line.text.matchAll(MARK)].map((m) => line.start + (m.index ?? 0));
    let k = 0;
    if (open) {
      if (marks[0] !== undefined && STARTS_WITH_MARK.test(line.text)) {
        openAt = (marks[0] ?? 0) + 1;
        k = 1;
      } else open = null;
    }
    for (; k < marks.length; k++) {
      const at = marks[k] ?? 0;
      if (!open) {
        open = { pieces: [] };
        regions.push(open);
        openAt = at + 1;
      } else {
        open.pieces.push({ start: openAt, end: at });
        open = null;
      }
    }
    if (open) open.pieces.push({ start: openAt, end: line.start + line.text.length });
  }
  return regions;
}

function regionText(text: string, region: Region): string {
  return region.pieces.map((p) => text.slice(p.start, p.end).trim()).join(' ');
}

interface Span {
  type: string;
  fragments: [number, number][];
}

/** Parses brat T and E lines; other lines (notes, wrapped span text) are skipped. */
function parseBrat(ann: string): { spans: Map<string, Span>; events: Map<string, string>[] } {
  const spans = new Map<string, Span>();
  const events: Map<string, string>[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d ;]+)\t/.exec(line);
    if (t?.[1] && t[2] && t[3]) {
      const fragments = t[3].split(';').map((f) => f.trim().split(' ').map(Number) as [number, number]);
      spans.set(t[1], { type: t[2], fragments });
      continue;
    }
    const e = /^E\d+\t(.*)$/.exec(line);
    if (e?.[1])
      events.push(
        new Map(
          e[1]
            .trim()
            .split(/\s+/)
            .map((arg) => arg.split(':') as [string, string]),
        ),
      );
  }
  return { spans, events };
}

/** Gold quotes: each quote-mark region clipped to an attribution's Content, 4+ words, one per region. */
function goldQuotes(text: string, regions: Region[], ann: string): GoldQuote[] {
  const { spans, events } = parseBrat(ann);
  const best = new Map<number, { quote: GoldQuote; words: number; size: number }>();
  for (const event of events) {
    const content = spans.get(event.get('Content') ?? '');
    if (!content) continue;
    const source = spans.get(event.get('Source') ?? '');
    const sourceText = source ? source.fragments.map(([s, e]) => text.slice(s, e)).join(' ') : '';
    const size = content.fragments.reduce((n, [s, e]) => n + e - s, 0);
    regions.forEach((region, id) => {
      const clipped: string[] = [];
      for (const piece of region.pieces)
        for (const [s, e] of content.fragments) {
          const a = Math.max(s, piece.start);
          const b = Math.min(e, piece.end);
          if (b > a) clipped.push(text.slice(a, b).trim());
        }
      const quoteText = clipped.join(' ');
      const n = quoteWords(quoteText).length;
      if (n < MIN_WORDS) return;
      const prior = best.get(id);
      if (!prior || n > prior.words || (n === prior.words && size < prior.size))
        best.set(id, { quote: { text: quoteText, source: sourceText }, words: n, size });
    });
  }
  return [...best.values()].map((b) => b.quote);
}

/** Each document's publisher, from metadata.tsv (filename -> publisher column); empty when absent. */
async function publishers(dir: string): Promise<Map<string, string>> {
  const path = join(dir, 'metadata.tsv');
  if (!existsSync(path)) return new Map();
  const [header = '', ...rows] = (await readFile(path, 'utf8')).split('\n');
  const columns = header.split('\t');
  const file = columns.indexOf('filename');
  const publisher = columns.indexOf('publisher');
  return new Map(
    rows
      .map((r) => r.split('\t'))
      .filter((r) => r[file])
      .map((r) => [r[file] ?? '', r[publisher] ?? '']),
  );
}

async function loadDocs(dir: string): Promise<Doc[]> {
  const publisherOf = await publishers(dir);
  const annFiles = (await readdir(join(dir, 'attributions'))).filter((f) => f.endsWith('.ann')).sort();
  const firstAnnotator = new Map<string, string>();
  for (const f of annFiles) {
    const base = f.replace(/_[0-9a-f]+\.ann$/, '');
    if (!firstAnnotator.has(base)) firstAnnotator.set(base, f);
  }
  const docs: Doc[] = [];
  for (const [base, annFile] of firstAnnotator) {
    const textPath = join(dir, 'text', `${base}.txt`);
    if (!existsSync(textPath)) continue;
    const text = await readFile(textPath, 'utf8');
    const ann = await readFile(join(dir, 'attributions', annFile), 'utf8');
    const lines = splitLines(text);
    docs.push({
      name: base,
      publisher: publisherOf.get(base) || base.split('_')[0] || '?',
      text,
      lines,
      gold: goldQuotes(text, markRegions(lines), ann),
    });
  }
  return docs;
}

/** Greedy one-to-one matching of found to gold quotes by word-set overlap, then speaker judgement. */
function scoreDoc(found: Found[], gold: GoldQuote[], score: Score, misses?: Miss[]): void {
  const goldWords = gold.map((g) => new Set(quoteWords(g.text)));
  const used = new Set<number>();
  score.found += found.length;
  score.gold += gold.length;
  for (const quote of found) {
    const qw = new Set(quoteWords(quote.text));
    const g = goldWords.findIndex((gw, i) => !used.has(i) && sameQuote(qw, gw));
    if (g < 0) continue;
    used.add(g);
    score.matched++;
    const names = nameWords(gold[g]?.source ?? '');
    if (names.length === 0) continue;
    score.speakerJudged++;
    if (speakerNamed(names, quote.speaker)) score.speakerRight++;
    else misses?.push({ kind: 'speaker', quote: quote.text, ours: quote.speaker, gold: gold[g]?.source ?? '' });
  }
  if (!misses) return;
  found.forEach((q) => {
    const qw = new Set(quoteWords(q.text));
    if (!goldWords.some((gw) => sameQuote(qw, gw))) misses.push({ kind: 'extra', quote: q.text, ours: q.speaker, gold: '' });
  });
  gold.forEach((g, i) => {
    if (!used.has(i)) misses.push({ kind: 'missed', quote: g.text, ours: null, gold: g.source });
  });
}

/** A wrong speaker, a found quote matching no gold one, or a gold quote not found: what --errors prints. */
interface Miss {
  kind: 'speaker' | 'extra' | 'missed';
  quote: string;
  ours: string | null;
  gold: string;
}

/** Every 4+-word run inside quotation marks, no speaker: what quote marks alone give. */
function baselineQuotes(doc: Doc): Found[] {
  return markRegions(doc.lines)
    .map((region) => ({ text: regionText(doc.text, region), speaker: null }))
    .filter((q) => quoteWords(q.text).length >= MIN_WORDS);
}

function row(name: string, s: Score): (string | number)[] {
  const p = s.found ? s.matched / s.found : 0;
  const r = s.gold ? s.matched / s.gold : 0;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  const speaker = s.speakerJudged ? s.speakerRight / s.speakerJudged : '-';
  return [name, p, r, f1, speaker, s.found, s.gold, s.matched, s.speakerJudged];
}

const emptyScore = (): Score => ({ found: 0, gold: 0, matched: 0, speakerJudged: 0, speakerRight: 0 });

/** Options: rows per publisher (how far figures move between sources: a guard against tuning to one), and each miss printed. */
export interface QuoteEvalOptions {
  byPublisher?: boolean;
  errors?: (doc: string, miss: Miss) => void;
}

/** Scores the quote-marks baseline and our extractor on `${corpusDir}/quotes/polnear-train`; null when absent. */
export async function evaluateQuotes(corpusDir: string, options: QuoteEvalOptions = {}): Promise<EvalSection | null> {
  const dir = join(corpusDir, 'quotes', 'polnear-train');
  if (!existsSync(join(dir, 'attributions')) || !existsSync(join(dir, 'text'))) return null;
  const docs = await loadDocs(dir);
  const baseline = emptyScore();
  const ours = emptyScore();
  const perPublisher = new Map<string, Score>();
  let millis = 0;
  for (const doc of docs) {
    scoreDoc(baselineQuotes(doc), doc.gold, baseline);
    const started = performance.now();
    const quotes = extractQuotes(doc.lines.map((l) => l.text));
    millis += performance.now() - started;
    const misses: Miss[] | undefined = options.errors ? [] : undefined;
    scoreDoc(quotes, doc.gold, ours, misses);
    for (const miss of misses ?? []) options.errors?.(doc.name, miss);
    if (!options.byPublisher) continue;
    const score = perPublisher.get(doc.publisher) ?? emptyScore();
    perPublisher.set(doc.publisher, score);
    scoreDoc(quotes, doc.gold, score);
  }
  const publisherRows = [...perPublisher].sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => row(`  ${name}`, s));
  return {
    title: `Quotes (PolNeAR train, ${docs.length} documents, first annotator)`,
    columns: ['system', 'precision', 'recall', 'F1', 'speaker acc', 'found', 'gold', 'matched', 'judged'],
    rows: [row('quote marks only (baseline)', baseline), row('newsbrief quotes', ours), ...publisherRows],
    notes: [`extractQuotes: ${(docs.length / Math.max(millis / 1000, 1e-9)).toFixed(0)} documents/s`],
  };
}

// `node bin/run.js bench/eval/quotes.ts [CORPUS_DIR] [--errors]`: section 3 with a row per publisher; --errors prints every miss.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const printErrors = args.includes('--errors');
  const corpus = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/corpus');
  const errors = printErrors
    ? (doc: string, m: Miss): void =>
        console.log(`${m.kind}\t${doc}\t${m.ours ?? '-'}\t${m.gold.replace(/\s+/g, ' ')}\t${m.quote.slice(0, 90)}`)
    : undefined;
  const section = await evaluateQuotes(corpus, { byPublisher: true, errors });
  console.log(section ? renderSection(section) : `no PolNeAR data under ${corpus}`);
}
