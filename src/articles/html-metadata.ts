/** Page metadata: title, byline, date, site, canonical URL and section, from meta tags, JSON-LD and markup. */
import { attr, classAndId, collapseWhitespace, elementsByTag, rawText, textOf, type AnyNode, type Element } from './html-dom.js';
import { readJsonLd, type JsonLdArticle } from './html-jsonld.js';
import { normalizeDate, resolveUrl } from './html-values.js';

export interface PageMetadata {
  title: string | null;
  section: string | null;
  byline: string | null;
  published: string | null;
  source: string | null;
  url: string | null;
  /** The publisher's JSON-LD articleBody, to check the extracted body against. */
  articleBody: string | null;
}

/** Meta names that carry each field, most trusted first. */
const META_KEYS = {
  title: ['og:title', 'twitter:title', 'dc.title', 'sailthru.title', 'parsely-title', 'title'],
  byline: ['author', 'dc.creator', 'dcterms.creator', 'article:author', 'parsely-author', 'sailthru.author', 'byl', 'twitter:creator'],
  published: ['article:published_time', 'og:published_time', 'published_time', 'datepublished', 'date', 'pubdate', 'publishdate',
    'publish-date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'parsely-pub-date', 'sailthru.date', 'article.published', 'cxenseparse:recs:publishtime'],
  source: ['og:site_name', 'application-name', 'twitter:site', 'publisher'],
  section: ['article:section', 'section', 'parsely-section', 'category'],
  url: ['og:url', 'twitter:url'],
} as const;

/** Separators between a headline and the site name in <title>. */
const TITLE_SEPARATOR = /\s+(?:[|\-\u2013\u2014\u00bb\u00b7\u2022/>~:]|::)\s+/;

/** Class/id words of the element that holds the author's name. */
const BYLINE_CLASS = /(?:^|[\s_-])(?:byline|author|authors|author-?name|by-?author|contributor|writer|reporter|dateline-author)(?:$|[\s_-])/;

const META: ReadonlySet<string> = new Set(['meta']);
const LINK: ReadonlySet<string> = new Set(['link', 'a']);
const HEADINGS: ReadonlySet<string> = new Set(['h1']);
const TIME: ReadonlySet<string> = new Set(['time']);
const TITLE: ReadonlySet<string> = new Set(['title']);

/** Meta tag values by lowercase name/property; the first occurrence wins. */
export function readMetaTags(root: AnyNode): Map<string, string> {
  const values = new Map<string, string>();
  for (const meta of elementsByTag(root, META)) {
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
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Removes a " - Site" / " | Site" suffix (or "Site | " prefix) when the remainder is still a headline. */
export function stripSiteSuffix(title: string, site: string | null): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const siteKey = site ? titleKey(site) : '';
  const last = parts[parts.length - 1]!;
  const first = parts[0]!;
  const isSite = (part: string) => siteKey !== '' && (titleKey(part) === siteKey || siteKey.includes(titleKey(part)) || titleKey(part).includes(siteKey));
  if (isSite(first) && !isSite(last)) return parts.slice(1).join(' - ');
  const head = title.slice(0, title.length - last.length).replace(/\s+\S{1,2}\s*$/, '').trim();
  const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
  if (isSite(last) || (wordCount(last) <= 4 && wordCount(head) >= 3)) return stripSiteSuffix(head, site);
  return title;
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

/** Trims "By ", roles and trailing dates from a byline; null when nothing name-like is left. */
export function cleanByline(text: string | null): string | null {
  if (!text) return null;
  const cleaned = collapseWhitespace(text).replace(/^by[:\s]+/i, '').replace(/[,|]\s*$/, '').trim();
  if (cleaned === '' || cleaned.length > 100 || isUrl(cleaned)) return null;
  return cleaned;
}

/** The byline written in the page: rel=author links, then elements with a byline-ish class. */
function readBylineMarkup(root: AnyNode): string | null {
  for (const link of elementsByTag(root, LINK)) {
    if (/\bauthor\b/i.test(attr(link, 'rel'))) {
      const name = cleanByline(textOf(link));
      if (name) return name;
    }
  }
  for (const el of elementsByTag(root, new Set(['span', 'div', 'p', 'a', 'address', 'li']))) {
    if (attr(el, 'itemprop') === 'author' || BYLINE_CLASS.test(classAndId(el))) {
      const text = textOf(el);
      if (text.length < 3 || text.length > 100) continue;
      const name = cleanByline(text);
      if (name) return name;
    }
  }
  return null;
}

function readTimeElement(root: AnyNode): string | null {
  for (const time of elementsByTag(root, TIME)) {
    const value = attr(time, 'datetime') || (attr(time, 'pubdate') !== '' ? textOf(time) : '');
    if (value && normalizeDate(value)) return value;
  }
  return null;
}

function readCanonical(root: AnyNode): string | null {
  for (const link of elementsByTag(root, LINK)) {
    if (link.name === 'link' && /\bcanonical\b/i.test(attr(link, 'rel')) && attr(link, 'href')) return attr(link, 'href');
  }
  return null;
}

function headingTexts(root: AnyNode): string[] {
  return elementsByTag(root, HEADINGS).map((h: Element) => textOf(h)).filter((t) => t.length > 0).slice(0, 5);
}

/** Reads all metadata from the full (unpruned) page. */
export function readMetadata(root: AnyNode, givenUrl?: string): PageMetadata {
  const meta = readMetaTags(root);
  const ld: JsonLdArticle | null = readJsonLd(root);
  const source = firstMeta(meta, ['og:site_name']) ?? ld?.publisher ?? firstMeta(meta, ['application-name']);
  const titleTag = elementsByTag(root, TITLE)[0];
  const title = pickTitle(
    [ld?.headline ?? null, firstMeta(meta, META_KEYS.title), titleTag ? collapseWhitespace(rawText(titleTag)) : null],
    headingTexts(root),
    source,
  );
  const metaByline = firstMeta(meta, META_KEYS.byline);
  const byline = cleanByline(ld && ld.authors.length > 0 ? ld.authors.join(', ') : null)
    ?? cleanByline(metaByline && !isUrl(metaByline) ? metaByline : null)
    ?? readBylineMarkup(root);
  const published = normalizeDate(ld?.datePublished ?? firstMeta(meta, META_KEYS.published) ?? readTimeElement(root) ?? '');
  const url = resolveUrl(readCanonical(root) ?? firstMeta(meta, META_KEYS.url) ?? ld?.url ?? givenUrl ?? null, givenUrl);
  return {
    title,
    section: firstMeta(meta, META_KEYS.section) ?? ld?.section ?? null,
    byline,
    published,
    source: source && !isUrl(source) ? source : source ?? null,
    url,
    articleBody: ld?.articleBody ?? null,
  };
}
