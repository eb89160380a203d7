/** Builders for articles in tests: small, explicit, written here. */
import type { Article, Quote } from '../../src/articles/model.js';
import { articleId } from '../../src/articles/article.js';
import { sha256 } from '../../src/hash.js';

export function makeArticle(fields: Partial<Article> & { title: string; paragraphs: string[] }): Article {
  const origin = fields.origin ?? `test:${fields.title}`;
  return {
    id: fields.id ?? articleId(fields.url ?? null, origin),
    origin,
    url: fields.url ?? null,
    source: fields.source ?? 'Test Wire',
    section: fields.section ?? null,
    byline: fields.byline ?? null,
    published: fields.published ?? '2025-03-30',
    title: fields.title,
    paragraphs: fields.paragraphs,
    quotes: fields.quotes ?? ([] as Quote[]),
    contentHash: fields.contentHash ?? sha256(fields.title + fields.paragraphs.join('\n')),
    ingestedAt: fields.ingestedAt ?? '2025-04-01T00:00:00.000Z',
    entities: fields.entities ?? [],
  };
}
