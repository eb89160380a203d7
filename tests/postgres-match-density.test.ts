/**
 * How a PostgreSQL newest-first slice is read (src/store/postgres/match-density.ts): through the
 * time index when the topic is common enough that its GIN scan would cost more, else through GIN;
 * and either way the same answer as ranking every match.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { readsByTime, type SearchStatistics, sliceRows, topicDensity } from '../src/store/postgres/match-density.js';
import type { PostgresStore } from '../src/store/postgres/store.js';
import type { SearchOptions, TopicQuery } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const stats: SearchStatistics = {
  rows: 100_000,
  lexemes: new Map([
    ['london', 0.3],
    ['british', 0.25],
    ['unit', 0.3],
    ['kingdom', 0.05],
  ]),
  rare: 0.01,
  bounds: [0, 100, 200, 300, 400],
};

describe('topic density from the statistics', () => {
  it('counts a phrase at its rarest word, a group as any phrase, a topic as all groups, and every lexeme as postings', () => {
    const uk = topicDensity([["'london'", "'british'", "'unit' <-> 'kingdom'"]], stats);
    expect(uk.share).toBeCloseTo(1 - 0.7 * 0.75 * 0.95, 6);
    expect(uk.postings).toBeCloseTo(0.3 + 0.25 + 0.3 + 0.05, 6);
    const ukAndRare = topicDensity([["'london'", "'british'"], ["'zeppelin'"]], stats);
    expect(ukAndRare.share).toBeCloseTo((1 - 0.7 * 0.75) * 0.01, 6);
  });

  it('spreads rows over the sort_ts histogram: equal shares between bounds, interpolated inside one', () => {
    expect(sliceRows(stats, 200, undefined)).toBeCloseTo(50_000, 0);
    expect(sliceRows(stats, 350, 400)).toBeCloseTo(12_500, 0);
    expect(sliceRows(stats, 150, 250)).toBeCloseTo(25_000, 0);
    expect(sliceRows(stats, 500, undefined)).toBe(0);
  });

  it('reads a small slice of a common topic by time, and a rare topic or a wide slice through GIN', () => {
    const common = topicDensity([["'london'", "'british'", "'unit' <-> 'kingdom'"]], stats);
    const rare = topicDensity([["'zeppelin'"]], stats);
    expect(readsByTime(common, 1_000, stats.rows)).toBe(true);
    expect(readsByTime(common, 60_000, stats.rows)).toBe(false);
    expect(readsByTime(rare, 1_000, stats.rows)).toBe(false);
  });
});

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;

describe.skipIf(postgres.skipped !== null)('slices read by time on PostgreSQL', () => {
  const fixture = storeFixture(postgres);
  afterEach(() => fixture.cleanup());

  it('answers a common topic exactly as ranking every match, reading its newest slices by time', async () => {
    const now = Date.parse('2025-04-02T00:00:00Z');
    const windowed = await fixture.open({ now: () => now, recencyHalfLifeDays: 30 });
    const full = await fixture.reopen({ now: () => now, recencyHalfLifeDays: 30, newestFirst: false });
    // Three articles in four say "harbor" over 600 days; a few say "ferry" too.
    const articles = Array.from({ length: 1200 }, (_, i) =>
      makeArticle({
        title: i % 9 === 0 ? `Harbor report ${i}` : `Town report ${i}`,
        paragraphs: [
          i % 4 === 3 ? `Roads were quiet on day ${i}.` : `The harbor was ${'busy and '.repeat(i % 5)}open on day ${i}.`,
          i % 7 === 0 ? 'The ferry ran late.' : 'Nothing else.',
        ],
        origin: `d${i}`,
        published: new Date(now - i * 12 * 3_600_000 - (i % 13) * 1000).toISOString(),
      }),
    );
    await windowed.store.upsertMany(articles);
    const admin = new pg.Client({ connectionString: fixture.location });
    await admin.connect();
    await admin.query('ANALYZE articles');
    await admin.end();
    const queries: [TopicQuery, SearchOptions][] = [
      [{ groups: [['harbor']] }, { limit: 12 }],
      [{ groups: [['harbor', 'town']] }, { limit: 14, offset: 3 }],
      [{ groups: [['harbor'], ['ferry']] }, { limit: 10 }],
      [{ groups: [['harbor']] }, { limit: 12, withQuotes: false, since: '2025-01-01T00:00:00Z' }],
    ];
    for (const [query, options] of queries) {
      expect(await windowed.store.search(query, options)).toEqual(await full.store.search(query, options));
    }
    expect((windowed.store as PostgresStore).slicesByTime).toBeGreaterThan(0);
  });
});
