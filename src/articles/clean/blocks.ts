/**
 * Describes each line of a page dump by the shallow features that tell prose from page furniture
 * (jusText, Boilerpipe): its length, its stop-word density, whether it ends a sentence, whether it
 * is a known boilerplate phrase or recurs on the page; and from those, whether it reads as prose.
 */
import { COPYRIGHT_SIGN, FULL_STOP, isAsciiDigit, LOWER_B, RIGHT_PARENTHESIS, SLASH, SPACE, toAsciiLower } from '../text/index.js';
import { findDate } from './dates.js';
import { anyPhraseOf, LinePatterns } from './line-patterns.js';
import {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASE_KEYWORDS,
  BOILERPLATE_PHRASES,
  BRACKETED_LINE,
  BYLINE_LINE,
  CALL_TO_ACTION_KEYWORDS,
  CALL_TO_ACTION_MAX_LENGTH,
  CALL_TO_ACTION_PHRASES,
  CAPTION_CREDIT,
  CAPTION_CREDIT_TAIL,
  CAPTION_LABELLED_CREDIT,
  CAPTION_NAMED_CREDIT,
  CAPTION_TRAILING_CREDIT,
  DATE_LINE_MAX,
  DATE_LINE_OTHER_WORDS,
  DATE_LINE_WORDS,
  END_OF_ARTICLE_LINES,
  LENGTH,
  MONTHS,
  NOTICE_OPENING,
  PHRASE_MAX_LENGTH,
  RELATED_CONTENT_HEADERS,
  SENTENCE_CLOSERS,
  SENTENCE_FINAL,
  STOP_DENSITY,
} from './patterns.js';
import { findRepeats } from './repeats.js';
import { PageTally, SAMPLE_CHARS } from './tally.js';

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
const REPEATED_PROSE_MIN = 70;
const END_OF_ARTICLE = new LinePatterns(END_OF_ARTICLE_LINES);

/** Ads, share bars, calls to action, photo credits, copyright lines. */
export function isBoilerplateLine(text: string): boolean {
  if (text.length > LENGTH.maxPatternCheck) return isLongNotice(text);
  if (BOILERPLATE.test(text) || isBracketedLink(text)) return true;
  if (text.length > PHRASE_MAX_LENGTH) return isLongNotice(text);
  return BOILERPLATE_PHRASE_KEYWORDS.test(text) && ANY_BOILERPLATE_PHRASE.test(text);
}

/** A consent notice too long for the phrase patterns: it says what it is in its first words. */
function isLongNotice(text: string): boolean {
  return text.length <= NOTICE_OPENING.maxLength && NOTICE_OPENING.pattern.test(text);
}

const RELATED_CONTENT_HEADER = new LinePatterns(RELATED_CONTENT_HEADERS);

/** A link to another story set in brackets between paragraphs ("[Read: ...]", "[Related: ...]"). */
function isBracketedLink(text: string): boolean {
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  const inside = BRACKETED_LINE.exec(text)?.[1];
  return inside !== undefined && RELATED_CONTENT_HEADER.test(inside);
}

/** "Recommended", "Read more: ...", "More from Sport": a related-content block starts here. */
export function isRelatedContentHeader(text: string): boolean {
  return text.length <= LENGTH.maxPatternCheck && RELATED_CONTENT_HEADER.test(text);
}

/** Letter runs of a line (digits and punctuation left out): what a dateline holds beside its numbers. */
const LETTER_RUN = /[\p{L}.]+/gu;

/** A line that is a date and little else ("Nov. 20, 2019, 9:28 AM UTC", "Published Monday 10:02 AM"): metadata, not a paragraph. */
export function isDateLine(text: string): boolean {
  if (text.length > DATE_LINE_MAX || findDate(text) === null) return false;
  let others = 0;
  for (const run of text.match(LETTER_RUN) ?? []) {
    const word = run.toLowerCase().replace(/^\.+|\.+$/g, '');
    if (word.length === 0 || MONTHS.has(word) || DATE_LINE_WORDS.has(word)) continue;
    if (++others > DATE_LINE_OTHER_WORDS) return false;
  }
  return true;
}

/**
 * A dateline or a byline on a line of its own: weighed as any short line, never kept as a paragraph.
 * Asked only of the few lines that matter (the body's, the header's), not of every line of the page.
 */
export function isMetadataLine(text: string): boolean {
  return isDateLine(text) || isBylineLine(text);
}

/** A byline on a line of its own, inside or near the body ("By Reuters"). */
export function isBylineLine(text: string): boolean {
  // every byline line opens with "by": lines that don't are spared the regex
  return text.length <= LENGTH.short && toAsciiLower(text.charCodeAt(0)) === LOWER_B && BYLINE_LINE.test(text);
}

const ANY_CALL_TO_ACTION = anyPhraseOf(CALL_TO_ACTION_PHRASES);

/** A pitch or caption that reads like a sentence ("Get breaking news alerts ...", "... (Image: Getty)"). */
export function isCallToAction(text: string): boolean {
  if (isCaption(text)) return true;
  return text.length <= CALL_TO_ACTION_MAX_LENGTH && CALL_TO_ACTION_KEYWORDS.test(text) && ANY_CALL_TO_ACTION.test(text);
}

/**
 * A photo caption: a line ending in its credit, in brackets ("(Image: Getty)") or after its last
 * sentence ("... Leonhard Foeger / Reuters file"); only the tail of the line is read.
 */
function isCaption(text: string): boolean {
  if (text.length > PHRASE_MAX_LENGTH) return false;
  let end = text.length - 1;
  if (text.charCodeAt(end) === FULL_STOP) end--;
  const from = Math.max(0, end + 1 - CAPTION_CREDIT_TAIL);
  if (text.charCodeAt(end) === RIGHT_PARENTHESIS) {
    const tail = text.slice(from, end + 1);
    return CAPTION_CREDIT.test(tail) || CAPTION_NAMED_CREDIT.test(tail);
  }
  // a labelled credit follows "Credit" or a label's colon, a bare one a slash or a copyright sign:
  // most lines have none of them near their end, and their tail is never cut out
  const labelled = holdsLabel(text, from, end);
  if (!labelled && !holdsCreditMark(text, from, end)) return false;
  const tail = text.slice(from, end + 1);
  return (labelled && CAPTION_LABELLED_CREDIT.test(tail)) || CAPTION_TRAILING_CREDIT.test(tail);
}

/**
 * Whether text[from, end] holds "Credit" or a colon after a letter a credit label ends in
 * ("Photograph:", "Photo:", "Image:", "Picture:", "Illustration:", "Credit:", "Credits:"), not a
 * digit (a time's, "9:28"): the last colon and the last "Credit" are found by native searches.
 */
function holdsLabel(text: string, from: number, end: number): boolean {
  if (text.lastIndexOf('Credit', end) >= from) return true;
  const colon = text.lastIndexOf(':', end);
  if (colon < from || isAsciiDigit(text.charCodeAt(colon + 1))) return false;
  let before = colon - 1;
  while (before >= from && text.charCodeAt(before) === SPACE) before--;
  return LABEL_ENDINGS.includes(text.charAt(before));
}

/** The last letters of the credit labels, lower case: h(Photograph), o(Photo), e(Image, Picture), n(Illustration), t(Credit), s(Credits). */
const LABEL_ENDINGS = 'hoents';

/** Whether text[from, end] holds a slash or a copyright sign: read from the end, no further than the tail. */
function holdsCreditMark(text: string, from: number, end: number): boolean {
  for (let i = end; i >= from; i--) {
    const code = text.charCodeAt(i);
    if (code === SLASH || code === COPYRIGHT_SIGN) return true;
  }
  return false;
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
  // a repeated short line is a caption or teaser (a repeated paragraph is judged by its neighbours, in describeLines)
  if (line.repeated && line.size < REPEATED_PROSE_MIN) return false;
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
  for (const line of lines) line.furniture ||= line.endsArticle;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    line.prose = readsAsProse(line, bar);
    // a pitch or caption would count for the body: furniture it is
    if (line.prose && isCallToAction(line.text)) {
      line.prose = false;
      line.furniture = true;
    }
    // repeated lines in a row are a teaser list or menu, a repeated headline ends no sentence; a lone
    // repeated paragraph (a pull quote, a lead printed twice) is prose
    if (line.prose && line.repeated) line.prose = line.endsSentence && isLoneRepeat(lines, i);
  }
  return lines;
}

/** Whether the nearest lines before and after line i that are not furniture occur only once on the page. */
function isLoneRepeat(lines: readonly Line[], i: number): boolean {
  return !repeatedNear(lines, i, -1) && !repeatedNear(lines, i, 1);
}

/**
 * Whether the nearest line from line i in direction `step` that is neither furniture nor a copy of
 * line i (a lead printed twice in a row) is a repeated one; false at the page's edge.
 */
function repeatedNear(lines: readonly Line[], i: number, step: 1 | -1): boolean {
  const text = lines[i]!.text;
  for (let j = i + step; j >= 0 && j < lines.length; j += step) {
    const line = lines[j]!;
    if (line.furniture || line.text === text) continue;
    // a dateline between (the page may repeat it) does not part the paragraph from its neighbours
    if (!line.repeated) return false;
    if (!isMetadataLine(line.text)) return true;
  }
  return false;
}
