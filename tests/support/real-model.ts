/**
 * The real model the LLM tests run against: `npm run model:fetch` puts SmolLM2-135M-Instruct in the
 * cache folder and .ci/run passes its path as NEWSBRIEF_TEST_MODEL. Without it (and without
 * node-llama-cpp) the real-model tests skip, unless NEWSBRIEF_REQUIRE_MODEL=1 (CI) makes that a failure.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SummarizableArticle, Summary } from '../../src/summarize/index.js';
import { citableArticles } from '../../src/summarize/llm/index.js';
import { articlesHolding, normaliseForMatch, quotedSpans } from '../../src/summarize/llm/verify.js';

const DEFAULT_MODEL = join(homedir(), '.cache', 'newsbrief', 'models', 'SmolLM2-135M-Instruct.Q4_1.gguf');

export const modelRequired = process.env.NEWSBRIEF_REQUIRE_MODEL === '1';

function llamaInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('node-llama-cpp');
    return true;
  } catch {
    return false;
  }
}

/** The model file, or why the real-model tests cannot run. */
export function findRealModel(): { path: string } | { missing: string } {
  if (!llamaInstalled()) return { missing: 'node-llama-cpp is not installed' };
  const path = process.env.NEWSBRIEF_TEST_MODEL || DEFAULT_MODEL;
  return existsSync(path) ? { path } : { missing: `no model at ${path} (npm run model:fetch)` };
}

/** What a shown model sentence failed, checked again from scratch: the claim check (ADR 18) and verbatim quotes. */
export function shownSentenceFaults(summary: Summary, articles: SummarizableArticle[]): string[] {
  const citable = [...citableArticles(articles).values()];
  const faults: string[] = [];
  for (const sentence of summary.sentences) {
    const cited = citable.filter((a) => sentence.sources.includes(a.id));
    if (cited.length === 0) faults.push(`cites nothing given: ${sentence.text}`);
    const { holding, fault } = articlesHolding(sentence.text, cited);
    if (holding.length === 0) faults.push(`claim check (${fault ?? 'unsupported'}): ${sentence.text}`);
    const spans = quotedSpans(normaliseForMatch(sentence.text)) ?? ['(unbalanced quotation marks)'];
    for (const span of spans) {
      if (!cited.some((a) => a.text.includes(span))) faults.push(`quote not verbatim: ${span}`);
    }
  }
  return faults;
}
