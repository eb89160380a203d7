/** Turns a raw page (text dump or HTML) into an Article: clean, find quotes, give it a stable id. */
import { sha256 } from '../hash.js';
import { cleanText } from './clean.js';
import { extractEntities } from './entities.js';
import { extractHtml } from './html.js';
import type { Article, CleanedPage } from './model.js';
import { extractQuotes } from './quotes.js';

export type PageFormat = 'text' | 'html';

export interface RawPage {
  /** Where it came from: a file path or URL. */
  origin: string;
  format: PageFormat;
  content: string;
  /** The page's URL, when known (fetched pages). */
  url?: string;
}

/** Raised when a page holds no article; the message says why. */
export class NotAnArticleError extends Error {
  override name = 'NotAnArticleError';
}

/** Stable id: from the canonical URL when there is one, else from the origin (so a changed file keeps its id). */
export function articleId(url: string | null, origin: string): string {
  return sha256(url ? `url:${url}` : `origin:${origin}`).slice(0, 16);
}

export function cleanPage(page: RawPage): CleanedPage {
  return page.format === 'html' ? extractHtml(page.content, page.url) : cleanText(page.content);
}

/** Paragraphs are stored joined by blank lines, so none may contain one. Empty ones are dropped. */
function normaliseParagraphs(paragraphs: readonly string[]): string[] {
  // A loop, not map and filter: the two callbacks cost more than the work on most pages.
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    // Text dumps come split at line ends already: most paragraphs hold no newline to look at.
    const text = (paragraph.includes('\n') ? paragraph.replace(BLANK_LINES, '\n') : paragraph).trim();
    if (text.length > 0) out.push(text);
  }
  return out;
}

const BLANK_LINES = /\s*\n\s*\n\s*/g;

/** Cleans a page and builds the Article, or throws NotAnArticleError when there is no article in it. */
export function buildArticle(page: RawPage, ingestedAt: Date = new Date()): Article {
  const cleaned = cleanPage(page);
  const paragraphs = normaliseParagraphs(cleaned.paragraphs);
  if (paragraphs.length === 0) throw new NotAnArticleError('no article text found');
  const title = cleaned.title?.trim() || paragraphs[0]!.slice(0, 120);
  const url = cleaned.url ?? page.url ?? null;
  return {
    ...cleaned,
    id: articleId(page.url ?? null, page.origin),
    title,
    url,
    paragraphs,
    quotes: extractQuotes(paragraphs),
    entities: extractEntities(title, paragraphs),
    contentHash: sha256(page.content),
    origin: page.origin,
    ingestedAt: ingestedAt.toISOString(),
  };
}
