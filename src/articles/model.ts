/** The article model: what every source is turned into and everything downstream reads. */
import type { Sketch } from './fingerprint.js';

/** A direct quote found in an article body. `paragraph` is the 0-based index of the paragraph where it starts. */
export interface Quote {
  text: string;
  speaker: string | null;
  paragraph: number;
}

/**
 * Where a publication date was found, most trusted first: the page's meta tags, its JSON-LD, a
 * <time datetime> element, the URL's path (/2019/11/19/), the feed item (pubDate, updated), and a
 * text dump's dateline above the body or a date line just after it.
 */
export type DateOrigin = 'metadata' | 'json-ld' | 'time' | 'url' | 'feed' | 'dateline' | 'text';

/** What cleaning a raw page yields: metadata and body, before quotes are found. Unknown fields are null. */
export interface CleanedPage {
  title: string | null;
  section: string | null;
  byline: string | null;
  /** ISO 8601 date or date-time; null when the page gives no trustworthy one (see articles/trusted-date.ts). */
  published: string | null;
  /** Where `published` was read; null when it is. */
  publishedFrom: DateOrigin | null;
  /** The site or publication name. */
  source: string | null;
  url: string | null;
  /**
   * The lead image's address (http(s), absolute, checked by articles/html/image-url.ts); absent or null
   * when there is none. Text dumps never have one.
   */
  image?: string | null;
  paragraphs: string[];
}

/** A cleaned article with its quotes, ready for the store. */
export interface Article extends CleanedPage {
  /** Stable id: a hash of the canonical URL, or of the origin (file path) when there is none. */
  id: string;
  title: string;
  quotes: Quote[];
  /** Hash of the raw input, so an unchanged file is recognised on re-ingest. */
  contentHash: string;
  /** Where the article came from: a file path or URL. */
  origin: string;
  /** ISO date-time of ingestion. */
  ingestedAt: string;
  /** Names the article is about (people, places, organisations), most prominent first; feeds topic suggestions. */
  entities?: string[];
  /** The body's sketch (articles/fingerprint.ts), to know a copy of this page under another file or format. */
  sketch?: Sketch;
  /**
   * What story grouping reads of it (src/stories/terms.ts: title and lead words, names, as hashes), when
   * read where it was built (an ingest's build threads), so the thread that writes need not.
   */
  storyTerms?: { words: Int32Array; leadingNames: number[]; names: number[] };
  /**
   * True when the page was longer than any article (articles/article.ts: MAX_BODY_CHARS, MAX_RAW_CHARS)
   * and only its beginning was kept. Reported where it is ingested; the text itself says nothing of it.
   */
  truncated?: boolean;
}
