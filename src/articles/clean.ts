/**
 * Plain-text page dumps (a whole web page as text: menus, headline, body, teasers, footer) -> the
 * article's title, metadata and body paragraphs. Rules hold for news pages in general, never one site.
 */
import type { CleanedPage } from './model.js';
import { describeLines } from './clean-blocks.js';
import { findBody } from './clean-body.js';
import { findByline, findPublished, findSection, findTitleLine, findUrl, splitPageTitle } from './clean-metadata.js';

/** Splits a dump into trimmed, non-empty lines, whatever its line endings. */
export function splitLines(raw: string): string[] {
  // most dumps hold no white space but single spaces and \n: two scans of the whole text spare a test of every line
  if (!OTHER_WHITE_SPACE.test(raw) && !DOUBLE_SPACE.test(raw)) return trimmedLines(raw.split('\n'));
  const lines: string[] = [];
  for (const part of raw.split(LINE_BREAK)) {
    const line = (NEEDS_COLLAPSE.test(part) ? part.replace(WHITE_SPACE_RUN, ' ') : part).trim();
    if (line.length > 0) lines.push(line);
  }
  return lines;
}

/** Lines whose white space is all single spaces: only their ends need trimming. */
function trimmedLines(parts: readonly string[]): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const line = part.trim();
    if (line.length > 0) lines.push(line);
  }
  return lines;
}

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;
const WHITE_SPACE_RUN = /[\s\u00a0\ufeff]+/g;

// White space other than single plain spaces: most lines have none and need no rewriting.
const NEEDS_COLLAPSE = /[^\S ]| {2}/;
/** White space other than plain spaces and \n (other line breaks included); and runs of spaces. Two regexes scan faster than their union. */
const OTHER_WHITE_SPACE = /[^\S \n]/;
const DOUBLE_SPACE = / {2}/;

export function cleanText(raw: string): CleanedPage {
  const lines = describeLines(splitLines(raw));
  const body = findBody(lines);
  const pageTitle = splitPageTitle(lines[0]?.text);
  const titleLine = body.start > 0 || pageTitle.headline ? findTitleLine(lines, body.start, pageTitle) : null;
  const title = titleLine !== null ? lines[titleLine]!.text : pageTitle.headline;
  return {
    title,
    section: titleLine !== null ? findSection(lines, titleLine) : null,
    byline: findByline(lines, body.start, titleLine),
    published: findPublished(lines, body.start, body.end, titleLine),
    source: pageTitle.site,
    url: findUrl(lines, body.start),
    paragraphs: body.paragraphs.filter((text) => text !== title),
  };
}
