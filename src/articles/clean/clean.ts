/**
 * Plain-text page dumps (a whole web page as text: menus, headline, body, teasers, footer) -> the
 * article's title, metadata and body paragraphs. Rules hold for news pages in general, never one site.
 */
import { IRREGULAR_SPACING } from '../../text.js';
import type { CleanedPage } from '../model.js';
import { SPACE } from '../text/index.js';
import { describeLines } from './blocks.js';
import { findBody } from './body.js';
import { findByline, findPublished, findSection, findTitleLine, findUrl, headlineProbe, splitPageTitle } from './metadata.js';
import { tidyParagraphs } from './paragraphs.js';

/** Splits a dump into trimmed, non-empty lines, whatever its line endings. */
export function splitLines(raw: string): string[] {
  // most dumps hold no white space but single spaces and \n: two scans of the whole text spare a test of every line
  const plain = !OTHER_WHITE_SPACE.test(raw) && !DOUBLE_SPACE.test(raw);
  const lines: string[] = [];
  for (const part of plain ? raw.split('\n') : raw.split(LINE_BREAK)) {
    const line = plain ? trimPlain(part) : (IRREGULAR_SPACING.test(part) ? part.replace(WHITE_SPACE_RUN, ' ') : part).trim();
    if (line.length > 0) lines.push(line);
  }
  return lines;
}

/** trim() of a line of a plain dump, whose only white space is single spaces: most lines have none at their ends, and keep their string. */
function trimPlain(part: string): string {
  return part.charCodeAt(0) === SPACE || part.charCodeAt(part.length - 1) === SPACE ? part.trim() : part;
}

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;
const WHITE_SPACE_RUN = /[\s\u00a0\ufeff]+/g;

/** White space other than plain spaces and \n (other line breaks included); and runs of spaces. Two regexes scan faster than their union. */
const OTHER_WHITE_SPACE = /[^\S \n]/;
const DOUBLE_SPACE = / {2}/;

export function cleanText(raw: string): CleanedPage {
  const lines = describeLines(splitLines(raw));
  const pageTitle = splitPageTitle(lines[0]?.text);
  // one probe for the headline's repeats, so the headline is normalised once for both searches
  const probe = headlineProbe(pageTitle.headline);
  const body = findBody(lines, probe);
  const titleLine = body.start > 0 || pageTitle.headline ? findTitleLine(lines, body.start, pageTitle, probe) : null;
  const title = titleLine !== null ? lines[titleLine]!.text : pageTitle.headline;
  return {
    title,
    section: titleLine !== null ? findSection(lines, titleLine) : null,
    byline: findByline(lines, body.start, titleLine),
    ...findPublished(lines, body.start, body.end, titleLine),
    source: pageTitle.site,
    url: findUrl(lines, body.start),
    paragraphs: tidyParagraphs(body.paragraphs.filter((text) => text !== title)),
  };
}
