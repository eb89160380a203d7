/**
 * Describes each line of a page dump by the shallow features that tell prose from page furniture
 * (jusText, Boilerpipe): its length, its stop-word density, whether it ends a sentence, whether it
 * is a known boilerplate phrase or recurs on the page; and from those, whether it reads as prose.
 */
import { FULL_STOP } from './char-codes.js';
import {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASE_KEYWORDS,
  BOILERPLATE_PHRASES,
  END_OF_ARTICLE_LINES,
  LENGTH,
  PHRASE_MAX_LENGTH,
  SENTENCE_CLOSERS,
  SENTENCE_FINAL,
  STOP_DENSITY,
} from './clean-patterns.js';
import { anyPhraseOf, LinePatterns } from './clean-line-patterns.js';
import { findRepeats } from './clean-repeats.js';
import { PageTally, SAMPLE_CHARS } from './clean-tally.js';

export interface Line {
  text: string;
  /** Length with dense-script characters counted twice, so a Korean paragraph weighs like an English one. */
  size: number;
  stopDensity: number;
  /** Matched a boilerplate pattern (ad, share bar, credit, call to action): never body. */
  furniture: boolean;
  /** Opens the comment section or the copyright footer: the article is over. */
  endsArticle: boolean;
  /** The same line occurs elsewhere on the page (menus top and bottom, captions twice). */
  repeated: boolean;
  endsSentence: boolean;
  /** Written In Title Case, as headlines in English are. */
  titleCase: boolean;
  /** Reads as running text: long enough or a whole sentence, with the page's share of function words. */
  prose: boolean;
}

/** Length with dense-script characters counted twice; a huge line is prose-sized either way, so not scanned. */
function sizeOf(text: string, denseChars: number): number {
  return text.length > SAMPLE_CHARS ? text.length : text.length + denseChars;
}

const BOILERPLATE = new LinePatterns(BOILERPLATE_LINES);
const ANY_BOILERPLATE_PHRASE = anyPhraseOf(BOILERPLATE_PHRASES);
const END_OF_ARTICLE = new LinePatterns(END_OF_ARTICLE_LINES);

/** Ads, share bars, calls to action, photo credits, copyright lines. */
export function isBoilerplateLine(text: string): boolean {
  if (text.length > LENGTH.maxPatternCheck) return false;
  if (BOILERPLATE.test(text)) return true;
  return text.length <= PHRASE_MAX_LENGTH && BOILERPLATE_PHRASE_KEYWORDS.test(text) && ANY_BOILERPLATE_PHRASE.test(text);
}

/** Comment-section headers and copyright lines: nothing after them is the article. */
export function isEndOfArticleLine(text: string): boolean {
  return text.length <= LENGTH.maxPatternCheck && END_OF_ARTICLE.test(text);
}

/** Ends in sentence-final punctuation, maybe inside closing quotes or brackets, and not in an ellipsis. */
function endsSentence(text: string): boolean {
  let end = text.length - 1;
  while (end >= 0 && holdsCode(SENTENCE_CLOSERS, text.charCodeAt(end))) end--;
  return end >= 0 && holdsCode(SENTENCE_FINAL, text.charCodeAt(end)) && text.charCodeAt(end - 1) !== FULL_STOP;
}


/** Whether `chars` holds the code unit `code`: a check without the one-character string charAt would make. */
function holdsCode(chars: string, code: number): boolean {
  for (let i = 0; i < chars.length; i++) if (chars.charCodeAt(i) === code) return true;
  return false;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? null;
}

/**
 * The stop-word density a line needs to count as prose on this page. Stop lists are uneven across
 * languages and registers (financial copy has few function words), so the bar is set relative to
 * the page's own long lines, and never above jusText's fixed threshold.
 */
function proseDensityBar(lines: readonly Line[]): number {
  const long: number[] = [];
  for (const line of lines) if (line.size >= LENGTH.reference) long.push(line.stopDensity);
  const reference = long.length >= STOP_DENSITY.minReferenceLines ? median(long) : null;
  return reference === null ? STOP_DENSITY.low : Math.min(STOP_DENSITY.low, reference * STOP_DENSITY.relative);
}

/** Long enough (or a whole sentence) and dense enough in function words to be running text. */
function readsAsProse(line: Line, densityBar: number): boolean {
  if (line.furniture || line.stopDensity < densityBar) return false;
  if (line.repeated) return false; // a paragraph appears once; a repeated long line is a caption or teaser
  if (line.titleCase) return false;
  return line.size >= LENGTH.short || (line.endsSentence && line.size >= LENGTH.sentence);
}

/** A line described as `line` is, in an object of its own (prose and furniture are settled per line later). */
function copyOf(line: Line): Line {
  return {
    text: line.text,
    prose: line.prose,
    size: line.size,
    stopDensity: line.stopDensity,
    endsArticle: line.endsArticle,
    furniture: line.furniture,
    repeated: line.repeated,
    endsSentence: line.endsSentence,
    titleCase: line.titleCase,
  };
}

/** Describes every line of a page (lines already trimmed and non-empty). */
export function describeLines(texts: readonly string[]): Line[] {
  const tally = new PageTally(texts);
  const { repeated, earlierCopy } = findRepeats(texts);
  const lines: Line[] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const copy = earlierCopy[i]!;
    // a repeated line (a menu entry, a caption) is described as its earlier copy was: its patterns are not tried again
    if (copy >= 0) {
      lines.push(copyOf(lines[copy]!));
      continue;
    }
    lines.push({
      text,
      prose: false,
      size: sizeOf(text, tally.denseChars[i]!),
      stopDensity: tally.stopDensity(i),
      endsArticle: isEndOfArticleLine(text),
      furniture: isBoilerplateLine(text),
      repeated: repeated[i] === 1,
      endsSentence: endsSentence(text),
      titleCase: tally.titleCase[i] === 1,
    });
  }
  const bar = proseDensityBar(lines);
  for (const line of lines) {
    line.furniture ||= line.endsArticle;
    line.prose = readsAsProse(line, bar);
  }
  return lines;
}
