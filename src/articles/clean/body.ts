/**
 * Picks the article body out of described lines: the contiguous run of lines where prose outweighs
 * boilerplate most (a maximum-sum segment, Boilerpipe's "largest text block" idea made linear).
 */
import { isCallToAction, isMetadataLine, isRelatedContentHeader, type Line } from './blocks.js';
import { type HeadlineProbe, repeatsPageHeadline } from './metadata.js';
import { BODY_WEIGHTS, DATE_LINE_MAX, EMBED_CREDIT, LENGTH, NAMES_ONE_STORY, TABLE } from './patterns.js';

/** How much a line argues for (positive) or against (negative) being inside the body. */
function lineScore(line: Line): number {
  if (line.endsArticle) return -BODY_WEIGHTS.endOfArticle;
  if (line.furniture) return -BODY_WEIGHTS.furniture;
  if (line.prose) return line.size;
  if (line.size < LENGTH.short) return -BODY_WEIGHTS.shortLine;
  // a long sentence short of function words is more likely terse prose than navigation
  return -line.size * (line.endsSentence ? BODY_WEIGHTS.sparseSentenceFactor : BODY_WEIGHTS.badProseFactor);
}

/**
 * Whether the nearest line that is not furniture from line i in direction `step` is prose or a
 * table's row (the article's content either way); null at the page's edge. A function of its own,
 * not a closure in isIsolated: tsx gives every closure it creates a name through
 * Object.defineProperty, about a microsecond each time.
 */
function proseNear(lines: readonly Line[], rows: ContentRows, i: number, step: 1 | -1): boolean | null {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) {
    if (!lines[j]!.furniture) return lines[j]!.prose || (rows !== null && rows[j] !== NOT_CONTENT_ROW);
  }
  return null;
}

/**
 * A prose line with no prose on either side (ads and credits aside) is a teaser under a headline
 * in a list of links, not a paragraph: articles come as runs of paragraphs.
 */
function isIsolated(lines: readonly Line[], rows: ContentRows, i: number): boolean {
  const before = proseNear(lines, rows, i, -1);
  const after = proseNear(lines, rows, i, 1);
  // a page that is nothing but this line is an article of one paragraph
  return before !== true && after !== true && (before !== null || after !== null);
}

/**
 * Whether each line comes after the article has visibly ended: after a comment header or copyright
 * line, or a bare related-content header ("Most Read", "More Stories", "Up next"), that itself
 * follows some prose (a "Comments" entry in the top menu ends nothing).
 */
function afterArticleEnd(lines: readonly Line[], headline: HeadlineProbe | null): boolean[] {
  let proseSeen = 0;
  let ended = false;
  return lines.map((line) => {
    // the article starts under its headline: an end above it closed the stories streamed before
    if (headline !== null && (ended || proseSeen > 0) && !line.prose && !line.furniture && repeatsPageHeadline(headline, line.text, true)) {
      ended = false;
      proseSeen = 0;
    }
    const after = ended;
    if (line.prose) proseSeen += line.size;
    if (proseSeen >= BODY_WEIGHTS.proseBeforeEnd && (line.endsArticle || opensRelatedSection(line))) ended = true;
    return after;
  });
}

/**
 * A related-content header alone on its line opens the page's section of other stories: their
 * teasers, and the next article's opening, are not this article's. A header naming one story
 * ("Related: ...", "More on Brexit") is a box inside the article, which goes on after it.
 */
function opensRelatedSection(line: Line): boolean {
  return line.furniture && !line.endsArticle && isRelatedContentHeader(line.text) && !NAMES_ONE_STORY.test(line.text);
}

/**
 * Every line's score, with lone prose lines and prose after the article's end discounted, a table's
 * rows weighing nothing and an embedded post's credit line weighing as prose.
 */
export function bodyScores(lines: readonly Line[], ended: readonly boolean[] = afterArticleEnd(lines, null)): number[] {
  const rows = contentRows(lines);
  return lines.map((line, i) => {
    if (ended[i] && isTeaserHeadline(line)) return -BODY_WEIGHTS.shortLine;
    const row = rows === null ? NOT_CONTENT_ROW : rows[i];
    let score = row === TABLE_ROW || (row === EXCHANGE_ROW && !line.prose) ? 0 : row === EMBED_CREDIT_ROW ? line.size : lineScore(line);
    if (line.prose && isIsolated(lines, rows, i)) score -= BODY_WEIGHTS.isolatedProse;
    if (score > 0 && ended[i]) score *= BODY_WEIGHTS.afterEndFactor;
    return score;
  });
}

/**
 * After the article's end, a line that reads as prose but ends no sentence is another story's
 * headline (or headline and standfirst run together): it weighs as a short line, not as prose.
 */
function isTeaserHeadline(line: Line): boolean {
  return line.prose && !line.endsSentence;
}

/**
 * Per line, whether it is content that may read as no prose: a row of a table of figures (TABLE_ROW),
 * an embedded post's credit line (EMBED_CREDIT_ROW) or a line of an interview's questions and answers
 * (EXCHANGE_ROW); null on the many pages with none.
 */
type ContentRows = Uint8Array | null;
const NOT_CONTENT_ROW = 0;
const TABLE_ROW = 1;
const EMBED_CREDIT_ROW = 2;
const EXCHANGE_ROW = 3;

/**
 * The page's content rows, in one pass: tables of figures (standings, results, prices: runs of at
 * least TABLE.minRows lines, each short, not prose, ending in a number and holding TABLE.rowNumbers
 * numbers or more, the article's data rather than a menu, weighing neither for nor against the
 * body), interview exchanges and embedded posts' credit lines.
 */
function contentRows(lines: readonly Line[]): ContentRows {
  let rows: ContentRows = null;
  let tableStart = 0;
  let exchangeStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // most lines open with neither a dash nor a Q or A: one read of the first character rules both out
    const first = line.text.charCodeAt(0);
    if (!isRowOfFigures(line)) {
      if (i - tableStart >= TABLE.minRows) rows = markRows(rows, lines.length, TABLE_ROW, tableStart, i);
      tableStart = i + 1;
    }
    if ((first !== UPPER_Q && first !== UPPER_A) || !EXCHANGE.line.test(line.text)) {
      if (i - exchangeStart >= EXCHANGE.minLines) rows = markRows(rows, lines.length, EXCHANGE_ROW, exchangeStart, i);
      exchangeStart = i + 1;
    }
    if (isDash(first) && isEmbedCredit(line)) rows = markRows(rows, lines.length, EMBED_CREDIT_ROW, i, i + 1);
  }
  if (lines.length - tableStart >= TABLE.minRows) rows = markRows(rows, lines.length, TABLE_ROW, tableStart, lines.length);
  if (lines.length - exchangeStart >= EXCHANGE.minLines) rows = markRows(rows, lines.length, EXCHANGE_ROW, exchangeStart, lines.length);
  return rows;
}

/** Marks lines [from, to) as content rows of one kind, making the marks when the page has none yet. */
function markRows(rows: ContentRows, count: number, kind: number, from: number, to: number): Uint8Array {
  return (rows ?? new Uint8Array(count)).fill(kind, from, to);
}

/**
 * An interview printed as questions and answers ("Q: Favourite books?", "A: ..."): a run of at least
 * minLines such lines is the article's, however short its answers: a short one weighs nothing, as a table's row.
 */
const EXCHANGE = { line: /^[QA]\s?[:.]\s/, minLines: 4 } as const;
const UPPER_A = 65;
const UPPER_Q = 81;

/**
 * The credit line under a post the article embeds ("— Jane Doe (@janedoe) November 18, 2019"): the
 * post quoted above it is the article's, not a lone teaser, and the credit goes with it.
 */
function isEmbedCredit(line: Line): boolean {
  return !line.prose && line.size <= EMBED_CREDIT.maxLength && EMBED_CREDIT.pattern.test(line.text);
}

function isDash(code: number): boolean {
  return code === HYPHEN_MINUS || code === EN_DASH || code === EM_DASH;
}

const HYPHEN_MINUS = 45;
const EN_DASH = 0x2013;
const EM_DASH = 0x2014;

/** A short line, neither prose nor furniture, that ends in a number and holds TABLE.rowNumbers numbers or more. */
function isRowOfFigures(line: Line): boolean {
  if (line.prose || line.furniture || line.size > TABLE.rowMaxLength) return false;
  // a row's last column is a figure: most lines are ruled out by their last character, before any regex
  const last = line.text.charCodeAt(line.text.length - 1);
  if (!((last >= DIGIT_ZERO && last <= DIGIT_NINE) || last === PERCENT_SIGN)) return false;
  return countNumbers(line.text) >= TABLE.rowNumbers;
}

const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;
const PERCENT_SIGN = 37;
/** A number standing as a word of its own: "5040", "$1.2", "27,821.09", "+0.4%", "(3)", "9:28". */
const NUMBER_WORD = /(?:^|\s)[$€£¥(+-]?\d[\d.,:%)]*(?=\s|$)/g;

function countNumbers(text: string): number {
  return text.match(NUMBER_WORD)?.length ?? 0;
}

/** Maximum-sum contiguous run of scores (Kadane); [start, end) indices, empty when nothing scores above 0. */
export function bestRun(scores: readonly number[]): [number, number] {
  let best = 0;
  let bestStart = 0;
  let bestEnd = 0;
  let sum = 0;
  let start = 0;
  scores.forEach((score, i) => {
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += score;
    if (sum > best) {
      best = sum;
      bestStart = start;
      bestEnd = i + 1;
    }
  });
  return [bestStart, bestEnd];
}

export interface Body {
  /** First line of the body run, and the line after its last. */
  start: number;
  end: number;
  paragraphs: string[];
}

/**
 * The body: the best run, without the furniture, datelines and bylines inside it (short lines inside
 * are subheads and list items), a paragraph the page prints twice kept once.
 */
export function findBody(lines: readonly Line[], headline: HeadlineProbe | null = null): Body {
  const ended = afterArticleEnd(lines, headline);
  const [start, end] = bestRun(bodyScores(lines, ended));
  const paragraphs: string[] = [];
  let copies: Map<string, number> | null = null; // how often each repeated line occurs on the page; built at the first one met
  let blockEnd = -1; // the end of a teaser block under a related-content header, dropped whole
  for (let i = start; i < end; i++) {
    const line = lines[i]!;
    if (line.furniture) {
      if (i >= blockEnd && isRelatedContentHeader(line.text)) blockEnd = teaserBlockEnd(lines, i, end);
      continue;
    }
    if (i < blockEnd || (line.size <= DATE_LINE_MAX && isMetadataLine(line.text))) continue;
    if (!line.prose && line.repeated && isInWidget(lines, i)) continue;
    if (ended[i] && isTeaserHeadline(line)) continue;
    if (!line.prose && isCallToAction(line.text)) continue; // prose lines were tried when described
    if (line.repeated && line.prose) {
      copies ??= countRepeatedLines(lines);
      if (isSecondCopy(copies, line.text)) continue;
    }
    paragraphs.push(line.text);
  }
  return { start, end, paragraphs };
}

/**
 * Where the block under a related-content header ("Recommended", "Read more") ends: the short lines
 * after it up to the next prose line are its teasers, bylines and dates (jusText's neighbours: short
 * lines between a bad block and a good one go with the bad), when there are at least
 * TEASER_BLOCK_MIN of them. Other furniture (an ad label, "Print") opens no block: a table or an
 * ingredient list may follow it.
 */
function teaserBlockEnd(lines: readonly Line[], i: number, end: number): number {
  let short = 0;
  let j = i + 1;
  for (; j < end && !lines[j]!.prose; j++) if (!lines[j]!.furniture) short++;
  return short >= TEASER_BLOCK_MIN ? j : -1;
}

const TEASER_BLOCK_MIN = 2;

/**
 * A repeated short line next to another: a widget's buttons and labels, printed wherever the widget
 * is ("Full Screen", "Autoplay", "Skip Ad" in each gallery). A lone repeated line between paragraphs
 * (an interviewer's question, a source label) is the article's own.
 */
function isInWidget(lines: readonly Line[], i: number): boolean {
  return isWidgetLabel(lines, i, i - 1) || isWidgetLabel(lines, i, i + 1);
}

/** Whether line j is a repeated short line other than a copy of line i (a table's header row printed twice is one label). */
function isWidgetLabel(lines: readonly Line[], i: number, j: number): boolean {
  const line = lines[j];
  return line !== undefined && line.repeated && !line.prose && line.text !== lines[i]!.text;
}

/** How many times each repeated line occurs on the page. */
function countRepeatedLines(lines: readonly Line[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) if (line.repeated) counts.set(line.text, (counts.get(line.text) ?? 0) + 1);
  return counts;
}

/**
 * Whether a paragraph is the later copy of one the page prints exactly twice (a pull quote, a lead
 * repeated under the headline), its first copy already kept: such a paragraph is kept once. A line
 * printed many times (an interviewer's recurring question) belongs to each exchange and stays each
 * time. Marks a pair in `copies` (-1) once its first copy is kept.
 */
function isSecondCopy(copies: Map<string, number>, text: string): boolean {
  const left = copies.get(text) ?? 0;
  copies.set(text, left === 2 ? -1 : left); // -1: the first of a pair has been kept
  return left === -1;
}
