/** The tokens and sentences of the text around a quote: what attribution reads, cut once per stretch. */
import {
  ASCII_END,
  COLON,
  COMMA,
  EM_DASH,
  EN_DASH,
  EXCLAMATION_MARK,
  FULL_STOP,
  HYPHEN,
  isApostrophe,
  isAscii,
  isAsciiAlphanumeric,
  isAsciiWhiteSpace,
  isGeneralPunctuation,
  isHighSurrogate,
  isLowSurrogate,
  isTypesetSpace,
  LATIN1_END,
  LEFT_PARENTHESIS,
  NARROW_NO_BREAK_SPACE,
  NO_BREAK_SPACE,
  QUESTION_MARK,
  RIGHT_PARENTHESIS,
  SEMICOLON,
} from '../text/index.js';

const WINDOW = 240;
// Short words with a full stop that do not end a sentence.
// An initialism's letters ("N.C.", "D.C.") are each such a word.
const NON_FINAL =
  /(?:^|\s)(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|St|Rev|Prof|Hon|U\.S|U\.N|Inc|Co|No|vs)\.$|(?:^|[\s.])[A-Z]\.$/;

export interface Token {
  word: string;
  index: number;
}

/** A stretch of a paragraph, sliced and tokenized once for every question asked of it. */
export interface Stretch {
  /** The whole paragraph. */
  text: string;
  /** Offset of the stretch in its paragraph. */
  start: number;
  window: string;
  tokens: Token[];
}

/** text[start, to), tokenized. */
export function stretchOf(text: string, start: number, to: number): Stretch {
  const window = text.slice(start, to);
  return { text, start, window, tokens: tokenize(window) };
}

/**
 * The tokens of a text: words (a letter or digit, then letters, digits, apostrophes, full stops and
 * hyphens) and the marks that bound a phrase, as /[\p{L}\p{N}][\p{L}\p{N}’'.-]*|[,;:()—–]/gu matches
 * them. Windows around every quote are tokenized, and a scan by character code spares a match array
 * per token and the Unicode class test of each character.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const width = letterOrDigitWidth(text, i);
    if (width > 0) {
      const end = wordEnd(text, i + width);
      tokens.push({ word: text.slice(i, end), index: i });
      i = end;
    } else {
      if (isPunctuationMark(text.charCodeAt(i))) tokens.push({ word: text[i]!, index: i });
      else if (text.charCodeAt(i) === HYPHEN && text.charCodeAt(i + 1) === HYPHEN) {
        tokens.push({ word: '—', index: i }); // "--" typed for a dash bounds a phrase as the dash does
        i++;
      }
      i += codePointWidth(text, i); // the regex steps over a surrogate pair whole
    }
  }
  return tokens;
}

/** Where a word that goes on from `from` ends: letters, digits, apostrophes, full stops and hyphens (`[\p{L}\p{N}’'.-]*`). */
function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isApostrophe(code) || code === FULL_STOP || code === HYPHEN) i++;
    else {
      const width = letterOrDigitWidth(text, i);
      if (width === 0) break;
      i += width;
    }
  }
  return i;
}

/** How many code units the letter or digit (`[\p{L}\p{N}]`) at text[i] takes: 1, 2 for one beyond the BMP, 0 for none. */
function letterOrDigitWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (isAscii(code)) return isAsciiAlphanumeric(code) ? 1 : 0;
  if (code < LATIN1_END) return LATIN1_LETTER_OR_DIGIT[code - ASCII_END]!;
  if (isGeneralPunctuation(code)) return 0; // curly quotes, dashes, odd spaces
  LETTER_OR_DIGIT.lastIndex = i;
  return LETTER_OR_DIGIT.test(text) ? LETTER_OR_DIGIT.lastIndex - i : 0;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;
/** For each code from 128 to 255, 1 when it is a letter or digit ("é", "ª", "²"), else 0: worked out once, by the regex. */
const LATIN1_LETTER_OR_DIGIT = Uint8Array.from({ length: LATIN1_END - ASCII_END }, (_, k) =>
  /^[\p{L}\p{N}]$/u.test(String.fromCharCode(ASCII_END + k)) ? 1 : 0,
);

/** Whether a code is one of the marks that are tokens of their own: , ; : ( ) — – */
function isPunctuationMark(code: number): boolean {
  return (
    code === COMMA ||
    code === SEMICOLON ||
    code === COLON ||
    code === LEFT_PARENTHESIS ||
    code === RIGHT_PARENTHESIS ||
    code === EM_DASH ||
    code === EN_DASH
  );
}

/** 2 at a surrogate pair, else 1: the step by which a Unicode regex moves on. */
function codePointWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (!isHighSurrogate(code)) return 1;
  return isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
}

/** The end of the sentence that starts at `from`: the first full stop, ! or ? not after an abbreviation, or a quote mark. */
export function sentenceEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + WINDOW);
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch === '“' || ch === '"' || ch === '”') return i;
    // A full stop inside brackets ("(D-Wash.)") ends an abbreviation, not the sentence.
    // Nor does one inside a word ("fivethirtyeight.com").
    // Nor one before a comma ("McConnell, R-Ky., said").
    if (
      (ch === '.' || ch === '!' || ch === '?') &&
      text[i + 1] !== ')' &&
      text[i + 1] !== ',' &&
      !isLetterOrDigitAt(text, i + 1) &&
      !NON_FINAL.test(text.slice(Math.max(from, i - 6), i + 1))
    )
      return i;
  }
  return limit;
}

/** The start of the sentence that holds offset `to`, never before `floor`. */
export function sentenceStart(text: string, to: number, floor: number): number {
  const lower = Math.max(floor, to - WINDOW);
  for (let i = to - 1; i >= lower; i--) {
    const ch = text[i];
    if ((ch === '.' || ch === '!' || ch === '?') && isSpaceAt(text, i + 1) && !NON_FINAL.test(text.slice(Math.max(lower, i - 6), i + 1)))
      return i + 1;
    // A quote ending its sentence: `“worse than amnesty.” And Rick Santorum ...`
    if ((ch === '”' || ch === '"') && i + 1 < to && isSpaceAt(text, i + 1) && isSentenceMark(text.charCodeAt(i - 1))) return i + 1;
  }
  return lower;
}

/** White space at text[i], as /\s/ tests it for the spaces news text holds. */
function isSpaceAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return isAsciiWhiteSpace(code) || code === NO_BREAK_SPACE || isTypesetSpace(code) || code === NARROW_NO_BREAK_SPACE;
}

/** A full stop, ! or ?. */
function isSentenceMark(code: number): boolean {
  return code === FULL_STOP || code === EXCLAMATION_MARK || code === QUESTION_MARK;
}

/** An ASCII letter or digit at text[i]. */
function isLetterOrDigitAt(text: string, i: number): boolean {
  return isAsciiAlphanumeric(text.charCodeAt(i));
}
