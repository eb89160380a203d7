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
  return raw
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => (NEEDS_COLLAPSE.test(line) ? line.replace(/[\s\u00a0\ufeff]+/g, ' ') : line).trim())
    .filter((line) => line.length > 0);
}

// White space other than single plain spaces: most lines have none and need no rewriting.
const NEEDS_COLLAPSE = /[^\S ]| {2}/;

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
