/**
 * 7. A real model (issue 23): the local summarizer (SmolLM2-135M-Instruct from `npm run model:fetch`,
 * or LOCAL_MODEL) on an evenly spaced sample of the BBC dev items (§2) and the Multi-News sets (§5),
 * ROUGE beside extractive and Lead on the same sample, the share of model sentences that pass
 * verification, and seconds per summary. Skipped when no model or node-llama-cpp is there.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { summarizeTogether } from '../../src/cli/together.js';
import { loadConfig } from '../../src/config.js';
import { ExtractiveSummarizer, type SummarizableArticle, type Summarizer } from '../../src/summarize/index.js';
import { citableArticles, parseModelOutput, verifySentences, withFallback } from '../../src/summarize/llm/index.js';
import { checkLlamaInstalled, defaultThreads, LocalModel, LocalSummarizer } from '../../src/summarize/local/index.js';
import { leadBaseline, loadMultiNews, roundRobinLead, SUMMARY_WORDS, scoreSets, setArticles } from './multidoc.js';
import { extractiveSystem, leadSummary, loadBbcItems, type SummarySystem, scoreSystem } from './summaries.js';
import type { EvalSection } from './table.js';

/** Sample sizes: a summary takes seconds on 2 cores, so each set is sampled evenly rather than read whole. */
export const BBC_SAMPLE = 40;
export const MULTINEWS_SAMPLE = 20;
const BBC_SENTENCES = 3;
// About 250 words: the §5 budget the summaries are cut to.
const MULTINEWS_SENTENCES = 8;
const DEADLINE_MS = 120_000;
const CONTEXT_SIZE = 4096;

const DEFAULT_MODEL = join(homedir(), '.cache', 'newsbrief', 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf');

/** `count` items spread evenly over the list, first included. */
export function evenSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** What the model wrote and how much of it held, over every request it answered. */
interface ModelTally {
  answers: number;
  invalid: number;
  written: number;
  kept: number;
  /** Summaries served, and how each was answered (`local:...` or the fallback's name). */
  generators: Map<string, number>;
  seconds: number[];
  /** The sentences of the model's last answer as it wrote them, before any check (for the "as written" row). */
  lastWritten: string[];
}

function newTally(): ModelTally {
  return { answers: 0, invalid: 0, written: 0, kept: 0, generators: new Map(), seconds: [], lastWritten: [] };
}

/** The local summarizer as SUMMARIZER=local serves it (extractive fallback; no cache), counting what the model wrote. */
function countedLocal(model: LocalModel, modelPath: string, tally: ModelTally): Summarizer {
  let current: SummarizableArticle[] = [];
  const chat = model.chat.bind(model);
  model.chat = async (messages, options) => {
    const result = await chat(messages, options);
    tally.answers++;
    const sentences = parseModelOutput(result.content);
    tally.lastWritten = sentences?.map((s) => s.text) ?? [];
    if (!sentences) tally.invalid++;
    else {
      const verified = verifySentences(sentences, citableArticles(current), 50);
      tally.written += verified.sentences.length + verified.dropped.length;
      tally.kept += verified.sentences.length;
    }
    return result;
  };
  const local = new LocalSummarizer({ modelPath, model, contextSize: CONTEXT_SIZE, deadlineMs: DEADLINE_MS });
  const served = withFallback(local, new ExtractiveSummarizer(), { label: 'local' });
  return {
    name: served.name,
    async summarize(request) {
      current = request.articles;
      tally.lastWritten = [];
      const started = performance.now();
      const summary = await served.summarize(request);
      tally.seconds.push((performance.now() - started) / 1000);
      tally.generators.set(summary.generator, (tally.generators.get(summary.generator) ?? 0) + 1);
      return summary;
    },
  };
}

function modelName(modelPath: string): string {
  return modelPath.split('/').pop() ?? modelPath;
}

const pct = (x: number): string => (Math.round(x * 1000) / 10).toFixed(1);

function tallyNotes(tally: ModelTally): string[] {
  const mean = tally.seconds.reduce((a, b) => a + b, 0) / Math.max(1, tally.seconds.length);
  const sorted = [...tally.seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const served = [...tally.generators].map(([name, n]) => `${name} ${n}`).join(', ');
  return [
    `model sentences verified: ${tally.kept} of ${tally.written} (${tally.written ? pct(tally.kept / tally.written) : 'n/a'}%); ${tally.invalid} of ${tally.answers} answers not the JSON asked for`,
    `seconds per local summary: mean ${mean.toFixed(1)}, median ${median.toFixed(1)} (${defaultThreads()} thread(s), ${CONTEXT_SIZE}-token context)`,
    `answered by: ${served}`,
  ];
}

async function bbcSection(corpusDir: string, model: LocalModel, modelPath: string): Promise<EvalSection | null> {
  const bbcDir = join(corpusDir, 'summaries', 'bbc');
  if (!existsSync(bbcDir)) return null;
  const all = await loadBbcItems(bbcDir);
  const items = evenSample(all, BBC_SAMPLE);
  const tally = newTally();
  const summarizer = countedLocal(model, modelPath, tally);
  const written = new Map<string, string[]>();
  const local: SummarySystem = {
    name: `local ${modelName(modelPath)} (as served)`,
    async summarize(item) {
      const article = { id: item.name, title: item.title, paragraphs: item.paragraphs, published: null };
      const summary = await summarizer.summarize({ articles: [article], maxSentences: BBC_SENTENCES });
      written.set(item.name, tally.lastWritten);
      return summary.sentences.map((s) => s.text);
    },
  };
  const asWritten: SummarySystem = {
    name: `local ${modelName(modelPath)} (as written, unchecked)`,
    summarize: async (item) => written.get(item.name) ?? [],
  };
  const systems: SummarySystem[] = [
    { name: 'Lead-3 (baseline)', summarize: async (item) => leadSummary(item) },
    extractiveSystem(),
    local,
    asWritten,
  ];
  const rows: (string | number)[][] = [];
  for (const system of systems) {
    const { r1, r2 } = await scoreSystem(system, items);
    rows.push([system.name, pct(r1), pct(r2), items.length]);
  }
  return {
    title: `7a. A real model on BBC summaries (${items.length} of ${all.length} dev items, evenly spaced; 3 sentences, ROUGE F1 %)`,
    columns: ['system', 'R1', 'R2', 'count'],
    rows,
    notes: [
      ...tallyNotes(tally),
      'As served: a model answer that fails verification is replaced by the extractive one (its footer says so), as in /summary.',
      "As written: every sentence of the model's last answer for the item, checked or not (what a reader would see without verification).",
    ],
  };
}

async function multiNewsSection(corpusDir: string, model: LocalModel, modelPath: string): Promise<EvalSection | null> {
  const path = join(corpusDir, 'multidoc', 'multinews-val.jsonl');
  if (!existsSync(path)) return null;
  const all = await loadMultiNews(path);
  const sets = evenSample(all, MULTINEWS_SAMPLE);
  const tally = newTally();
  const summarizer = countedLocal(model, modelPath, tally);
  const written = new Map<string, string[]>();
  const systems = [
    { name: 'Lead (baseline)', summarize: async (set: (typeof sets)[number]) => leadBaseline(set) },
    { name: 'round-robin Lead (baseline)', summarize: async (set: (typeof sets)[number]) => roundRobinLead(set) },
    {
      name: `newsbrief summarize --together --words ${SUMMARY_WORDS}`,
      async summarize(set: (typeof sets)[number]) {
        const named = setArticles(set);
        if (named.length === 0) return '';
        return (await summarizeTogether(named, { topic: null, maxSentences: 50, maxWords: SUMMARY_WORDS })).sentences
          .map((s) => s.text)
          .join(' ');
      },
    },
    {
      name: `local ${modelName(modelPath)} (as served)`,
      async summarize(set: (typeof sets)[number]) {
        const articles = setArticles(set).map((n) => n.article);
        if (articles.length === 0) return '';
        const summary = await summarizer.summarize({ articles, maxSentences: MULTINEWS_SENTENCES });
        written.set(set.id, tally.lastWritten);
        return summary.sentences.map((s) => s.text).join(' ');
      },
    },
    {
      name: `local ${modelName(modelPath)} (as written, unchecked)`,
      summarize: async (set: (typeof sets)[number]) => (written.get(set.id) ?? []).join(' '),
    },
  ];
  const rows: (string | number)[][] = [];
  for (const system of systems) {
    const s = await scoreSets(system, sets);
    rows.push([system.name, pct(s.r1), pct(s.r2), pct(s.r1f), pct(s.r2f)]);
  }
  return {
    title: `7b. A real model on multi-article sets (${sets.length} of ${all.length} Multi-News sets, evenly spaced; ${SUMMARY_WORDS} words, ROUGE %)`,
    columns: ['system', 'R1 recall', 'R2 recall', 'R1 F1', 'R2 F1'],
    rows,
    notes: [
      ...tallyNotes(tally),
      `The local summarizer is asked for ${MULTINEWS_SENTENCES} sentences; every summary is cut to ${SUMMARY_WORDS} tokens as in §5.`,
    ],
  };
}

/** The model to measure: LOCAL_MODEL when set, else the one `npm run model:fetch` put in the cache. */
function modelToMeasure(): string | null {
  const configured = loadConfig().local.modelPath;
  const path = configured ?? DEFAULT_MODEL;
  if (!existsSync(path)) return null;
  try {
    checkLlamaInstalled();
    return path;
  } catch {
    return null;
  }
}

export async function evaluateLocalModel(corpusDir: string): Promise<EvalSection[] | null> {
  const modelPath = modelToMeasure();
  if (!modelPath) {
    console.log('7. real model: skipped (no model: npm run model:fetch, or set LOCAL_MODEL; node-llama-cpp must be installed)');
    return null;
  }
  const sections: EvalSection[] = [];
  for (const section of [bbcSection, multiNewsSection]) {
    // A model per section: each counts only its own answers.
    const model = new LocalModel({ modelPath, contextSize: CONTEXT_SIZE });
    try {
      const found = await section(corpusDir, model, modelPath);
      if (found) sections.push(found);
    } finally {
      await model.dispose();
    }
  }
  return sections.length > 0 ? sections : null;
}
