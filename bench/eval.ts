/**
 * `npm run eval [CORPUS_DIR]`: answer quality on the corpus's development halves (docs: quality.md),
 * each figure beside its baseline computed in the same run. Skips what the folder does not hold.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateCitations } from './eval/citations.js';
import { evaluateClaims } from './eval/claims.js';
import { evaluateCleaning, evaluateCleaningRules } from './eval/cleaning.js';
import { evaluateDuplicates } from './eval/duplicates.js';
import { brokenFloors, readFloors } from './eval/floors.js';
import { evaluateHtml } from './eval/html.js';
import { evaluateQuotes } from './eval/quotes.js';
import { evaluateBasilQuotes } from './eval/quotes-basil.js';
import { evaluateSummaries } from './eval/summaries.js';
import { type EvalSection, renderSection } from './eval/table.js';

const { values: options, positionals } = parseArgs({ options: { floors: { type: 'string' } }, allowPositionals: true });
const corpus = resolve(positionals[0] ?? '../shared/corpus');
// Read first: a broken floors file fails before the long run, not after it.
const floors = options.floors ? readFloors(options.floors) : null;

if (!existsSync(corpus)) {
  console.log(`eval skipped: corpus folder ${corpus} not found (pass its path: npm run eval -- DIR)`);
  process.exit(0);
}

const evaluations: [string, () => Promise<EvalSection | EvalSection[] | null>][] = [
  ['1. Article cleaning (plain-text dumps)', () => evaluateCleaning(corpus)],
  ['1a. Cleaning rules on the dev pages', () => evaluateCleaningRules(corpus)],
  ['1b/4. HTML extraction and metadata', () => evaluateHtml(corpus)],
  ['2. Summaries', () => evaluateSummaries(corpus)],
  ['3. Quotes', () => evaluateQuotes(corpus)],
  ['3b. Quote speakers on news the rules were not tuned on (BASIL, our labels)', () => evaluateBasilQuotes(corpus)],
  ['One article per page', () => evaluateDuplicates(corpus)],
  ['5. Multi-article summaries', async () => (await import('./eval/multidoc.js')).evaluateMultidoc(corpus)],
  ['5b. Citations hold in multi-article summaries', () => evaluateCitations(corpus)],
  ['6. Story grouping', async () => (await import('./eval/stories.js')).evaluateStories(corpus)],
  ['5c. LLM claim check', () => evaluateClaims(corpus)],
  ['7. A real model: the local summarizer', async () => (await import('./eval/local-model.js')).evaluateLocalModel(corpus)],
];

console.log(`newsbrief eval on ${corpus}\n`);
const sections: EvalSection[] = [];
for (const [name, evaluate] of evaluations) {
  const started = performance.now();
  const result = await evaluate();
  if (result === null) {
    console.log(`## ${name}: skipped (its data is not in ${corpus})\n`);
    continue;
  }
  for (const section of Array.isArray(result) ? result : [result]) {
    sections.push(section);
    console.log(`${renderSection(section)}\n`);
  }
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

if (floors) {
  const broken = brokenFloors(sections, floors);
  for (const line of broken) console.log(`quality floor not held: ${line}`);
  console.log(
    broken.length
      ? `${broken.length} of ${floors.length} quality floors not held (${options.floors})`
      : `all ${floors.length} quality floors held (${options.floors})`,
  );
  if (broken.length) process.exitCode = 1;
}
