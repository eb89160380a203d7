/** Turns a raw page (text dump or HTML) into an Article: clean, find quotes, give it a stable id. */
import { ShownError } from '../errors.js';
import { sha256 } from '../hash.js';
import { cleanText } from './clean/index.js';
import { bodySketch } from './fingerprint.js';
import { extractHtml } from './html/index.js';
import type { Article, CleanedPage, DateOrigin } from './model.js';
import { extractEntities } from './names/index.js';
import { extractQuotes } from './quotes/index.js';
import { type DateCandidate, type PublishedDate, pickPublished } from './trusted-date.js';
import { urlDate } from './url-dates.js';

export type PageFormat = 'text' | 'html';

export interface RawPage {
  /** Where it came from: a file path or URL. */
  origin: string;
  format: PageFormat;
  content: string;
  /** The page's URL, when known (fetched pages). */
  url?: string;
  /** The date the feed that listed the page gave it (ISO 8601), when it came from a feed. */
  feedPublished?: string | null;
}

/** Raised when a page holds no article; the message says why. */
export class NotAnArticleError extends ShownError {
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

/**
 * The article's date, from the most trusted source that gives a believable one: the page's own
 * metadata, its URL, the feed's item, a text dump's dateline (docs/adr/0012-undated-articles.md).
 */
function publishedDate(cleaned: CleanedPage, page: RawPage, url: string | null, ingestedAt: string): PublishedDate {
  const fromPage = cleaned.publishedFrom;
  const pageDate: DateCandidate | null = fromPage ? { date: cleaned.published, from: fromPage } : null;
  const stated = pageDate && PAGE_STATED.has(pageDate.from) ? pageDate : null;
  const candidates: (DateCandidate | null)[] = [
    stated,
    { date: urlDate(url) ?? urlDate(page.url), from: 'url' },
    { date: page.feedPublished ?? null, from: 'feed' },
    stated ? null : pageDate,
  ];
  return pickPublished(
    candidates.filter((c): c is DateCandidate => c !== null),
    ingestedAt,
  );
}

/** Dates the publisher states in the page's markup, trusted above its URL and feed. */
const PAGE_STATED: ReadonlySet<DateOrigin> = new Set(['metadata', 'json-ld', 'time']);

/** A page built into an article, or what stopped it (NotAnArticleError, or any other error). */
export type BuildResult = { ok: true; article: Article } | { ok: false; error: unknown };

/** A page cleaned into the text an article is built from. */
interface CleanedText {
  cleaned: CleanedPage;
  paragraphs: string[];
  title: string;
  /** True when the page was cut to the limits above. */
  truncated: boolean;
}

/**
 * The most of a page's body an article keeps: several times the longest real article (a long read is
 * 10,000-60,000 characters). Beyond it a page is a dump or an attack, and every stage after cleaning
 * (quotes, names, the index) would work on it in proportion.
 */
export const MAX_BODY_CHARS = 200_000;
/** The most raw input cleaned: a page dump's text, or HTML (markup takes room of its own). */
export const MAX_RAW_CHARS: Readonly<Record<PageFormat, number>> = { text: 5_000_000, html: 10_000_000 };

/** The raw input up to the limit, cut at a line end (or a tag's start, in HTML); null when it fits. */
function cutRawInput(page: RawPage): RawPage | null {
  const limit = MAX_RAW_CHARS[page.format];
  if (page.content.length <= limit) return null;
  const boundary = page.content.lastIndexOf(page.format === 'html' ? '<' : '\n', limit);
  return { ...page, content: page.content.slice(0, boundary > limit / 2 ? boundary : limit) };
}

/**
 * The paragraphs that fit in MAX_BODY_CHARS, whole; the same array when all fit. The paragraph that
 * overflows is dropped, unless what fits before it is short: then it is cut at a sentence's end.
 */
function cutBody(paragraphs: string[]): string[] {
  let before = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const length = paragraphs[i]!.length;
    if (before + length > MAX_BODY_CHARS) {
      const kept = paragraphs.slice(0, i);
      if (before < MAX_BODY_CHARS / 2) kept.push(cutParagraph(paragraphs[i]!, MAX_BODY_CHARS - before));
      return kept;
    }
    before += length;
  }
  return paragraphs;
}

/** A paragraph cut to `limit` characters at its last sentence end before it, else at a space. */
function cutParagraph(paragraph: string, limit: number): string {
  const head = paragraph.slice(0, limit);
  const sentenceEnd = Math.max(
    head.lastIndexOf('. '),
    head.lastIndexOf('! '),
    head.lastIndexOf('? '),
    head.lastIndexOf('.” '),
    head.lastIndexOf('." '),
  );
  if (sentenceEnd > limit / 2) return head.slice(0, head.indexOf(' ', sentenceEnd + 1)).trimEnd();
  const space = head.lastIndexOf(' ');
  return (space > limit / 2 ? head.slice(0, space) : head).trimEnd();
}

function cleanForArticle(page: RawPage): CleanedText {
  const cutInput = cutRawInput(page);
  const cleaned = cleanPage(cutInput ?? page);
  const whole = normaliseParagraphs(cleaned.paragraphs);
  if (whole.length === 0) throw new NotAnArticleError('no article text found');
  const paragraphs = cutBody(whole);
  const truncated = cutInput !== null || paragraphs !== whole;
  return { cleaned, paragraphs, title: cleaned.title?.trim() || paragraphs[0]!.slice(0, 120), truncated };
}

/**
 * Builds many pages at once, each exactly as buildArticle would, but one stage at a time over them
 * all: every page cleaned, then every page's quotes found, then its names. Each stage's code and
 * word tables then stay in the processor's caches while it runs, where page by page the stages kept
 * evicting each other: a batch takes about a seventh less time (ADR 8). One page's failure is its own.
 */
export function buildArticles(pages: readonly RawPage[], ingestedAt: Date = new Date()): BuildResult[] {
  const failures: (BuildResult | undefined)[] = [];
  // Runs one stage of page i, or records what stopped it (null from then on).
  const attempt = <T>(i: number, stage: () => T): T | null => {
    try {
      return stage();
    } catch (error) {
      failures[i] = { ok: false, error };
      return null;
    }
  };
  const texts = pages.map((page, i) => attempt(i, () => cleanForArticle(page)));
  const quotes = texts.map((text, i) => text && attempt(i, () => extractQuotes(text.paragraphs)));
  const entities = texts.map((text, i) => text && quotes[i] && attempt(i, () => extractEntities(text.title, text.paragraphs)));
  const at = ingestedAt.toISOString();
  return pages.map((page, i): BuildResult => {
    const text = texts[i];
    if (!text || !quotes[i] || !entities[i]) return failures[i]!;
    const url = text.cleaned.url ?? page.url ?? null;
    return {
      ok: true,
      article: {
        ...text.cleaned,
        ...publishedDate(text.cleaned, page, url, at),
        id: articleId(page.url ?? null, page.origin),
        title: text.title,
        url,
        paragraphs: text.paragraphs,
        quotes: quotes[i],
        entities: entities[i],
        sketch: bodySketch(text.paragraphs),
        contentHash: sha256(page.content),
        origin: page.origin,
        ingestedAt: at,
        // Set only when true, so an article of ordinary size is the same object as before.
        ...(text.truncated ? { truncated: true } : {}),
      },
    };
  });
}

/** Cleans a page and builds the Article, or throws NotAnArticleError when there is no article in it. */
export function buildArticle(page: RawPage, ingestedAt: Date = new Date()): Article {
  const [built] = buildArticles([page], ingestedAt);
  if (!built!.ok) throw built!.error;
  return built!.article;
}
