/**
 * The page tally (articles/clean/tally.ts) written the plain way, for the test that holds the fast
 * scan to it: each line cut at spaces, each token lower-cased and looked up in every language's stop
 * list, its edge punctuation off, as tally.ts's comments describe it.
 */

import { STOP_WORDS } from '../../src/articles/clean/index.js';
import { DENSE_SCRIPT_RANGES, LENGTH, STOP_DENSITY, TITLE_CASE_SHARE } from '../../src/articles/clean/patterns.js';
import { PageTally, SAMPLE_CHARS } from '../../src/articles/clean/tally.js';

/** What a tally says of a page, as plain data to compare. */
export interface TallyView {
  words: number[];
  hits: number[][];
  denseChars: number[];
  titleCase: number[];
  language: number;
}

const LANGUAGES = [...STOP_WORDS.keys()];
/** tally.ts's sample of words to tell a page's language by (not exported there). */
const LANGUAGE_SAMPLE_WORDS = 50_000;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

export function tallyOf(lines: readonly string[]): TallyView {
  const tally = new PageTally(lines);
  const n = LANGUAGES.length;
  return {
    words: [...tally.words],
    hits: lines.map((_, line) => [...tally.hits.subarray(line * n, (line + 1) * n)]),
    denseChars: [...tally.denseChars],
    titleCase: [...tally.titleCase],
    language: tally.language,
  };
}

/** tally.ts's "alphanumeric": ASCII letters and digits, and anything beyond Latin-1's symbols. */
const looseAlphanumeric = (code: number): boolean => /[A-Za-z0-9]/.test(String.fromCharCode(code)) || code > 0xbf;

/** A token's word as the tally reads it: lower-cased, edge punctuation off unless both ends are "alphanumeric"; '' for none. */
function wordOf(token: string): string {
  const lower = token.toLowerCase();
  if (lower.length > 0 && looseAlphanumeric(lower.charCodeAt(0)) && looseAlphanumeric(lower.charCodeAt(lower.length - 1))) return lower;
  return lower.replace(EDGE_PUNCTUATION, '');
}

function isDense(code: number): boolean {
  for (let r = 0; r < DENSE_SCRIPT_RANGES.length; r += 2)
    if (code >= DENSE_SCRIPT_RANGES[r]! && code <= DENSE_SCRIPT_RANGES[r + 1]!) return true;
  return false;
}

export function plainTally(lines: readonly string[]): TallyView {
  const view: TallyView = { words: [], hits: [], denseChars: [], titleCase: [], language: -1 };
  const sampleHits = LANGUAGES.map(() => 0);
  const firstHit: number[] = [];
  let sampleWords = 0;
  for (const line of lines) {
    const inSample = sampleWords <= LANGUAGE_SAMPLE_WORDS;
    const sample = line.slice(0, SAMPLE_CHARS);
    const hits = LANGUAGES.map(() => 0);
    let words = 0;
    let cased = 0;
    let capitals = 0;
    for (const token of sample.split(' ')) {
      const word = wordOf(token);
      if (word.length > 0) {
        words++;
        LANGUAGES.forEach((lang, i) => {
          if (!STOP_WORDS.get(lang)!.has(word)) return;
          hits[i]!++;
          if (inSample && !firstHit.includes(i)) firstHit.push(i);
        });
      }
      const initial = token.charAt(0);
      if (token.length >= 4 && initial.toLowerCase() !== initial.toUpperCase()) {
        cased++;
        if (initial !== initial.toLowerCase()) capitals++;
      }
    }
    const judged = line.length >= LENGTH.sentence / 2 && line.length <= LENGTH.maxPatternCheck;
    view.words.push(words);
    view.hits.push(hits);
    view.denseChars.push([...sample].filter((c) => [...c].length === 1 && isDense(c.charCodeAt(0))).length);
    view.titleCase.push(judged && cased >= 3 && capitals / cased >= TITLE_CASE_SHARE ? 1 : 0);
    if (inSample) {
      sampleWords += words;
      hits.forEach((count, i) => (sampleHits[i]! += count));
    }
  }
  // The language with the most hits, ties to the one the sample met first, if its share is high enough.
  const best = firstHit.reduce((top, lang) => (top < 0 || sampleHits[lang]! > sampleHits[top]! ? lang : top), -1);
  view.language = best >= 0 && sampleHits[best]! > 0 && sampleHits[best]! / sampleWords >= STOP_DENSITY.languageMin ? best : -1;
  return view;
}
