/** Sentence splitting: break after sentence-final punctuation, then repair breaks after abbreviations, initials and inline titles. */

// A possible sentence end: terminal punctuation, any closing quotes or brackets, then white space.
// (Intl.Segmenter gives the same breaks on news text but is several times slower, and summaries split thousands of sentences.)
const POSSIBLE_END = /[.!?…]+["'”’)\]]*\s+/g;

/** The text cut after every possible sentence end, white space kept with the piece before it. */
function possibleSentences(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(POSSIBLE_END)) {
    const end = match.index + match[0].length;
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

// Titles stand before a name, so a full stop after them never ends a sentence.
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'gen',
  'lt',
  'col',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'pres',
  'supt',
  'insp',
  'det',
  'maj',
  'cpl',
  'pvt',
  'messrs',
]);

// Abbreviations that usually continue the sentence but can also end one ("... of Apple Inc.").
const ABBREVIATIONS = new Set([
  'sr',
  'jr',
  'inc',
  'ltd',
  'co',
  'corp',
  'bros',
  'vs',
  'etc',
  'approx',
  'dept',
  'univ',
  'plc',
  'jan',
  'feb',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'ala',
  'ariz',
  'calif',
  'conn',
  'fla',
  'kan',
  'ky',
  'mich',
  'minn',
  'mont',
  'neb',
  'nev',
  'okla',
  'tenn',
  'tex',
  'wis',
  'wyo',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'u.n',
  'a.m',
  'p.m',
]);

// Words that open a new sentence far more often than they follow an abbreviation mid-sentence.
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'but',
  'and',
  'this',
  'that',
  'these',
  'those',
  'there',
  'his',
  'her',
  'their',
  'its',
  'our',
  'in',
  'on',
  'at',
  'however',
  'meanwhile',
  'after',
  'when',
  'if',
  'as',
  'some',
  'many',
  'most',
  'for',
  'so',
  'yet',
  'also',
  'still',
  'now',
  'then',
]);

/** The word before a final full stop ("Mr", "U.S", "F"), or null when the segment does not end that way. */
function wordBeforeFinalStop(segment: string): string | null {
  const match = /(?:^|[\s(“"'‘])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(segment);
  return match?.[1] ?? null;
}

function firstWord(segment: string): string {
  return (/^[\s"“‘'(]*([A-Za-z]+)/.exec(segment)?.[1] ?? '').toLowerCase();
}

/** True when the break after `segment` falls after an abbreviation or initial, so `next` continues it. */
function isAbbreviationBreak(segment: string, next: string): boolean {
  const word = wordBeforeFinalStop(segment);
  if (!word) return false;
  const lower = word.toLowerCase();
  if (TITLES.has(lower)) return true;
  if (/^[A-Z]$/.test(word)) return true; // an initial: "John F. Kennedy"
  // "No. 10" is a number; "no." before anything else ends a sentence.
  if (lower === 'no') return /^\s*\d/.test(next);
  return ABBREVIATIONS.has(lower) && !SENTENCE_OPENERS.has(firstWord(next));
}

/** True when `next` cannot open a sentence: it starts lower-case ("said the minister", after a title like "Hey Ya!"), with a dash, or with closing punctuation. */
function continuesSentence(next: string): boolean {
  const start = next.trimStart();
  if (/^[)\]}:;,]/.test(start)) return true;
  // A dash goes on after an inline title ("Where is the Love? - picked up the prize").
  if (/^[-–—]\s/.test(start)) return true;
  // A lower-case word with no capital inside ("eBay", "iPod" can open a sentence).
  return /^[a-z][a-z'’-]*(?:[\s,.;:!?]|$)/.test(start);
}

/** Splits text into sentences, trimmed, never empty. */
export function splitSentences(text: string): string[] {
  const segments = possibleSentences(text);
  const out: string[] = [];
  let pending = '';
  for (let i = 0; i < segments.length; i++) {
    pending += segments[i];
    const next = segments[i + 1];
    if (next !== undefined && (isAbbreviationBreak(pending.trimEnd(), next) || continuesSentence(next))) continue;
    if (pending.trim()) out.push(pending.trim());
    pending = '';
  }
  if (pending.trim()) out.push(pending.trim());
  return out;
}
