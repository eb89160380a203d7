/**
 * Fast paths proven equal to their plain versions (issue 22). Each helper below says in its comment
 * what plain code it stands for; here that plain code is written out and both are run over a few
 * thousand generated texts (seeded, so a failure comes back) and over real text: the sample articles,
 * and the shared corpus when it is there. Any difference fails, with the input that showed it.
 */
import { describe, expect, it } from 'vitest';
import { splitLines } from '../src/articles/clean/index.js';
import { appendCapitalisedRuns, RunCollector } from '../src/articles/names/capitalised-runs.js';
import {
  CUE_VERBS,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  NOT_NAME_WORDS,
  PERSON_TITLES,
  SOURCE_NOUNS,
} from '../src/articles/quotes/cues.js';
import { normalise } from '../src/articles/quotes/speaker-runs.js';
import { type Token, tokenize } from '../src/articles/quotes/speaker-tokens.js';
import {
  FoldedWordMap,
  FULL_STOP,
  isApostrophe,
  isAscii,
  isAsciiAlphanumeric,
  isAsciiSpan,
  isBeyondAscii,
  LOWER_S,
  NO_BREAK_SPACE,
  SPACE,
} from '../src/articles/text/index.js';
import { plainTally, tallyOf } from './support/plain-tally.js';
import { privateFunction } from './support/private-function.js';
import { corpusTexts, generatedTexts, sampleArticleTexts } from './support/text-cases.js';

/** Real paragraphs: every non-empty line of the sample articles, and of the corpus pages when present. */
const REAL_LINES = [...sampleArticleTexts(), ...corpusTexts(40)].flatMap((page) => splitLines(page)).filter((line) => line.length > 0);
const GENERATED = generatedTexts(22, 4_000, 30);
const SINGLE_SPACED = generatedTexts(2_022, 3_000, 30, 'single');
const TEXTS = [...GENERATED, ...SINGLE_SPACED, ...REAL_LINES];

/** The first input on which `fast` and `plain` differ, with both answers; undefined when none does. */
function firstDifference<I, O>(
  inputs: readonly I[],
  fast: (input: I) => O,
  plain: (input: I) => O,
): { input: I; fast: O; plain: O } | undefined {
  for (const input of inputs) {
    const a = fast(input);
    const b = plain(input);
    if (JSON.stringify(a) !== JSON.stringify(b)) return { input, fast: a, plain: b };
  }
  return undefined;
}

/** The white-space-separated tokens of a text as spans, and some spans cut at random, for span lookups. */
function spansOf(texts: readonly string[]): [string, number, number][] {
  const spans: [string, number, number][] = [];
  let seed = 7;
  for (const text of texts) {
    for (const match of text.matchAll(/\S+/gu)) {
      spans.push([text, match.index, match.index + match[0].length]);
      const letters = /[\p{L}\p{N}].*[\p{L}\p{N}]|[\p{L}\p{N}]/u.exec(match[0]); // the word without edge punctuation
      if (letters) spans.push([text, match.index + letters.index, match.index + letters.index + letters[0].length]);
    }
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const start = seed % (text.length + 1);
    spans.push([text, start, start + ((seed >> 8) % (text.length - start + 1))]);
  }
  return spans;
}

describe('FoldedWordMap.get', () => {
  // Real lists, and words beyond ASCII: the Kelvin sign and dotted İ lower-case into ASCII and into two code units.
  const words = [
    ...NOT_NAME_WORDS,
    ...PERSON_TITLES,
    ...CUE_VERBS,
    ...SOURCE_NOUNS,
    ...FEMALE_FIRST_NAMES,
    ...MALE_FIRST_NAMES,
    'élysée',
    'москва',
    'αθήνα',
    'ας',
    'kelvin',
    'i̇stanbul',
    'straße',
    'don’t',
    "o'neil",
    'u.s.',
    'al-assad',
    '北京',
    'qxé',
    'wq’s',
  ];
  const byWord = new Map(words.map((word, i): [string, number] => [word, i]));
  const map = new FoldedWordMap(byWord);
  const spans = spansOf(TEXTS);

  it('gives what a Map of the lower-cased span gives', () => {
    expect(spans.length).toBeGreaterThan(50_000);
    const plain = ([text, start, end]: [string, number, number]) => byWord.get(text.slice(start, end).toLowerCase());
    expect(firstDifference(spans, ([text, start, end]) => map.get(text, start, end), plain)).toBeUndefined();
    expect(firstDifference(spans, ([text, start, end]) => map.get(text.slice(start, end)), plain)).toBeUndefined();
  });

  it('answers has for ASCII spans from its trie alone as the Map does', () => {
    const ascii = spans.filter(([text, start, end]) => isAsciiSpan(text, start, end));
    expect(ascii.length).toBeGreaterThan(10_000);
    const plain = ([text, start, end]: [string, number, number]) => byWord.has(text.slice(start, end).toLowerCase());
    expect(firstDifference(ascii, ([text, start, end]) => map.hasAscii(text, start, end), plain)).toBeUndefined();
  });
});

describe('the page tally', () => {
  // Pages of generated lines (single-spaced, as cleaning hands them over, and not), and the real pages' lines.
  const generatedPages = Array.from({ length: 300 }, (_, i) =>
    (i % 2 === 0 ? GENERATED : SINGLE_SPACED).slice(i * 10, i * 10 + 1 + (i % 20)),
  );
  const realPages = [...sampleArticleTexts(), ...corpusTexts(40)].map((page) => splitLines(page));

  it('counts words, stop words, dense script and title case per line, and tells the language, as the plain scan does', () => {
    const pages = [...generatedPages, ...realPages];
    expect(pages.flat().length).toBeGreaterThan(3_000);
    expect(firstDifference(pages, tallyOf, plainTally)).toBeUndefined();
  });

  it('finds a language on real pages, so the comparison covers stop-word hits', () => {
    expect(realPages.filter((lines) => tallyOf(lines).language >= 0).length).toBeGreaterThan(0);
  });
});

describe('attribution tokenizing', () => {
  /** The regex tokenize stands for, with "--" typed for a dash read as the dash. */
  const plainTokenize = (text: string): Token[] =>
    [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'.-]*|[,;:()—–]|--/gu)].map((m) => ({ word: m[0] === '--' ? '—' : m[0], index: m.index }));

  it('cuts words and phrase marks where the regex does', () => {
    expect(TEXTS.length).toBeGreaterThan(7_000);
    expect(firstDifference(TEXTS, tokenize, plainTokenize)).toBeUndefined();
  });
});

describe('speaker runs: runWords and withoutPossessive', () => {
  const runWords = privateFunction<(run: string) => string[]>('src/articles/quotes/speaker-runs.ts', 'runWords', { SPACE, NO_BREAK_SPACE });
  const withoutPossessive = privateFunction<(run: string) => string>('src/articles/quotes/speaker-runs.ts', 'withoutPossessive', {
    LOWER_S,
    isApostrophe,
  });
  // The runs entity reading finds (what splitTitles is given), and generated texts as runs.
  const runs: string[] = [];
  const collector = new RunCollector(runs);
  for (const text of TEXTS) appendCapitalisedRuns(text, collector);
  const inputs = [...runs, ...GENERATED, '', ' ', '\u00a0', "'", '’s', "Trump's", 'Trump’', 'Iran’s Supreme Leader'];

  it('runWords splits where split(/[ \\u00a0]+/) does, empty words dropped', () => {
    expect(runs.length).toBeGreaterThan(5_000);
    expect(firstDifference(inputs, runWords, (run) => run.split(/[ \u00a0]+/).filter(Boolean))).toBeUndefined();
  });

  it("withoutPossessive takes off what replace(/['’]s?$/) does", () => {
    expect(firstDifference(inputs, withoutPossessive, (run) => run.replace(/['’]s?$/, ''))).toBeUndefined();
  });

  it('normalise lower-cases and drops dots and apostrophes as the regex does', () => {
    const words = inputs.flatMap((run) => run.split(/\s+/));
    expect(firstDifference(words, normalise, (word) => word.toLowerCase().replace(/[.’']/g, ''))).toBeUndefined();
  });
});

describe("entities' single-spaced reading", () => {
  /** The runs of one text, as appendCapitalisedRuns reads it. */
  const runsOf = (text: string): string[] => {
    const runs: string[] = [];
    appendCapitalisedRuns(text, new RunCollector(runs));
    return runs;
  };

  it('finds the runs the token-by-token reading finds', () => {
    // A tab at the end sends any text to the token-by-token reading, and adds no word.
    expect(firstDifference(TEXTS, runsOf, (text) => runsOf(text + '\t'))).toBeUndefined();
  });

  it('finds the runs of the text split at white space, as split(/\\s+/) cuts it', () => {
    expect(firstDifference(TEXTS, runsOf, (text) => runsOf(text.split(/\s+/).join(' ')))).toBeUndefined();
  });

  it('reads most real paragraphs single-spaced, so the comparison covers the fast path', () => {
    const single = REAL_LINES.filter((line) => !/[^\S ]| {2}/.test(line));
    expect(single.length / REAL_LINES.length).toBeGreaterThan(0.5);
  });
});

describe("entities' title words and lower-casing", () => {
  const TITLE_SEPARATORS = /[^\p{L}\p{N}.]+/u;
  const titleWordSet = privateFunction<(title: string) => Set<string>>(
    'src/articles/names/entities.ts',
    'titleWordSet',
    { TITLE_SEPARATORS, isAscii, isBeyondAscii, isAsciiAlphanumeric, FULL_STOP },
    ['isTitleWordCode'],
  );
  const lowerCaseAll = privateFunction<(strings: readonly string[]) => string[]>('src/articles/names/entities.ts', 'lowerCaseAll');

  it('cuts a title into the words new Set(title.toLowerCase().split(...)) gives', () => {
    const plain = (title: string) => new Set(title.toLowerCase().split(TITLE_SEPARATORS));
    expect(
      firstDifference(
        TEXTS,
        (title) => [...titleWordSet(title)],
        (title) => [...plain(title)],
      ),
    ).toBeUndefined();
  });

  it('lower-cases runs in one call as toLowerCase does one by one, final sigma included', () => {
    const groups = Array.from({ length: 2_000 }, (_, i) => TEXTS.slice(i * 3, i * 3 + (i % 7)));
    groups.push(['ΟΔΥΣΣΕΥΣ', 'Σ', 'ΣΑΣ ΣΑΣ'], ['İstanbul', '\u212aelvin']);
    expect(firstDifference(groups, lowerCaseAll, (strings) => strings.map((s) => s.toLowerCase()))).toBeUndefined();
  });
});
