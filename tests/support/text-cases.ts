/**
 * Inputs for tests that compare a fast path with its plain version: seeded random text over the
 * characters the fast paths treat apart, and real text (the sample articles, and the shared corpus
 * when it is there; it is read in place, never copied into the repository).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small seeded generator, so a failing case comes back on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Letters the scanners read by char code, and the ones beyond ASCII they hand to Unicode's rules:
// accents, Cyrillic, Greek, CJK, the Kelvin sign (lower-cases to "k"), dotted İ (lower-cases to two code units), an emoji.
const LETTERS = [
  'abcdefghijklmnopqrstuvwxyz',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'éèàçñöüÉÀÑÖßæøåª',
  'москваМОСКВАяЯџЏ',
  'αθήναΑΘΉΝΑςΣ',
  '北京東京서울',
  '\u212aİıſ',
  '0123456789²',
];
/** Whole words the word lists and name rules know, so lookups hit as well as miss. */
const WORDS = [
  'the',
  'The',
  'THE',
  'of',
  'Of',
  'de',
  'van',
  'said',
  'says',
  'Mr.',
  'Mrs',
  'Dr.',
  'Sen.',
  'U.S.',
  'U.N.',
  'senator',
  'Senator',
  'President',
  'minister',
  'spokesman',
  'He',
  'She',
  'he',
  'Trump',
  'Iran',
  'Tehran',
  'Bank',
  'England',
  'Supreme',
  'Court',
  'Jr.',
  'May',
  'March',
  'From',
  'und',
  'der',
  'le',
  'el',
  'и',
  'в',
  'και',
  'était',
  'Москва',
  'Ἀθῆναι',
  'don’t',
  "it's",
  'Trump’s',
  "Iran's",
  'O’Brien',
  "O'Neil",
  'al-Assad',
  'New',
  'York',
  'Jean-Luc',
  'Kelvin',
  '\u212aelvin',
  'İstanbul',
  'ǅemal',
  '😀',
  'x\ud800',
  'QXÉ',
  'Wq’s',
  '가',
];
const MARKS = [
  "'",
  '’',
  '‘',
  '"',
  '“',
  '”',
  '-',
  '--',
  '—',
  '–',
  '.',
  ',',
  ';',
  ':',
  '(',
  ')',
  '!',
  '?',
  '…',
  '«',
  '»',
  '·',
  '&',
  '/',
  '#',
  "'s",
  '’s',
];
const SPACES = [' ', ' ', ' ', ' ', ' ', '  ', '\u00a0', '\t', '\n', '\u2009', '\u202f', '\u3000', '\r\n', ' \u00a0 '];

/** A word of random letters, mostly of one alphabet, maybe with an apostrophe, hyphen or dot inside. */
function randomWord(random: () => number): string {
  const alphabet = pick(random, LETTERS);
  let word = '';
  const length = 1 + Math.floor(random() * 8);
  for (let i = 0; i < length; i++) {
    word += random() < 0.85 ? pick(random, [...alphabet]) : pick(random, [...pick(random, LETTERS)]);
    if (random() < 0.05) word += pick(random, ["'", '’', '-', '.']);
  }
  return random() < 0.3 ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** One token of generated text: a known word, a random word, or marks, with marks stuck on now and then. */
function randomToken(random: () => number): string {
  const r = random();
  let token = r < 0.45 ? pick(random, WORDS) : r < 0.85 ? randomWord(random) : pick(random, MARKS);
  if (random() < 0.15) token = pick(random, MARKS) + token;
  if (random() < 0.2) token += pick(random, MARKS);
  return token;
}

/** Text of up to `maxTokens` tokens; single-spaced when `spacing` is 'single', else with odd spaces too. Sometimes empty. */
export function randomText(random: () => number, maxTokens: number, spacing: 'single' | 'any' = 'any'): string {
  if (random() < 0.03) return '';
  const count = 1 + Math.floor(random() * maxTokens);
  let text = spacing === 'any' && random() < 0.1 ? pick(random, SPACES) : '';
  for (let i = 0; i < count; i++) {
    if (i > 0) text += spacing === 'single' || random() < 0.7 ? ' ' : pick(random, SPACES);
    text += randomToken(random);
  }
  return spacing === 'any' && random() < 0.1 ? text + pick(random, SPACES) : text;
}

/** Generated texts: `count` of them, from `seed`. */
export function generatedTexts(seed: number, count: number, maxTokens: number, spacing: 'single' | 'any' = 'any'): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => randomText(random, maxTokens, spacing));
}

const ROOT = join(import.meta.dirname, '..', '..');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');

/** The files of a folder ending in one of `extensions`, sorted; none when the folder is absent. */
export function filesIn(dir: string, extensions: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)))
    .sort()
    .map((name) => join(dir, name));
}

/** The sample articles' text dumps. */
export function sampleArticleTexts(): string[] {
  return filesIn(join(ROOT, 'data', 'articles'), ['.txt']).map((file) => readFileSync(file, 'utf8'));
}

/**
 * Real pages of the shared corpus as text (the seed, the extraction dumps, a slice of PolNeAR's
 * political news, a slice of BASIL's stories), at most `limit` of each set so the tests stay fast;
 * none when the corpus is absent.
 */
export function corpusTexts(limit: number): string[] {
  const texts = [
    ...filesIn(join(CORPUS, 'seed'), ['.txt']),
    ...filesIn(join(CORPUS, 'extraction', 'pages'), ['.txt']).slice(0, limit),
    ...filesIn(join(CORPUS, 'quotes', 'polnear-train', 'text'), ['.txt']).slice(0, limit),
  ].map((file) => readFileSync(file, 'utf8'));
  const basil = join(CORPUS, 'stories', 'basil.jsonl');
  if (existsSync(basil)) {
    const lines = readFileSync(basil, 'utf8').split('\n').filter(Boolean).slice(0, limit);
    for (const line of lines) texts.push((JSON.parse(line) as { text: string }).text);
  }
  return texts;
}
