/** Telling someone's words from a term, a title or markup in quotation marks ("Axis of Resistance", "Guardians of the Galaxy"). */

import {
  COLON,
  COMMA,
  EXCLAMATION_MARK,
  FULL_STOP,
  isAscii,
  isAsciiLower,
  isBeyondAscii,
  isGeneralPunctuation,
  isWordCode,
  NO_BREAK_SPACE,
  QUESTION_MARK,
  SEMICOLON,
  SPACE,
} from '../text/index.js';
import type { QuoteSpan } from './spans.js';

// Fewer words than this inside quotation marks is a term or a title ("Axis of Resistance"), not a quote.
const MIN_QUOTE_WORDS = 4;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Whether text holds at least `count` words; stops counting there (quotes run long, the bar is low). */
export function hasWords(text: string, count: number): boolean {
  WORD.lastIndex = 0;
  let found = 0;
  while (found < count && WORD.test(text)) found++; // test, not exec: no match array to build
  return found >= count;
}

/** True when quotation marks hold a short phrase, a title or markup rather than someone's words. */
export function isTerm(paragraphs: readonly string[], span: QuoteSpan, text: string): boolean {
  // Words in capitals throughout are shouted (a tweet, a chant), not a title in title case.
  if (!hasWords(text, MIN_QUOTE_WORDS) || (isTitleOfWork(text) && !isShouted(text))) return true;
  const first = span.parts[0];
  const before = first ? (paragraphs[first.paragraph] ?? '')[span.open - 1] : undefined;
  return before === '=' || /[<>]|^\s*https?:\/\//.test(text); // attribute values and links in leftover HTML
}

/** No lower-case letter at all: "THIS IS NOT OK." (asked only of a quote that reads as a title). */
function isShouted(text: string): boolean {
  return text === text.toUpperCase();
}

// Words a title in title case leaves in lower case ("Guardians of the Galaxy", "This Week with George Stephanopoulos").
const TITLE_SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'but',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'with',
  'from',
  'as',
  'is',
  'vs',
  'via',
  'into',
  'over',
  'per',
]);
const MAX_TITLE_WORDS = 14;

/** Every word capitalised but the small ones, in one sentence: the title of a show, book or slogan, not speech. */
function isTitleOfWork(text: string): boolean {
  let words = 0;
  // Words by char code: most quotes fail on their first or second word, and this runs for every quote.
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (!isWordCode(code)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && !isWordBreak(text.charCodeAt(end))) end++;
    if (++words > MAX_TITLE_WORDS) return false;
    const lower = isAsciiLower(code);
    if (lower ? words === 1 || !TITLE_SMALL_WORDS.has(text.slice(i, end)) : isBeyondAscii(code) && !/^[\p{Lu}\p{N}]/u.test(text[i]!))
      return false;
    i = end;
  }
  return words >= MIN_QUOTE_WORDS && !/[.!?]\s+\S/.test(text.trimEnd()); // a second sentence: speech
}

/** White space or a mark that ends a word in a title ("Galaxy," "Again."). */
function isWordBreak(code: number): boolean {
  if (isAscii(code)) {
    return (
      code === SPACE ||
      code === COMMA ||
      code === FULL_STOP ||
      code === COLON ||
      code === SEMICOLON ||
      code === EXCLAMATION_MARK ||
      code === QUESTION_MARK
    );
  }
  return code === NO_BREAK_SPACE || isGeneralPunctuation(code);
}
