/**
 * Quality table 1 (quality.md): body extraction from plain-text page dumps, scored with the
 * article-extraction-benchmark's shingle metric against the human-marked bodies, beside the raw
 * dump (nothing removed) and, for scale, the HTML extractors' outputs shipped with the corpus.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { cleanText } from '../../src/articles/clean.js';
import { shingleScores, type ShingleScores } from './shingles.js';
import type { EvalSection } from './table.js';

type Bodies = Map<string, string>;

/** Reads `{id: {articleBody}}`; null when the file is not in that shape. */
async function readBodies(path: string): Promise<Bodies | null> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) return null;
  const bodies: Bodies = new Map();
  for (const [id, entry] of Object.entries(parsed)) {
    const body: unknown = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).articleBody : undefined;
    if (typeof body === 'string') bodies.set(id, body);
  }
  return bodies.size > 0 ? bodies : null;
}

function row(name: string, scores: ShingleScores): (string | number)[] {
  return [name, scores.precision, scores.recall, scores.f1, scores.pages];
}

export async function evaluateCleaning(corpusDir: string): Promise<EvalSection | null> {
  const dir = join(corpusDir, 'extraction');
  if (!existsSync(join(dir, 'truth.json')) || !existsSync(join(dir, 'pages'))) return null;
  const allTruth = (await readBodies(join(dir, 'truth.json'))) ?? new Map<string, string>();
  const truth: Bodies = new Map();
  const raw: Bodies = new Map();
  const ours: Bodies = new Map();
  let cleaningMs = 0;
  for (const [id, body] of allTruth) {
    const page = join(dir, 'pages', `${id}.txt`);
    if (!existsSync(page)) continue;
    const text = await readFile(page, 'utf8');
    const started = performance.now();
    const cleaned = cleanText(text);
    cleaningMs += performance.now() - started;
    truth.set(id, body);
    raw.set(id, text);
    ours.set(id, cleaned.paragraphs.join('\n'));
  }
  if (truth.size === 0) return null;

  const rows = [row('whole page text (raw dump)', shingleScores(truth, raw)), row('newsbrief clean (text dump)', shingleScores(truth, ours))];
  const peersDir = join(dir, 'peers');
  const peerFiles = existsSync(peersDir) ? (await readdir(peersDir)).filter((f) => f.endsWith('.json')).sort() : [];
  for (const file of peerFiles) {
    const bodies = await readBodies(join(peersDir, file));
    if (bodies) rows.push(row(`peer: ${basename(file, '.json')} (HTML)`, shingleScores(truth, bodies)));
  }
  return {
    title: 'Article cleaning: body from plain-text page dumps (extraction/, 4-word shingles)',
    columns: ['system (input)', 'precision', 'recall', 'F1', 'pages'],
    rows,
    notes: [
      `newsbrief clean: ${(cleaningMs / truth.size).toFixed(2)} ms per page on average.`,
      'Peers read the HTML, which carries markup; only the first two rows read the text dump.',
    ],
  };
}
