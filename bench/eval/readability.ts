/**
 * The Readability.js baseline computed in the same run: @mozilla/readability over linkedom (it needs
 * a DOM, and parsing is part of its cost as it is of ours) on the same pages, scored the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { type ShingleCounts, shingleMatch } from './shingles.js';

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

export interface PeerRun {
  scores: ShingleCounts[];
  pagesPerSecond: number;
  /** Pages where Readability threw or found nothing. */
  failures: number;
}

export interface ReadabilityResult {
  text: string;
  title: string | null;
  byline: string | null;
}

/** Readability's article on one page; empty when it finds none or throws. */
export function readabilityExtract(html: string): ReadabilityResult | null {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as ReadabilityDocument).parse();
    return article ? { text: article.textContent ?? '', title: article.title ?? null, byline: article.byline ?? null } : null;
  } catch {
    return null;
  }
}

/** Scores Readability on every page with a truth body, timing parse + extraction only. */
export function scoreReadability(dir: string, truth: Record<string, { url: string; articleBody: string }>): PeerRun {
  const scores: ShingleCounts[] = [];
  let seconds = 0;
  let failures = 0;
  for (const [id, entry] of Object.entries(truth)) {
    const path = join(dir, 'pages', `${id}.html.gz`);
    if (!existsSync(path)) continue;
    const html = gunzipSync(readFileSync(path)).toString('utf8');
    const started = performance.now();
    const result = readabilityExtract(html);
    seconds += (performance.now() - started) / 1000;
    if (!result?.text.trim()) failures++;
    scores.push(shingleMatch(entry.articleBody, result?.text ?? ''));
  }
  return { scores, pagesPerSecond: seconds > 0 ? scores.length / seconds : 0, failures };
}
