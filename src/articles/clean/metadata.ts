/**
 * Title, section, byline, date, site name and URL of a page dump. They sit in the page's first line
 * (the HTML <title>, "Headline - Site") and in the few lines just above the body.
 */

import { ASCII_END, isAscii, LOWER_H, toAsciiLower } from '../text/index.js';
import { isDateLine, isMetadataLine, type Line } from './blocks.js';
import { findDate } from './dates.js';
import {
  BYLINE_BY,
  BYLINE_NAME_END,
  BYLINE_NAME_FIRST,
  BYLINE_TRAILING_BY,
  HEADLINE,
  LENGTH,
  MONTHS,
  NAME,
  NOT_A_SECTION,
  PUBLISHED_CUE,
  SECTION_LABEL,
  SECTION_MAX_WORDS,
} from './patterns.js';
import { ENGLISH_STOP_WORDS, splitTitle, stopWordCount } from './title.js';

/** How far above the body the headline, byline and date are looked for, in lines. */
const HEADER_WINDOW = 12;
/** Lines after the body searched for a "First published on ..." line. */
const FOOTER_WINDOW = 4;

export interface PageTitle {
  /** The page's <title> split at its site suffix: headline and site name (either may be null). */
  headline: string | null;
  site: string | null;
}

/** What normalise turns into a single space: white space and quotation marks. */
const GAP = /[\s"'“”‘’]/;
const GAPS = new RegExp(`${GAP.source}+`, 'g');

function normalise(text: string): string {
  return text.toLowerCase().replace(GAPS, ' ').trim();
}

/**
 * The last character normalise(text) keeps, lower-cased, told without normalising: when it is ASCII
 * (and only ASCII white space and quotes follow it); -1 when that takes normalising.
 */
function normalisedEnd(text: string): number {
  let end = text.length - 1;
  while (end >= 0 && isAsciiSpaceOrQuote(text.charCodeAt(end))) end--;
  if (end < 0) return -1;
  const code = text.charCodeAt(end);
  return isAscii(code) ? toAsciiLower(code) : -1;
}

/** Whether normalise(a) and normalise(b) surely differ, told from their last characters: a cheap rejection. */
function endApart(a: string, b: string): boolean {
  const endA = normalisedEnd(a);
  const endB = normalisedEnd(b);
  return endA >= 0 && endB >= 0 && endA !== endB;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Splits the first line, "Headline - Site" or "Headline | World | Site", into headline and site. */
export function splitPageTitle(first: string | undefined): PageTitle {
  if (!first || first.length > LENGTH.maxPatternCheck) return { headline: null, site: null };
  const parts = splitTitle(first);
  if (parts.site !== null || parts.section !== null) return { headline: parts.headline, site: parts.site };
  // a first line that ends like a sentence is prose, not a <title>
  const isHeadline = first.length >= HEADLINE.min && first.length <= HEADLINE.max && !/\.["'”’]?$/.test(first);
  return { headline: isHeadline ? first : null, site: null };
}

/**
 * Whether a line is the page title's headline again (alone, or under the title's own prefix like
 * "Opinion | ..."). `normalised` is normalise(headline).
 */
function repeatsHeadline(line: string, normalised: string): boolean {
  const a = normalise(line);
  const b = normalised;
  if (a === b) return true;
  // "Opinion | Headline" in the title, "Headline" on the page
  return a.length >= HEADLINE.min && b.endsWith(a) && /[|:–—-]\s*$/.test(b.slice(0, b.length - a.length));
}

/** The page title's headline, with what tells a line that cannot repeat it worked out once. */
export interface HeadlineProbe {
  headline: string;
  longest: number;
  shortest: number;
  /** normalisedEnd(headline): -1 when lines cannot be told apart by their ends. */
  end: number;
  /** normalisedStart(headline), for a search of the headline itself (not a part after "Opinion | "). */
  start: number;
  /** normalise(headline), worked out at the first line that may repeat it. */
  normalised: string | null;
  /** Lines already normalised and compared: a page prints its repeated lines many times, and both searches ask. */
  answers: Map<string, boolean> | null;
}

export function headlineProbe(headline: string | null): HeadlineProbe | null {
  if (headline === null) return null;
  return {
    headline,
    longest: headline.length + 10,
    shortest: Math.min(HEADLINE.min, headline.length),
    end: normalisedEnd(headline),
    start: normalisedStart(headline),
    normalised: null,
    answers: null,
  };
}

/**
 * Whether a line repeats the page title's headline (`whole`: the headline itself, not its part
 * after a label). Most lines are told apart by their length or their last or first character, and
 * never normalised.
 */
export function repeatsPageHeadline(probe: HeadlineProbe, line: string, whole = false): boolean {
  if (line.length > probe.longest || line.length < probe.shortest) return false;
  if (probe.end >= 0) {
    const end = normalisedEnd(line);
    if (end >= 0 && end !== probe.end) return false;
  }
  // the headline as a whole opens as it does; a part of it (after "Opinion | ") need not
  if (whole && probe.start >= 0) {
    const start = normalisedStart(line);
    if (start >= 0 && start !== probe.start) return false;
  }
  const answers = (probe.answers ??= new Map());
  let answer = answers.get(line);
  if (answer === undefined) answers.set(line, (answer = repeatsHeadline(line, (probe.normalised ??= normalise(probe.headline)))));
  return answer;
}

/** The first character normalise(text) keeps, lower-cased, when it is ASCII; -1 when that takes normalising. */
function normalisedStart(text: string): number {
  let start = 0;
  while (start < text.length && isAsciiSpaceOrQuote(text.charCodeAt(start))) start++;
  if (start === text.length) return -1;
  const code = text.charCodeAt(start);
  return isAscii(code) ? toAsciiLower(code) : -1;
}

/** 1 for each ASCII code that normalise's GAP matches, read from GAP itself so the two stay in step. */
const ASCII_GAP = Uint8Array.from({ length: ASCII_END }, (_, code) => (GAP.test(String.fromCharCode(code)) ? 1 : 0));

/** ASCII white space and quotes: what normalise() blanks out, as far as ASCII goes. */
function isAsciiSpaceOrQuote(code: number): boolean {
  return isAscii(code) && ASCII_GAP[code] === 1;
}

function looksLikeHeadline(line: Line): boolean {
  return (
    !line.furniture &&
    line.text.length >= HEADLINE.min &&
    line.text.length <= HEADLINE.max &&
    !/\.$/.test(line.text) &&
    findDate(line.text) === null &&
    !BYLINE_BY.test(line.text)
  );
}

/**
 * The on-page headline's line index: where the <title>'s headline recurs, nearest the body; with no
 * "Headline - Site" first line, the title-case line just above the body.
 */
export function findTitleLine(
  lines: readonly Line[],
  bodyStart: number,
  title: PageTitle,
  probe: HeadlineProbe | null = headlineProbe(title.headline),
): number | null {
  const recurring = probe !== null ? findRecurringHeadline(lines, bodyStart, probe) : null;
  if (recurring !== null || title.site !== null) return recurring;
  // no "Headline - Site" first line: the headline is the title-case line just above the body, or the line above the byline
  for (let i = bodyStart - 1; i >= Math.max(1, bodyStart - HEADER_WINDOW); i--) {
    const line = lines[i]!;
    if (line.prose && line.text.length > HEADLINE.max) break;
    // the headline sits just above its byline; lines higher up are the site's
    if (namesAuthor(lines, i)) return headlineAbove(lines, i);
    // the cheap flags first: looksLikeHeadline looks for a date
    if (line.titleCase && !line.prose && looksLikeHeadline(line)) return i;
  }
  return null;
}

/** How far above a byline its headline may be (a standfirst may sit between), in lines. */
const BYLINE_TO_HEADLINE = 3;

/** The headline just above a byline at line i, whatever its case: the nearest headline-like line, a standfirst skipped. */
function headlineAbove(lines: readonly Line[], i: number): number | null {
  for (let j = i - 1; j >= Math.max(1, i - BYLINE_TO_HEADLINE); j--) {
    const line = lines[j]!;
    if (line.furniture || isMetadataLine(line.text)) continue;
    if (looksLikeHeadline(line) && !namesAuthor(lines, j)) return j;
    if (!line.prose) return null;
  }
  return null;
}

/** Names alone on a line ("Adam Clark Estes", "Lisa Kaczke and Trevor J. Mitchell"): capitalised words, no function words. */
function isNameLine(text: string): boolean {
  if (text.length > BYLINE_MAX_LENGTH || !NAME.test(text)) return false;
  const words = text.split(/\s+/);
  return words.length <= NAME_MAX_WORDS && stopWordCount(words, ENGLISH_STOP_WORDS) === 0;
}

/**
 * Whether line i names the article's author: "By Jane Doe", or names alone on a line that the page
 * repeats (an author's name on each of their teasers) or that a dateline follows. Never the headline.
 */
function namesAuthor(lines: readonly Line[], i: number): boolean {
  const text = lines[i]!.text;
  if (isByline(text)) return true;
  if (!isNameLine(text)) return false;
  const next = lines[i + 1];
  return lines[i]!.repeated || (next !== undefined && isDateLine(next.text));
}

/** The last line above the body (or, failing that, the first just inside it) that repeats the headline. */
function findRecurringHeadline(lines: readonly Line[], bodyStart: number, probe: HeadlineProbe): number | null {
  let found: number | null = null;
  for (let i = 1; i < lines.length && (i < bodyStart || found === null); i++) {
    if (repeatsPageHeadline(probe, lines[i]!.text)) found = i;
    if (i > bodyStart + HEADER_WINDOW && found === null) break;
  }
  return found;
}

/** A short label just above the headline, not part of a menu (the line above it is no menu entry). */
export function findSection(lines: readonly Line[], titleLine: number): string | null {
  let i = titleLine - 1;
  const titleText = lines[titleLine]!.text;
  let title: string | null = null; // normalised only once a line's last character leaves it in doubt
  // step over furniture and repeats of the title (no closure for this: tsx names each one it creates, at a cost)
  for (; i >= 0; i--) {
    if (lines[i]!.furniture) continue;
    const text = lines[i]!.text;
    if (endApart(text, titleText) || normalise(text) !== (title ??= normalise(titleText))) break;
  }
  const label = lines[i];
  if (!label || i === 0) return null;
  if (!SECTION_LABEL.test(label.text) || wordCount(label.text) > SECTION_MAX_WORDS || NOT_A_SECTION.test(label.text)) return null;
  const above = lines[i - 1];
  const inMenu = above !== undefined && !above.furniture && above.text.length < 40 && !above.titleCase;
  return inMenu ? null : label.text;
}

function cleanName(raw: string): string | null {
  const words = raw.replace(BYLINE_NAME_END, '').trim().split(/\s+/);
  while (words.length > 0 && MONTHS.has(words[words.length - 1]!.toLowerCase().replace(/\.$/, ''))) words.pop();
  const name = words.join(' ');
  return name.length >= 3 && name.length <= 80 && NAME.test(name) ? name : null;
}

/** The author's name from one line, in any of the usual byline layouts. */
export function bylineOf(text: string, next?: string): string | null {
  if (text.length > 120) return null;
  if (/^by$/i.test(text) && next) return cleanName(next);
  const by = BYLINE_BY.exec(text);
  if (by) return cleanName(by[1]!);
  // BYLINE_TRAILING_BY tries every word for "by"; most lines hold none, and a native search says so faster
  const trailing = text.includes('by') ? BYLINE_TRAILING_BY.exec(text) : null;
  if (trailing && findDate(text)) return cleanName(trailing[1]!);
  const nameFirst = BYLINE_NAME_FIRST.exec(text);
  // "Jane Doe, Reuters" carries no date; "New Delhi, Bureau | Updated 19 Nov" is a dateline
  if (!nameFirst || (text.slice(nameFirst[1]!.length).trimStart().startsWith(',') && findDate(text))) return null;
  return cleanName(nameFirst[1]!);
}

/** A byline is short: a name or two, maybe an agency and a date. */
const BYLINE_MAX_LENGTH = 120;
/** Names on a byline line: two authors and a paper ("Lisa Kaczke and Trevor J. Mitchell Sioux Falls Argus Leader"). */
const NAME_MAX_WORDS = 12;

function isByline(text: string): boolean {
  return BYLINE_BY.test(text) && text.length <= BYLINE_MAX_LENGTH;
}

/** Lines where the byline and date may be: from the headline (or a little above the body) to the body. */
function headerRange(bodyStart: number, titleLine: number | null): [number, number] {
  const from = titleLine !== null && titleLine < bodyStart ? titleLine + 1 : Math.max(1, bodyStart - HEADER_WINDOW);
  return [Math.max(from, bodyStart - HEADER_WINDOW * 2), bodyStart];
}

export function findByline(lines: readonly Line[], bodyStart: number, titleLine: number | null): string | null {
  const [from, to] = headerRange(bodyStart, titleLine);
  for (let i = from; i < to; i++) {
    const name = bylineOf(lines[i]!.text, lines[i + 1]?.text);
    if (name) return name;
  }
  return null;
}

/** A text dump's date: from its dateline (the lines above the body) or a line just after the body. */
export interface DumpDate {
  published: string | null;
  publishedFrom: 'dateline' | 'text' | null;
}

/** The date in the header (a "Published ..." line first), else in a line just after the body. */
export function findPublished(lines: readonly Line[], bodyStart: number, bodyEnd: number, titleLine: number | null): DumpDate {
  const [from, to] = headerRange(bodyStart, titleLine);
  const header = lines.slice(from, to);
  const candidates = [...header, ...lines.slice(bodyEnd, bodyEnd + FOOTER_WINDOW)];
  const cued = candidates.find((line) => PUBLISHED_CUE.test(line.text) && findDate(line.text));
  for (const line of cued ? [cued] : candidates) {
    const date = findDate(line.text);
    if (date) return { published: date, publishedFrom: header.includes(line) ? 'dateline' : 'text' };
  }
  return { published: null, publishedFrom: null };
}

const URL_LINE = /^https?:\/\/[^\s/]+\/\S{3,}$/;

/** A bare URL line above the body: the page's own address, as dumps often print it. */
export function findUrl(lines: readonly Line[], bodyStart: number): string | null {
  for (let i = 0; i < bodyStart; i++) {
    const text = lines[i]!.text;
    // every URL_LINE starts with "h": lines that don't are not tried
    if (text.charCodeAt(0) === LOWER_H && text.length < 500 && URL_LINE.test(text)) return text;
  }
  return null;
}
