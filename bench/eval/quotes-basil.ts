/**
 * Quote speakers on news the rules were never tuned on (issue 16): a seeded sample of BASIL articles
 * (NYT, Fox News, HuffPost), labelled by hand in quotes-basil-labels.json as character offsets into
 * each article's text and the speaker's name ("none" for a title or scare quotes). Prints span
 * precision of what extractQuotes finds there and speaker accuracy by quality.md's §3 rule, per
 * outlet and per half (A: the half rules may be tuned on; B: never looked at while tuning).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Quote } from '../../src/articles/model.js';
import { extractQuotes } from '../../src/articles/quotes/index.js';
import { nameWords, quoteWords, sameQuote, speakerNamed } from './speaker-match.js';
import { type EvalSection, renderSection } from './table.js';

export interface BasilArticle {
  doc_id: string;
  outlet: string;
  text: string;
}

/** One labelled quote: its span in the article's text and who said it ("none": not a speaker's words). */
export interface BasilLabel {
  doc_id: string;
  start: number;
  end: number;
  speaker: string;
  /** Set on a quote the extractor did not report when labelled. */
  missed?: boolean;
}

/** A found quote with where it sits in the article's text. */
export interface PlacedQuote extends Quote {
  start: number;
  end: number;
}

const SEED = 'newsbrief-issue16-basil';
/** Articles drawn per outlet: the lowest hashes of the seeded doc_id, never chosen by reading. */
export const PER_OUTLET = 18;
export const FRESH_PER_OUTLET = 10;
const LABELS = new URL('./quotes-basil-labels.json', import.meta.url);

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Half A or B of the first sample, by a hash of doc_id alone. */
export function halfOf(docId: string): 'A' | 'B' {
  return Number.parseInt(hash(`${SEED}:half:${docId}`).slice(0, 2), 16) % 2 === 0 ? 'A' : 'B';
}

/** Each outlet's articles by the seeded hash of their doc_id: the sample takes them in this order, never by reading. */
function rankedByOutlet(all: readonly BasilArticle[]): BasilArticle[][] {
  const byOutlet = new Map<string, BasilArticle[]>();
  for (const a of all) byOutlet.set(a.outlet, [...(byOutlet.get(a.outlet) ?? []), a]);
  return [...byOutlet]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, articles]) =>
      articles
        .map((a) => ({ a, h: hash(`${SEED}:${a.doc_id}`) }))
        .sort((x, y) => x.h.localeCompare(y.h))
        .map((r) => r.a),
    );
}

/** The first sample: per outlet, the PER_OUTLET articles ranked first (halves A and B). */
export function sampleArticles(all: readonly BasilArticle[]): BasilArticle[] {
  return rankedByOutlet(all).flatMap((ranked) => ranked.slice(0, PER_OUTLET));
}

/** The fresh set C: per outlet, the next FRESH_PER_OUTLET, labelled only after every rule change was made. */
export function freshArticles(all: readonly BasilArticle[]): BasilArticle[] {
  return rankedByOutlet(all).flatMap((ranked) => ranked.slice(PER_OUTLET, PER_OUTLET + FRESH_PER_OUTLET));
}

/** Half A (rules may be tuned on it), half B (never tuned on), or set C (labelled after tuning ended). */
export function groupOf(docId: string, fresh: ReadonlySet<string>): 'A' | 'B' | 'C' {
  return fresh.has(docId) ? 'C' : halfOf(docId);
}

export async function loadBasil(corpusDir: string): Promise<BasilArticle[] | null> {
  const path = join(corpusDir, 'stories', 'basil.jsonl');
  if (!existsSync(path)) return null;
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BasilArticle);
}

/** The article's paragraphs as the ingest path sees them (lines, trimmed, empty ones dropped) and where each starts. */
export function paragraphsOf(text: string): { paragraphs: string[]; starts: number[] } {
  const paragraphs: string[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) {
      paragraphs.push(trimmed);
      starts.push(offset + line.indexOf(trimmed));
    }
    offset += line.length + 1;
  }
  return { paragraphs, starts };
}

/** Runs extractQuotes on an article and places each quote in its text (first and last words of the quote). */
export function placedQuotes(text: string): PlacedQuote[] {
  const { paragraphs, starts } = paragraphsOf(text);
  return extractQuotes(paragraphs).map((q) => {
    const from = starts[q.paragraph] ?? 0;
    const head = q.text.slice(0, 20);
    const start = Math.max(text.indexOf(head, from), from);
    // The quote's words may be spaced otherwise than the text's (parts joined, spaces folded): shorter tails then.
    for (const n of [20, 10, 5]) {
      const tail = q.text.slice(-n);
      const tailAt = text.indexOf(tail, start + q.text.length - n - 40);
      if (tailAt >= 0) return { ...q, start, end: tailAt + tail.length };
    }
    return { ...q, start, end: start + q.text.length };
  });
}

export interface BasilScore {
  found: number;
  /** Found quotes matching a label that names a speaker's words (not "none"), and labels found at all. */
  real: number;
  labelled: number;
  missed: number;
  judged: number;
  right: number;
}

const emptyScore = (): BasilScore => ({ found: 0, real: 0, labelled: 0, missed: 0, judged: 0, right: 0 });

/** A found quote judged against its label; what --errors prints. */
export interface BasilJudgement {
  doc_id: string;
  quote: PlacedQuote;
  label: BasilLabel | null;
  right: boolean | null;
  /** A, B or C, once evaluateBasilQuotes knows it. */
  group?: string;
}

/** Scores one article's found quotes against its labels (one-to-one, by word overlap of the spans). */
export function scoreArticle(article: BasilArticle, labels: readonly BasilLabel[], score: BasilScore): BasilJudgement[] {
  const found = placedQuotes(article.text);
  const labelWords = labels.map((l) => new Set(quoteWords(article.text.slice(l.start, l.end))));
  const used = new Set<number>();
  const judgements: BasilJudgement[] = [];
  score.found += found.length;
  score.missed += labels.filter((l) => l.missed).length;
  for (const quote of found) {
    const qw = new Set(quoteWords(quote.text));
    const i = labelWords.findIndex((lw, k) => !used.has(k) && sameQuote(qw, lw));
    const label = i < 0 ? null : (labels[i] ?? null);
    if (label) used.add(i);
    score.labelled += label ? 1 : 0;
    if (!label || label.speaker === 'none') {
      judgements.push({ doc_id: article.doc_id, quote, label, right: null });
      continue;
    }
    score.real++;
    const names = nameWords(label.speaker);
    if (names.length === 0) {
      judgements.push({ doc_id: article.doc_id, quote, label, right: null });
      continue;
    }
    const right = speakerNamed(names, quote.speaker);
    score.judged++;
    score.right += right ? 1 : 0;
    judgements.push({ doc_id: article.doc_id, quote, label, right });
  }
  return judgements;
}

export function readLabels(): BasilLabel[] {
  return existsSync(LABELS) ? (JSON.parse(readFileSync(LABELS, 'utf8')) as BasilLabel[]) : [];
}

function row(name: string, s: BasilScore): (string | number)[] {
  const precision = s.found ? s.real / s.found : '-';
  const accuracy = s.judged ? s.right / s.judged : '-';
  return [name, precision, accuracy, s.found, s.real, s.missed, s.judged, s.right];
}

/** Scores extractQuotes on the labelled BASIL sample; null when the corpus or the labels are absent. */
export async function evaluateBasilQuotes(corpusDir: string, onJudgement?: (j: BasilJudgement) => void): Promise<EvalSection | null> {
  const all = await loadBasil(corpusDir);
  const labels = readLabels();
  if (!all || labels.length === 0) return null;
  const byDoc = new Map<string, BasilLabel[]>();
  for (const l of labels) byDoc.set(l.doc_id, [...(byDoc.get(l.doc_id) ?? []), l]);
  const articles = all.filter((a) => byDoc.has(a.doc_id));
  const fresh = new Set(freshArticles(all).map((a) => a.doc_id));
  const total = emptyScore();
  const groups = new Map<string, BasilScore>();
  for (const article of articles) {
    const one = emptyScore();
    const group = groupOf(article.doc_id, fresh);
    for (const j of scoreArticle(article, byDoc.get(article.doc_id) ?? [], one)) onJudgement?.({ ...j, group });
    for (const key of ['all', `outlet ${article.outlet}`, `set ${group}`]) {
      const s = key === 'all' ? total : (groups.get(key) ?? emptyScore());
      groups.set(key, s);
      for (const k of Object.keys(one) as (keyof BasilScore)[]) s[k] += one[k];
    }
  }
  const rows = [...groups].filter(([k]) => k !== 'all').sort(([a], [b]) => a.localeCompare(b));
  return {
    title: `Quotes on BASIL (hand-labelled, ${articles.length} articles, ${labels.length} labels)`,
    columns: ['articles', 'span precision', 'speaker acc', 'found', 'real', 'missed', 'judged', 'right'],
    rows: [row('all', total), ...rows.map(([k, s]) => row(`  ${k}`, s))],
    notes: ["span precision: found quotes labelled as a speaker's words; missed: labelled quotes not found when labelled"],
  };
}

// `node bin/run.js bench/eval/quotes-basil.ts [CORPUS_DIR] [--errors]`: the table; --errors prints each judged quote gone wrong.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const corpus = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/corpus');
  const onJudgement = args.includes('--errors')
    ? (j: BasilJudgement): void => {
        if (j.right === true) return;
        if (j.right === null && j.label && j.label.speaker !== 'none') return;
        const kind = j.right === false ? 'speaker' : j.label ? 'none' : 'unlabelled';
        console.log(
          `${kind}\t${j.group}\t${j.doc_id.slice(0, 8)}\t${j.quote.speaker ?? '-'}\t${j.label?.speaker ?? '-'}\t${j.quote.text.slice(0, 70)}`,
        );
      }
    : undefined;
  const section = await evaluateBasilQuotes(corpus, onJudgement);
  console.log(section ? renderSection(section) : `no BASIL corpus or labels under ${corpus}: skipped`);
}
