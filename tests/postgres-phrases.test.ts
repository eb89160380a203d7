/**
 * A topic group's phrases as PostgreSQL tsqueries, each named once (src/store/postgres/phrases.ts):
 * which ones a search may leave out, and that leaving them out changes no answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { distinctTsqueries } from '../src/store/postgres/phrases.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

describe('distinctTsqueries', () => {
  it('keeps each tsquery once and drops the empty ones (stop words alone)', () => {
    expect(distinctTsqueries(["'briton'", "'briton'", '', "'london'"])).toEqual(["'briton'", "'london'"]);
    expect(distinctTsqueries(['', ''])).toEqual([]);
  });

  it('drops a run of lexemes that holds another of the group as consecutive lexemes, wherever it sits in the run', () => {
    expect(distinctTsqueries(["'britain'", "'great' <-> 'britain'", "'unit' <-> 'kingdom'"])).toEqual([
      "'britain'",
      "'unit' <-> 'kingdom'",
    ]);
    expect(distinctTsqueries(["'new' <-> 'york' <-> 'citi'", "'new' <-> 'york'"])).toEqual(["'new' <-> 'york'"]);
    expect(distinctTsqueries(["'a' <-> 'b' <-> 'c'", "'b' <-> 'c'", "'c'"])).toEqual(["'c'"]);
  });

  it('keeps runs that only share lexemes out of order or apart, and anything not a plain run', () => {
    expect(distinctTsqueries(["'york' <-> 'new'", "'new' <-> 'york'"])).toEqual(["'york' <-> 'new'", "'new' <-> 'york'"]);
    expect(distinctTsqueries(["'state' <3> 'union'", "'union'"])).toEqual(["'state' <3> 'union'", "'union'"]);
    expect(distinctTsqueries(["'o''brien'", "'brien'"])).toEqual(["'o''brien'", "'brien'"]);
  });
});

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;

describe.skipIf(postgres.skipped !== null)('a group written with redundant phrases, on PostgreSQL', () => {
  const fixture = storeFixture(postgres);
  afterEach(() => fixture.cleanup());

  it('answers and ranks exactly as the group written with each phrase once', async () => {
    const now = Date.parse('2025-04-02T00:00:00Z');
    const stores = await fixture.open({ now: () => now, recencyHalfLifeDays: 30 });
    const sentences = [
      'Great Britain and Britain both appear here, Britons too.',
      'A Briton spoke of great britain twice: great britain.',
      'Britain alone, far from anything great. Britain again.',
      'Nothing about the island, only great weather.',
    ];
    const articles = Array.from({ length: 60 }, (_, i) =>
      makeArticle({
        title: i % 5 === 0 ? `Great Britain report ${i}` : `Report ${i}`,
        paragraphs: [sentences[i % 4]!, `Filler words for article ${i}. `.repeat(1 + (i % 6))],
        origin: `b${i}`,
        published: new Date(now - i * 20 * 3_600_000).toISOString(),
      }),
    );
    await stores.store.upsertMany(articles);
    const redundant = await stores.store.search({ groups: [['britain', 'great britain', 'britons', 'briton']] }, { limit: 30 });
    const once = await stores.store.search({ groups: [['britain', 'briton']] }, { limit: 30 });
    expect(redundant.length).toBeGreaterThan(20);
    expect(redundant).toEqual(once);
  });
});
