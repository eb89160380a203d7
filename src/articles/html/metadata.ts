/** Page metadata: title, byline, date, site, canonical URL and section, from meta tags, JSON-LD and markup. */

import { splitTitle } from '../clean/index.js';
import type { CleanedPage, DateOrigin } from '../model.js';
import { isPlausibleDate } from '../trusted-date.js';
import { type AnyNode, allElements, attr, classAndId, collapseWhitespace, type Element, rawText, textOf } from './dom.js';
import { readLeadImage } from './image.js';
import { type JsonLdArticle, readJsonLd } from './jsonld.js';
import { normalizeDate, resolveUrl } from './values.js';

export interface PageMetadata extends Omit<CleanedPage, 'paragraphs'> {
  /** The publisher's JSON-LD articleBody, to check the extracted body against. */
  articleBody: string | null;
}

/** Meta names that carry each field, most trusted first. */
const META_KEYS = {
  title: ['og:title', 'twitter:title', 'dc.title', 'sailthru.title', 'parsely-title', 'title'],
  byline: ['author', 'dc.creator', 'dcterms.creator', 'article:author', 'parsely-author', 'sailthru.author', 'byl'],
  published: [
    'article:published_time',
    'og:published_time',
    'published_time',
    'datepublished',
    'date',
    'pubdate',
    'publishdate',
    'publish-date',
    'dc.date',
    'dc.date.issued',
    'dcterms.created',
    'parsely-pub-date',
    'sailthru.date',
    'article.published',
    'cxenseparse:recs:publishtime',
  ],
  source: ['og:site_name', 'application-name', 'twitter:site', 'publisher'],
  section: ['article:section', 'section', 'parsely-section', 'category'],
  url: ['og:url', 'twitter:url'],
} as const;

/** Class/id words of the element that holds the author's name. */
const BYLINE_CLASS =
  /(?:^|[\s_-])(?:byline|author|authors|author-?name|by-?author|contributor|writer|reporter|dateline-author)(?:$|[\s_-])/;

const BYLINE_TAGS: ReadonlySet<string> = new Set(['span', 'div', 'p', 'a', 'address', 'li']);

/** Meta tag values by lowercase name/property; the first occurrence wins. */
export function readMetaTags(elements: Element[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const meta of elements) {
    if (meta.name !== 'meta') continue;
    const key = (meta.attribs['property'] ?? meta.attribs['name'] ?? meta.attribs['itemprop'] ?? '').toLowerCase().trim();
    const content = collapseWhitespace(meta.attribs['content'] ?? '');
    if (key && content && !values.has(key)) values.set(key, content);
  }
  return values;
}

function firstMeta(meta: Map<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = meta.get(key);
    if (value) return value;
  }
  return null;
}

/** Lowercased words only, so quotes, dashes and spacing do not block a match. */
function titleKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The headline of a title: site name and section labels off ("Headline | World | Site", "Opinion | Headline"). */
export function stripSiteSuffix(title: string, site: string | null): string {
  return splitTitle(title, site).headline;
}

/** Picks the headline: the candidate that matches an h1, else the publisher's stated title. */
export function pickTitle(candidates: (string | null)[], headings: string[], site: string | null): string | null {
  const cleaned = candidates.filter((c): c is string => !!c).map((c) => stripSiteSuffix(collapseWhitespace(c), site));
  const headingKeys = new Set(headings.map(titleKey));
  const matching = cleaned.find((c) => headingKeys.has(titleKey(c)));
  if (matching) return matching;
  const fullTitle = cleaned[cleaned.length - 1];
  const h1InTitle = headings.find((h) => h.length > 10 && fullTitle !== undefined && titleKey(fullTitle).startsWith(titleKey(h)));
  return h1InTitle ?? cleaned[0] ?? headings[0] ?? null;
}

function isUrl(text: string): boolean {
  return /^(?:https?:)?\/\//i.test(text) || /^www\./i.test(text);
}

/** A date trailing a byline: "May 20, 2019", "22 Dec 2016", "11/18/19 11:04 PM". */
const TRAILING_DATE =
  /[\s,|\u2013\u2014-]*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{2,4}).*$/i;

/** Trims "By ", trailing dates and separators from a byline; null for handles, URLs and run-on text. */
export function cleanByline(text: string | null): string | null {
  if (!text) return null;
  // "Tech Industry by Jane Doe": a section label before the credit.
  const cleaned = collapseWhitespace(text)
    .replace(/^(?:[^,.]{0,40}\s)?by[:\s]+/i, '')
    .replace(TRAILING_DATE, '')
    .replace(/[\s,|\u2013\u2014-]+$/, '')
    .trim();
  if (cleaned === '' || cleaned.length > 100 || isUrl(cleaned) || cleaned.startsWith('@')) return null;
  return cleaned;
}

function isBylineElement(el: Element): boolean {
  if (BYLINE_TAGS.has(el.name) && (attr(el, 'itemprop') === 'author' || BYLINE_CLASS.test(classAndId(el)))) return true;
  return (el.name === 'a' || el.name === 'link') && /\bauthor\b/i.test(attr(el, 'rel'));
}

/** The byline written in the page: the first author element after the headline (sidebars list other authors). */
function readBylineMarkup(elements: Element[], title: string | null): string | null {
  const titleKeyText = title ? titleKey(title) : '';
  const headline = elements.findIndex((el) => el.name === 'h1' && (titleKeyText === '' || titleKey(textOf(el)) === titleKeyText));
  const names: { index: number; name: string }[] = [];
  elements.forEach((el, index) => {
    if (!isBylineElement(el)) return;
    const text = textOf(el);
    const name = text.length >= 3 && text.length <= 100 ? cleanByline(text) : null;
    if (name) names.push({ index, name });
  });
  return (names.find((n) => n.index > headline) ?? names[0])?.name ?? null;
}

/** The first <time> element's date (its datetime, or the text of one marked pubdate) that reads as a date from 1990 on. */
function readTimeElement(elements: Element[]): string | null {
  for (const time of elements) {
    if (time.name !== 'time') continue;
    const value = attr(time, 'datetime') || (attr(time, 'pubdate') !== '' ? textOf(time) : '');
    const date = value ? normalizeDate(value) : null;
    if (isPlausibleDate(date)) return date;
  }
  return null;
}

/**
 * The publisher's date: JSON-LD's datePublished, else a meta tag's, else a <time> element's, each
 * only when it reads as a date from 1990 on (a "0001-01-01" placeholder gives way to the next).
 */
function readPublished(
  ld: JsonLdArticle | null,
  meta: Map<string, string>,
  elements: Element[],
): Pick<PageMetadata, 'published' | 'publishedFrom'> {
  const candidates: [string | null | undefined, DateOrigin][] = [
    [ld?.datePublished, 'json-ld'],
    [firstMeta(meta, META_KEYS.published), 'metadata'],
  ];
  for (const [value, from] of candidates) {
    const date = value ? normalizeDate(value) : null;
    if (isPlausibleDate(date)) return { published: date, publishedFrom: from };
  }
  const time = readTimeElement(elements);
  return time ? { published: time, publishedFrom: 'time' } : { published: null, publishedFrom: null };
}

function readCanonical(elements: Element[]): string | null {
  for (const link of elements) {
    if (link.name === 'link' && /\bcanonical\b/i.test(attr(link, 'rel')) && attr(link, 'href')) return attr(link, 'href');
  }
  return null;
}

function headingTexts(elements: Element[]): string[] {
  return elements
    .filter((el) => el.name === 'h1')
    .map((h) => textOf(h))
    .filter((t) => t.length > 0)
    .slice(0, 5);
}

/** Reads all metadata from the full (unpruned) page. */
export function readMetadata(root: AnyNode, givenUrl?: string): PageMetadata {
  const elements = allElements(root);
  const meta = readMetaTags(elements);
  const ld: JsonLdArticle | null = readJsonLd(elements);
  const source = firstMeta(meta, ['og:site_name']) ?? ld?.publisher ?? firstMeta(meta, ['application-name']);
  const titleTag = elements.find((el) => el.name === 'title');
  const title = pickTitle(
    [ld?.headline ?? null, firstMeta(meta, META_KEYS.title), titleTag ? collapseWhitespace(rawText(titleTag)) : null],
    headingTexts(elements),
    source,
  );
  const metaByline = firstMeta(meta, META_KEYS.byline);
  const byline =
    cleanByline(ld && ld.authors.length > 0 ? ld.authors.join(', ') : null) ??
    cleanByline(metaByline && !isUrl(metaByline) ? metaByline : null) ??
    readBylineMarkup(elements, title);
  const url = resolveUrl(readCanonical(elements) ?? firstMeta(meta, META_KEYS.url) ?? ld?.url ?? givenUrl ?? null, givenUrl);
  // Relative addresses resolve against where the page was fetched, else where it says it lives.
  const image = readLeadImage(meta, ld?.images ?? [], elements, givenUrl ?? url);
  return {
    title,
    section: firstMeta(meta, META_KEYS.section) ?? ld?.section ?? null,
    byline,
    ...readPublished(ld, meta, elements),
    source: source && !isUrl(source) ? source : (source ?? null),
    url,
    articleBody: ld?.articleBody ?? null,
    // Set only when found, so a page without one gives the same article as before.
    ...(image ? { image } : {}),
  };
}
