/** Summary quality (quality.md §2): ROUGE-1/-2 F1 of 3-sentence summaries of BBC articles against their references. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSentences } from '../../src/articles/sentences.js';
import { ExtractiveSummarizer } from '../../src/summarize/index.js';
import type { EvalSection } from './table.js';

const SUMMARY_SENTENCES = 3;

/** One BBC item: the article as a title and body paragraphs, and its reference summary. */
export interface SummaryItem {
  name: string;
  title: string;
  paragraphs: string[];
  reference: string;
}

export interface RougeScores {
  r1: number;
  r2: number;
}

/** Lowercased word tokens; punctuation separates words (no stemming, no stop-word removal). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N recall and F1 between a candidate and a reference, both already tokenized. */
export function rougeN(candidate: string[], reference: string[], n: number): { recall: number; f1: number } {
  const cand = ngramCounts(candidate, n);
  const ref = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of cand) overlap += Math.min(count, ref.get(gram) ?? 0);
  const candTotal = Math.max(0, candidate.length - n + 1);
  const refTotal = Math.max(0, reference.length - n + 1);
  if (overlap === 0 || candTotal === 0 || refTotal === 0) return { recall: 0, f1: 0 };
  const precision = overlap / candTotal;
  const recall = overlap / refTotal;
  return { recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** ROUGE-N F1 between a candidate and a reference, both already tokenized. */
export function rougeNF1(candidate: string[], reference: string[], n: number): number {
  return rougeN(candidate, reference, n).f1;
}

/** ROUGE-1 and ROUGE-2 F1 of one candidate summary against one reference. */
export function rouge(candidate: string, reference: string): RougeScores {
  const cand = rougeTokens(candidate);
  const ref = rougeTokens(reference);
  return { r1: rougeNF1(cand, ref, 1), r2: rougeNF1(cand, ref, 2) };
}

/** References run sentences together ("bn.For"): put the missing space back after sentence-final punctuation. */
export function spaceReference(text: string): string {
  return text.replace(/([.!?]["'”’]?)(?=[A-Z"“‘'])/g, '$1 ').trim();
}

/** Reads every NNN.article.txt with its NNN.summary.txt under the category folders of `bbcDir`. */
export async function loadBbcItems(bbcDir: string): Promise<SummaryItem[]> {
  const items: SummaryItem[] = [];
  for (const category of (await readdir(bbcDir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const dir = join(bbcDir, category.name);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.article.txt')).sort();
    for (const file of files) {
      const stem = file.slice(0, -'.article.txt'.length);
      const summaryPath = join(dir, `${stem}.summary.txt`);
      if (!existsSync(summaryPath)) continue;
      const [article, summary] = await Promise.all([readFile(join(dir, file), 'utf8'), readFile(summaryPath, 'utf8')]);
      const lines = article
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
      items.push({
        name: `${category.name}/${stem}`,
        title: lines[0] ?? '',
        paragraphs: lines.slice(1),
        reference: spaceReference(summary),
      });
    }
  }
  return items;
}

/** Lead-3: the first sentences of the body. */
export function leadSummary(item: SummaryItem, count = SUMMARY_SENTENCES): string[] {
  return item.paragraphs.flatMap((p) => splitSentences(p)).slice(0, count);
}

/** A named way of summarizing one item. */
export interface SummarySystem {
  name: string;
  summarize(item: SummaryItem): Promise<string[]>;
}

export function extractiveSystem(): SummarySystem {
  const summarizer = new ExtractiveSummarizer();
  return {
    name: 'newsbrief extractive',
    async summarize(item) {
      const summary = await summarizer.summarize({
        articles: [{ id: item.name, title: item.title, paragraphs: item.paragraphs, published: null }],
        maxSentences: SUMMARY_SENTENCES,
      });
      return summary.sentences.map((s) => s.text);
    },
  };
}

/** Mean ROUGE-1/-2 F1 (as fractions) of one system over the items. */
export async function scoreSystem(system: SummarySystem, items: SummaryItem[]): Promise<RougeScores> {
  let r1 = 0;
  let r2 = 0;
  for (const item of items) {
    const scores = rouge((await system.summarize(item)).join(' '), item.reference);
    r1 += scores.r1;
    r2 += scores.r2;
  }
  const n = Math.max(1, items.length);
  return { r1: r1 / n, r2: r2 / n };
}

const percent = (x: number): number => Math.round(x * 1000) / 10;

/** The §2 table: Lead-3 and the extractive summarizer on every BBC item found; null when the corpus is absent. */
export async function evaluateSummaries(corpusDir: string): Promise<EvalSection | null> {
  const bbcDir = join(corpusDir, 'summaries', 'bbc');
  if (!existsSync(bbcDir)) return null;
  const items = await loadBbcItems(bbcDir);
  const systems: SummarySystem[] = [{ name: 'Lead-3 (baseline)', summarize: async (item) => leadSummary(item) }, extractiveSystem()];
  const rows: (string | number)[][] = [];
  for (const system of systems) {
    const { r1, r2 } = await scoreSystem(system, items);
    rows.push([system.name, percent(r1).toFixed(1), percent(r2).toFixed(1), items.length]);
  }
  return {
    title: 'Summaries (BBC, 3 sentences, ROUGE F1 %)',
    columns: ['system', 'R1', 'R2', 'count'],
    rows,
    notes: ['ROUGE-1/-2 F1 over lowercased word tokens, no stemming; Lead-3 = first three body sentences.'],
  };
}
