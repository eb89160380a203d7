/** Builders for articles in tests: small, explicit, written here. */

import { articleId } from '../../src/articles/article.js';
import type { Article, Quote } from '../../src/articles/model.js';
import { sha256 } from '../../src/hash.js';

/** An article dated 2025-03-30 unless `published` is given (null: undated). */
export function makeArticle(fields: Partial<Article> & { title: string; paragraphs: string[] }): Article {
  const origin = fields.origin ?? `test:${fields.title}`;
  const published = 'published' in fields ? (fields.published ?? null) : '2025-03-30';
  return {
    id: fields.id ?? articleId(fields.url ?? null, origin),
    origin,
    url: fields.url ?? null,
    source: fields.source ?? 'Test Wire',
    section: fields.section ?? null,
    byline: fields.byline ?? null,
    published,
    publishedFrom: fields.publishedFrom ?? (published ? 'metadata' : null),
    title: fields.title,
    paragraphs: fields.paragraphs,
    quotes: fields.quotes ?? ([] as Quote[]),
    contentHash: fields.contentHash ?? sha256(fields.title + fields.paragraphs.join('\n')),
    ingestedAt: fields.ingestedAt ?? '2025-04-01T00:00:00.000Z',
    entities: fields.entities ?? [],
    ...(fields.image ? { image: fields.image } : {}),
  };
}
