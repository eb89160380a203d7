import { afterEach, describe, expect, it } from 'vitest';
import { News } from '../src/news/news.js';
import { expandTopic } from '../src/news/topics.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ExtractiveSummarizer } from '../src/summarize/extractive.js';
import { makeArticle } from './support/articles.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
let store: SqliteStore;

afterEach(async () => {
  await store?.close();
});

/** What /quotes answered before reading articles in two steps: quotes of the top 30, filtered, cut. */
async function allAtOnce(topic: string, limit: number, speaker?: string) {
  const refs = await store.search(expandTopic(topic), { limit: 30 });
  const quotes = await store.quotesOf(refs.map((r) => r.id));
  return quotes
    .filter((q) => !speaker || (q.speaker ?? '').toLowerCase().includes(speaker.toLowerCase()))
    .slice(0, limit)
    .map((q) => `${q.article.id}:${q.text}`);
}

describe('News.quotes', () => {
  it('reads the top articles first and the next ones only when needed, with the same answer as reading all at once', async () => {
    store = new SqliteStore(':memory:', { now: () => NOW });
    // 40 ferry articles, newest first in rank; only every fifth one quotes anybody, and only
    // every tenth quotes the mayor, so some answers need the articles past the first twelve.
    const articles = Array.from({ length: 40 }, (_, i) =>
      makeArticle({
        title: `Ferry service update ${i}`,
        paragraphs: ['The ferry timetable changes next week.'],
        published: new Date(NOW - i * 3_600_000).toISOString(),
        origin: `ferry:${i}`,
        quotes:
          i % 5 === 0
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
    for (const [limit, speaker] of [[4, undefined], [10, undefined], [3, 'Lee'], [10, 'Lee']] as const) {
      const got = (await news.quotes({ topic: 'ferry', limit, ...(speaker ? { speaker } : {}) })).map(key);
      expect(got).toEqual(await allAtOnce('ferry', limit, speaker));
      expect(got.length).toBe(speaker === 'Lee' ? 3 : limit); // the mayor speaks in articles 0, 10 and 20 of the top 30
    }
  });
});
