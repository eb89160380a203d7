/**
 * `npm run bench -- --scaling [--quotes N] [--json]` (or `node bin/run.js bench/scaling.ts`): does
 * building an article grow in proportion to its text? For each quote-heavy shape
 * (bench/quote-shapes.ts) it times cleaning, quotes and names on N and 4N quotes, with the article
 * limits out of the way (the stages are called on the whole text), and prints each stage's ratio.
 * Issue 18's target: 4x the text within about 4.5x the time. Exits 1 when a shape's whole build misses it.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanText } from '../src/articles/clean/index.js';
import { extractEntities } from '../src/articles/names/index.js';
import { extractQuotes } from '../src/articles/quotes/index.js';
import { QUOTE_SHAPES, type QuoteShape, quoteHeavyText } from './quote-shapes.js';

/** 4x the text within this many times the time. */
export const SCALING_TARGET = 4.5;

interface StageTimes {
  clean: number;
  quotes: number;
  names: number;
  total: number;
}

export interface ShapeScaling {
  shape: QuoteShape;
  chars: [number, number];
  ms: [StageTimes, StageTimes];
  /** Each stage's time at 4N over its time at N. */
  ratio: StageTimes;
  linear: boolean;
}

/** Times the three stages on one text; the best of `runs` runs, so a busy machine's pauses count less. */
function timeStages(text: string, runs: number): StageTimes {
  let best: StageTimes | null = null;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const cleaned = cleanText(text);
    const t1 = performance.now();
    extractQuotes(cleaned.paragraphs);
    const t2 = performance.now();
    extractEntities(cleaned.title ?? '', cleaned.paragraphs);
    const t3 = performance.now();
    const times = { clean: t1 - t0, quotes: t2 - t1, names: t3 - t2, total: t3 - t0 };
    if (!best || times.total < best.total) best = times;
  }
  return best!;
}

export function measureScaling(quotes: number, shapes: readonly QuoteShape[] = QUOTE_SHAPES, runs = 2): ShapeScaling[] {
  timeStages(quoteHeavyText('attributed', 2_000), 1); // warm the code up before anything is timed
  return shapes.map((shape) => {
    const small = quoteHeavyText(shape, quotes);
    const large = quoteHeavyText(shape, quotes * 4);
    const ms: [StageTimes, StageTimes] = [timeStages(small, runs), timeStages(large, runs)];
    const ratioOf = (stage: keyof StageTimes) => ms[1][stage] / Math.max(ms[0][stage], 0.5);
    const ratio = { clean: ratioOf('clean'), quotes: ratioOf('quotes'), names: ratioOf('names'), total: ratioOf('total') };
    return { shape, chars: [small.length, large.length], ms, ratio, linear: ratio.total <= SCALING_TARGET };
  });
}

function renderScaling(results: ShapeScaling[], quotes: number): string {
  const fixed = (n: number) => n.toFixed(0).padStart(6);
  const lines = [
    `Build time for N = ${quotes.toLocaleString('en-US')} and 4N quotes (ms; ratio 4N/N, target <= ${SCALING_TARGET})`,
    `${'shape'.padEnd(14)} ${'MB 4N'.padStart(6)} ${'clean'.padStart(15)} ${'quotes'.padStart(15)} ${'names'.padStart(15)} ${'total'.padStart(15)}`,
  ];
  for (const r of results) {
    const cell = (stage: keyof StageTimes) => `${fixed(r.ms[0][stage])}→${fixed(r.ms[1][stage])} ${r.ratio[stage].toFixed(1)}`.padStart(15);
    lines.push(
      `${r.shape.padEnd(14)} ${(r.chars[1] / 1e6).toFixed(1).padStart(6)} ${cell('clean')} ${cell('quotes')} ${cell('names')} ${cell('total')}${r.linear ? '' : '  over target'}`,
    );
  }
  return lines.join('\n');
}

export async function scalingMain(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quotes: { type: 'string', default: '10000' }, json: { type: 'boolean', default: false }, scaling: { type: 'boolean' } },
    strict: false,
  });
  const quotes = Number(values.quotes);
  if (!Number.isInteger(quotes) || quotes < 100)
    throw new Error(`--quotes expects a whole number of at least 100, got "${String(values.quotes)}"`);
  const results = measureScaling(quotes);
  process.stdout.write(`${values.json ? JSON.stringify(results) : renderScaling(results, quotes)}\n`);
  return results.every((r) => r.linear) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await scalingMain(process.argv.slice(2));
}
