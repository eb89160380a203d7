/** Reading schema.org JSON-LD: the publisher's own statement of headline, author, date and body. */
import { attr, type Element, rawText } from './dom.js';

type JsonObject = Record<string, unknown>;

export interface JsonLdArticle {
  headline: string | null;
  authors: string[];
  datePublished: string | null;
  publisher: string | null;
  section: string | null;
  articleBody: string | null;
  url: string | null;
  /** Image addresses as written (image, then thumbnailUrl), not yet checked or resolved. */
  images: string[];
}

/** Types whose objects describe the article itself (NewsArticle, BlogPosting, ReportageNewsArticle...). */
const ARTICLE_TYPE = /(?:Article|BlogPosting|Posting|Report|Story|Review)$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one JSON-LD block; sites wrap them in comments or CDATA and leave trailing commas or semicolons. */
function parseBlock(text: string): unknown {
  const cleaned = text
    .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '')
    .trim()
    .replace(/;+$/, '');
  try {
    return JSON.parse(cleaned);
  } catch {
    try {
      // Raw newlines and tabs inside strings are the commonest publisher mistake.
      return JSON.parse(cleaned.replace(/[\n\r\t]+/g, ' '));
    } catch {
      return null;
    }
  }
}

/** Every object in the page's JSON-LD blocks, with arrays and @graph lists flattened. */
export function readJsonLdObjects(elements: Element[]): JsonObject[] {
  const objects: JsonObject[] = [];
  for (const script of elements) {
    if (script.name !== 'script' || !/ld\+json/i.test(attr(script, 'type'))) continue;
    const queue: unknown[] = [parseBlock(rawText(script))];
    while (queue.length > 0 && objects.length < 200) {
      const value = queue.shift();
      if (Array.isArray(value)) queue.push(...value);
      else if (isObject(value)) {
        objects.push(value);
        if (Array.isArray(value['@graph'])) queue.push(...value['@graph']);
      }
    }
  }
  return objects;
}

function typesOf(object: JsonObject): string[] {
  const type = object['@type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function isArticleObject(object: JsonObject): boolean {
  return typesOf(object).some((type) => ARTICLE_TYPE.test(type));
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) return asText(value[0]);
  if (isObject(value)) return asText(value['name'] ?? value['@value'] ?? value['@id']);
  return null;
}

/** Author names from a string, a Person, or a list of either. */
function namesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap(namesOf);
  if (isObject(value) && typeof value['name'] === 'string') return namesOf(value['name']);
  return [];
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value)) return asText(value['@id'] ?? value['url']);
  return null;
}

/** Image candidates kept from one article: a page's few pictures, not a gallery's hundreds. */
const MAX_IMAGES = 8;

/** Addresses from a string, an ImageObject (url, contentUrl, @id) or a list of either, in order. */
function imagesOf(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && depth === 0) return value.slice(0, MAX_IMAGES).flatMap((item) => imagesOf(item, 1));
  if (isObject(value)) {
    const url = value['url'] ?? value['contentUrl'] ?? value['@id'];
    return typeof url === 'string' ? [url] : [];
  }
  return [];
}

/** The article object of the page's JSON-LD, if the publisher gave one. */
export function readJsonLd(elements: Element[]): JsonLdArticle | null {
  const objects = readJsonLdObjects(elements);
  const article = objects.find(isArticleObject) ?? objects.find((o) => typeof o['headline'] === 'string');
  if (!article) return null;
  const body = article['articleBody'];
  return {
    headline: asText(article['headline']) ?? asText(article['name']),
    authors: namesOf(article['author'] ?? article['creator']).filter((name) => !/^https?:\/\//.test(name)),
    datePublished: asText(article['datePublished'] ?? article['dateCreated']),
    publisher: asText(article['publisher']),
    section: asText(article['articleSection']),
    articleBody: typeof body === 'string' && body.trim() ? body : null,
    url: urlOf(article['url'] ?? article['mainEntityOfPage']),
    images: [...imagesOf(article['image']), ...imagesOf(article['thumbnailUrl'])].slice(0, MAX_IMAGES),
  };
}
