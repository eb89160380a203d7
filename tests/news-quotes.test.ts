import { afterEach, describe, expect, it } from 'vitest';
import { News } from '../src/news/news.js';
import { expandTopic } from '../src/news/topics.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';
import { makeArticle } from './support/articles.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
let store: SqliteStore;

afterEach(async () => {
  await store?.close();
});

/** /quotes by its definition: quotes of the 30 best-ranked articles that quote anybody, filtered, cut. */
async function reference(topic: string, limit: number, speaker?: string) {
  const ranked = await store.search(expandTopic(topic), { limit: 1000 });
  const quoted: string[] = [];
  for (const ref of ranked) if ((await store.quotesOf([ref.id])).length > 0) quoted.push(ref.id);
  const quotes = await store.quotesOf(quoted.slice(0, 30));
  return quotes
    .filter((q) => !speaker || (q.speaker ?? '').toLowerCase().includes(speaker.toLowerCase()))
    .slice(0, limit)
    .map((q) => `${q.article.id}:${q.text}`);
}

describe('News.quotes', () => {
  it('ranks only articles that quote somebody, reads the top ones first and the next only when needed', async () => {
    store = new SqliteStore(':memory:', { now: () => NOW });
    // 40 ferry articles, newest first in rank; every other one quotes somebody, and every tenth
    // quotes the mayor, so some answers need the quoting articles past the first twelve.
    const articles = Array.from({ length: 40 }, (_, i) =>
      makeArticle({
        title: `Ferry service update ${i}`,
        paragraphs: ['The ferry timetable changes next week.'],
        published: new Date(NOW - i * 3_600_000).toISOString(),
        origin: `ferry:${i}`,
        quotes:
          i % 2 === 0
            ? [
                { text: `We will run more ferries, part ${i}`, speaker: i % 10 === 0 ? 'Mayor Ann Lee' : 'Tom Reed', paragraph: 0 },
                { text: `Riders asked for this, part ${i}`, speaker: 'Tom Reed', paragraph: 0 },
              ]
            : [],
      }),
    );
    await store.upsertMany(articles);
    const news = new News({ store, summarizer: new ExtractiveSummarizer() });
    const key = (q: { article: { id: string }; text: string }) => `${q.article.id}:${q.text}`;
    for (const [limit, speaker] of [
      [4, undefined],
      [10, undefined],
      [3, 'Lee'],
      [10, 'Lee'],
    ] as const) {
      const got = (await news.quotes({ topic: 'ferry', limit, ...(speaker ? { speaker } : {}) })).map(key);
      expect(got).toEqual(await reference('ferry', limit, speaker));
      // The mayor speaks in articles 0, 10, 20 and 30: the last is the 16th article that quotes anybody.
      expect(got.length).toBe(speaker === 'Lee' ? Math.min(limit, 4) : limit);
    }
  });
});
