/** HTML pages -> CleanedPage: metadata from meta tags and JSON-LD, body from the best-scoring container. */

import { tidyParagraphs } from '../clean/index.js';
import type { CleanedPage } from '../model.js';
import { collapseWhitespace, type Document, parseHtml } from './dom.js';
import { type PageMetadata, readMetadata } from './metadata.js';
import { dropTitleAndByline, emitParagraphs } from './paragraphs.js';
import { type PruneOptions, pruneBoilerplate } from './prune.js';
import { collectSiblings, pickContainer, scoreContainers } from './scoring.js';
import { computeStats } from './stats.js';

/** Below this many characters the class/id pruning probably removed the article: retry without it. */
const MIN_BODY_CHARS = 250;

const EMPTY_METADATA: PageMetadata = {
  title: null,
  section: null,
  byline: null,
  published: null,
  publishedFrom: null,
  source: null,
  url: null,
  articleBody: null,
};

/** Extracts the article body's paragraphs from a page, pruning as the options say. */
export function extractBody(doc: Document, options: PruneOptions): string[] {
  pruneBoilerplate(doc, options);
  const stats = computeStats(doc);
  const scores = scoreContainers(doc, stats);
  const top = pickContainer(scores);
  if (!top) return [];
  return emitParagraphs(collectSiblings(top, scores, stats), stats);
}

/** The publisher's JSON-LD articleBody counts only when its opening words are really on the page. */
export function isBodyOnPage(articleBody: string, html: string): boolean {
  const words = articleBody.match(/[\p{L}\p{N}]{4,}/gu)?.slice(0, 8) ?? [];
  return words.length >= 4 && words.every((word) => html.includes(word));
}

/** JSON-LD articleBody as paragraphs, for pages whose markup hides the article (client-side rendering). */
function paragraphsOf(articleBody: string): string[] {
  return articleBody
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map(collapseWhitespace)
    .filter((p) => p !== '');
}

function bodyLength(paragraphs: string[]): number {
  return paragraphs.reduce((sum, p) => sum + p.length, 0);
}

/** Reads the article from an HTML page; never throws, an unreadable page yields nulls and no paragraphs. */
export function extractHtml(html: string, url?: string): CleanedPage {
  const page = typeof html === 'string' ? html : '';
  let metadata = EMPTY_METADATA;
  let paragraphs: string[] = [];
  try {
    const doc = parseHtml(page);
    metadata = readMetadata(doc, url);
    paragraphs = extractBody(doc, { byClass: true });
    if (bodyLength(paragraphs) < MIN_BODY_CHARS) {
      // Pruning is destructive, so the lenient pass parses afresh.
      const lenient = extractBody(parseHtml(page), { byClass: false });
      if (bodyLength(lenient) > bodyLength(paragraphs)) paragraphs = lenient;
    }
    const declared = metadata.articleBody;
    if (bodyLength(paragraphs) < MIN_BODY_CHARS && declared && declared.length > bodyLength(paragraphs) && isBodyOnPage(declared, page)) {
      paragraphs = paragraphsOf(declared);
    }
  } catch {
    // A page this broken is still one bad article, never a failed ingest.
  }
  const { articleBody: _unused, ...fields } = metadata;
  return {
    ...fields,
    url: fields.url ?? url ?? null,
    paragraphs: tidyParagraphs(dropTitleAndByline(paragraphs, fields.title, fields.byline)),
  };
}
