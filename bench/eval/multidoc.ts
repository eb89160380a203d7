/**
 * 5. Multi-article summaries (quality.md §5): one summary of each Multi-News set through the path
 * `newsbrief summarize --together --words N` takes (summarizeTogether, in-process), truncated to N
 * words, ROUGE-1/-2 recall and F1 against each reference, averaged over references, then over sets;
 * beside Lead and round-robin Lead in the same run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildArticle } from '../../src/articles/article.js';
import { splitSentences } from '../../src/articles/sentences.js';
import { type NamedArticle, summarizeTogether } from '../../src/cli/together.js';
import { rougeN, rougeTokens } from './summaries.js';
import type { EvalSection } from './table.js';

/** The summary length scored, in ROUGE tokens (quality.md §5). */
export const SUMMARY_WORDS = 250;
/** The short budget of the many-article proxy (a DUC-style set of ~10 wire articles is scored at 100 words). */
export const SHORT_WORDS = 100;
/** Sets with at least this many documents stand in for DUC-style events reported by many articles. */
export const MANY_ARTICLES = 4;

interface MultiNewsSet {
  id: string;
  /** Each document as paragraphs, as the corpus gives it (blank-line separated). */
  documents: string[][];
  references: string[];
}

/** Mean ROUGE recall and F1, as fractions. */
export interface MultiRouge {
  r1: number;
  r2: number;
  r1f: number;
  r2f: number;
}

/** A named way of summarizing one set into text. */
interface SetSystem {
  name: string;
  summarize(set: MultiNewsSet): Promise<string>;
}

export async function loadMultiNews(path: string): Promise<MultiNewsSet[]> {
  const sets: MultiNewsSet[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const raw = JSON.parse(line) as { set_id: string; documents: string[]; references: string[] };
    const documents = raw.documents.map((d) =>
      d
        .split(/\s*\n\s*\n\s*/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter((p) => p.length > 0),
    );
    sets.push({ id: raw.set_id, documents, references: raw.references });
  }
  return sets;
}

/** A named budget over some of the sets. */
interface Run {
  label: string;
  sets: readonly MultiNewsSet[];
  words: number;
}

/** Lead: the first document's opening sentences, up to the budget. */
export function leadBaseline(set: MultiNewsSet): string {
  return (set.documents[0] ?? []).flatMap((p) => splitSentences(p)).join(' ');
}

/** Round-robin Lead: the first sentence of each document in turn, then the second, ... until the budget is full. */
export function roundRobinLead(set: MultiNewsSet, words = SUMMARY_WORDS): string {
  const sentences = set.documents.map((d) => d.flatMap((p) => splitSentences(p)));
  const out: string[] = [];
  let used = 0;
  for (let k = 0; used < words && sentences.some((s) => k < s.length); k++) {
    for (const s of sentences) {
      const sentence = s[k];
      if (sentence === undefined || used >= words) continue;
      out.push(sentence);
      used += rougeTokens(sentence).length;
    }
  }
  return out.join(' ');
}

/** The documents as files would give them (a text dump each), cleaned as any file is; a page that is no article is left out. */
export function setArticles(set: MultiNewsSet): NamedArticle[] {
  const named: NamedArticle[] = [];
  set.documents.forEach((paragraphs, i) => {
    const file = `${set.id}/${i + 1}.txt`;
    try {
      named.push({ file, article: buildArticle({ origin: file, format: 'text', content: paragraphs.join('\n\n') }) });
    } catch {
      // Not an article (too little text): as the CLI would report it and carry on.
    }
  });
  return named;
}

/** newsbrief: the set through summarizeTogether, as `summarize --together --words N` runs it. */
function newsbriefSystem(words: number): SetSystem {
  return {
    name: `newsbrief summarize --together --words ${words}`,
    async summarize(set) {
      const named = setArticles(set);
      if (named.length === 0) return '';
      const summary = await summarizeTogether(named, { topic: null, maxSentences: 50, maxWords: words });
      return summary.sentences.map((s) => s.text).join(' ');
    },
  };
}

/** Scores one system over the sets: truncated to `words` tokens, averaged over references, then sets. */
export async function scoreSets(system: SetSystem, sets: readonly MultiNewsSet[], words = SUMMARY_WORDS): Promise<MultiRouge> {
  const total: MultiRouge = { r1: 0, r2: 0, r1f: 0, r2f: 0 };
  for (const set of sets) {
    const candidate = rougeTokens(await system.summarize(set)).slice(0, words);
    const refs = set.references.map(rougeTokens);
    for (const ref of refs) {
      const one = rougeN(candidate, ref, 1);
      const two = rougeN(candidate, ref, 2);
      total.r1 += one.recall / refs.length;
      total.r2 += two.recall / refs.length;
      total.r1f += one.f1 / refs.length;
      total.r2f += two.f1 / refs.length;
    }
  }
  const n = Math.max(1, sets.length);
  return { r1: total.r1 / n, r2: total.r2 / n, r1f: total.r1f / n, r2f: total.r2f / n };
}

const percent = (x: number): string => (Math.round(x * 1000) / 10).toFixed(1);

/** Lead, round-robin Lead and newsbrief at one budget: one row each, with CPU per set. */
async function runRows(run: Run): Promise<(string | number)[][]> {
  const systems: SetSystem[] = [
    { name: 'Lead (baseline)', summarize: async (set) => leadBaseline(set) },
    { name: 'round-robin Lead (baseline)', summarize: async (set) => roundRobinLead(set, run.words) },
    newsbriefSystem(run.words),
  ];
  const rows: (string | number)[][] = [];
  for (const system of systems) {
    const started = process.cpuUsage();
    const s = await scoreSets(system, run.sets, run.words);
    const cpu = process.cpuUsage(started);
    const ms = (cpu.user + cpu.system) / 1e3 / Math.max(1, run.sets.length);
    rows.push([`${system.name}, ${run.label}`, percent(s.r1), percent(s.r2), percent(s.r1f), percent(s.r2f), ms.toFixed(2)]);
  }
  return rows;
}

/** The runs of section 5: every set at 250 words, and the sets of many articles at 100 (the DUC-style proxy). */
export function multidocRuns(sets: readonly MultiNewsSet[]): Run[] {
  const many = sets.filter((s) => s.documents.length >= MANY_ARTICLES);
  return [
    { label: `${SUMMARY_WORDS} words, all ${sets.length} sets`, sets, words: SUMMARY_WORDS },
    { label: `${SHORT_WORDS} words, ${many.length} sets of >= ${MANY_ARTICLES} articles`, sets: many, words: SHORT_WORDS },
  ];
}

export async function evaluateMultidoc(corpusDir: string): Promise<EvalSection | null> {
  const path = join(corpusDir, 'multidoc', 'multinews-val.jsonl');
  if (!existsSync(path)) return null;
  const sets = await loadMultiNews(path);
  const rows: (string | number)[][] = [];
  for (const run of multidocRuns(sets)) rows.push(...(await runRows(run)));
  return {
    title: `5. Multi-article summaries (multidoc/multinews-val.jsonl: ${sets.length} sets, ROUGE %)`,
    columns: ['system, budget, sets', 'R1 recall', 'R2 recall', 'R1 F1', 'R2 F1', 'CPU ms/set'],
    rows,
    notes: [
      'Lowercased [a-z0-9]+ tokens, no stemming; every summary truncated to its budget in tokens; mean over references, then sets.',
      `The ${SHORT_WORDS}-word rows on sets of >= ${MANY_ARTICLES} articles stand in for a DUC-style set (about 10 wire articles per event).`,
      'newsbrief reads each document as a text-dump file (buildArticle), groups stories and summarizes as the CLI does.',
    ],
  };
}
