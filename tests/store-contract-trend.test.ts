/**
 * The Store contract for /trend, on every backend: stories counted per UTC day (a story's several
 * reports once), undated articles never counted, the window's edges, the topic syntax of /headlines,
 * guild scope, and the busiest stories of a window with their newest report.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { expandTopic } from '../src/news/topics.js';
import type { Store } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

/** A stories fixture (tests/fixtures/stories/), built as ingest builds it, published when given. */
const storyArticle = (name: string, published: string): Article => ({
  ...buildArticle({
    origin: `tests/fixtures/stories/${name}`,
    format: 'text',
    content: readFileSync(`tests/fixtures/stories/${name}`, 'utf8'),
  }),
  source: name.split('-')[1]!.replace('.txt', ''),
  published,
});

const WEEK = { from: '2025-03-01T00:00:00.000Z', to: '2025-03-08T00:00:00.000Z' };
// Three reports of one bridge accident: two on March 3, one on March 4; and another story on March 4.
const courier = storyArticle('bridge-courier.txt', '2025-03-03T06:00:00Z');
const herald = storyArticle('bridge-herald.txt', '2025-03-03T14:00:00Z');
const gazette = storyArticle('bridge-gazette.txt', '2025-03-04T09:00:00Z');
const cycling = storyArticle('council-cycling.txt', '2025-03-04T11:00:00Z');
/** Short bridge notes, each its own story (nothing else in common), on and around the window's edges. */
const note = (title: string, body: string, published: string | null) => makeArticle({ title, paragraphs: [body], published });
const atStart = note('Footbridge repainted', 'Volunteers painted the wooden foot bridge green at first light.', '2025-03-01T00:00:00Z');
const beforeStart = note('Rail bridge lamps', 'Electricians replaced sodium lamps along the railway bridge.', '2025-02-28T23:59:59Z');
const atEnd = note('Toll bridge fees', 'Councillors argued about motorway toll bridge fees until midnight.', '2025-03-08T00:00:00Z');
const lastMoment = note('Swing bridge opened', 'A swing bridge opened for a late grain barge heading upstream.', '2025-03-07T23:59:59Z');
const undated = note('Bridge club meets', 'The bridge club meets on Tuesdays; bring your own cards.', null);
const guildOnly = note('Guild bridge tour', 'Members toured the suspension bridge with its engineer.', '2025-03-05T12:00:00Z');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`Story trend on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => Date.parse('2025-03-10T00:00:00Z') });
    let store: Store;
    const open = async () => {
      store = (await fixture.open()).store;
      // One at a time, in time order, as feeds bring them: grouping sees each report after the last.
      for (const article of [beforeStart, atStart, courier, herald, gazette, cycling, lastMoment, atEnd, undated])
        await store.upsert(article);
      await store.upsert(guildOnly, { guildId: '42' });
    };
    afterEach(() => fixture.cleanup());

    it('counts a story once per day however many reports it has, on each day it was reported', async () => {
      await open();
      const counts = await store.storyCountsByDay(expandTopic('bridge'), WEEK);
      expect(counts).toEqual([
        { day: '2025-03-01', stories: 1 },
        { day: '2025-03-03', stories: 1 },
        { day: '2025-03-04', stories: 1 },
        { day: '2025-03-05', stories: 1 },
        { day: '2025-03-07', stories: 1 },
      ]);
    });

    it('keeps the window half-open, leaves undated articles out, and counts UTC days', async () => {
      await open();
      const all = await store.storyCountsByDay(expandTopic('bridge'), { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' });
      // Every dated note and the accident's two days; the undated note is nowhere.
      expect(all.map((c) => c.day)).toEqual([
        '2025-02-28',
        '2025-03-01',
        '2025-03-03',
        '2025-03-04',
        '2025-03-05',
        '2025-03-07',
        '2025-03-08',
      ]);
      expect(all.reduce((sum, c) => sum + c.stories, 0)).toBe(7);
      const oneDay = await store.storyCountsByDay(expandTopic('bridge'), { from: '2025-03-03T00:00:00Z', to: '2025-03-04T00:00:00Z' });
      expect(oneDay).toEqual([{ day: '2025-03-03', stories: 1 }]);
      const noon = await store.storyCountsByDay(expandTopic('bridge'), { from: '2025-03-03T12:00:00Z', to: '2025-03-03T13:00:00Z' });
      expect(noon).toEqual([]);
    });

    it('reads the topic as /headlines does: OR, exclusions, and guild scope', async () => {
      await open();
      const either = await store.storyCountsByDay(expandTopic('bridge OR cycle'), WEEK);
      expect(either.find((c) => c.day === '2025-03-04')?.stories).toBe(2);
      const noBarge = await store.storyCountsByDay(expandTopic('bridge -barge'), WEEK);
      expect(noBarge.map((c) => c.day)).toEqual(['2025-03-01', '2025-03-03', '2025-03-04', '2025-03-05']);
      const operatorOnly = await store.storyCountsByDay(expandTopic('bridge'), { ...WEEK, guildId: null });
      expect(operatorOnly.map((c) => c.day)).not.toContain('2025-03-05');
      const theGuild = await store.storyCountsByDay(expandTopic('bridge'), { ...WEEK, guildId: '42' });
      expect(theGuild.map((c) => c.day)).toContain('2025-03-05');
      expect(await store.storyCountsByDay({ groups: [['...']] }, WEEK)).toEqual([]);
    });

    it("names a window's busiest stories, most reports first, each by its newest report there", async () => {
      await open();
      const week = await store.topStories(expandTopic('bridge OR cycle'), { ...WEEK, limit: 2 });
      // The accident's three reports, then of the stories with one report the one reported last.
      expect(week.map((s) => [s.lead.id, s.reports])).toEqual([
        [gazette.id, 3],
        [lastMoment.id, 1],
      ]);
      expect(week[0]!.lead).toMatchObject({ title: gazette.title, source: 'gazette', published: gazette.published });
      expect(typeof week[0]!.lead.story).toBe('number');
      const march3 = await store.topStories(expandTopic('bridge'), { from: '2025-03-03T00:00:00Z', to: '2025-03-04T00:00:00Z', limit: 5 });
      expect(march3.map((s) => [s.lead.id, s.reports])).toEqual([[herald.id, 2]]);
      expect(await store.topStories(expandTopic('bridge'), { ...WEEK, limit: 5, guildId: null })).toHaveLength(3);
    });
  });
}
