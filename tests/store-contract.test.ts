/**
 * The Store contract: the same tests, unchanged, against every backend (SQLite and PostgreSQL).
 * Answers on one corpus must agree: the same top article for a clear topic, the same recency order,
 * the same quotes and scope.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { expandTopic } from '../src/news/topics.js';
import type { Stores } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');

/** A small corpus with one clear answer per question. */
const talks = makeArticle({
  title: 'Iran nuclear talks resume in Geneva',
  paragraphs: ['Negotiators from Iran and Europe met in Geneva on Monday.', 'The Iranian delegation said the talks were useful.'],
  published: '2025-03-28T09:00:00Z',
  entities: ['Iran', 'Geneva'],
  quotes: [
    { text: 'We came to Geneva to listen, not to lecture', speaker: 'Abbas Araghchi', paragraph: 1 },
    { text: 'The door remains open for a deal', speaker: 'Abbas Araghchi', paragraph: 1 },
  ],
});
const markets = makeArticle({
  title: 'Oil prices climb on supply worries',
  paragraphs: ['Traders pointed to shipping risks near Iran among other factors.', 'Brent crude rose two percent.'],
  published: '2025-03-31T09:00:00Z',
  entities: ['Brent'],
});
const harbor = makeArticle({
  title: 'Harbor reopens after storm',
  paragraphs: ['The White House praised the quick repairs at the harbor.'],
  published: '2025-03-30T09:00:00Z',
  entities: ['White House'],
});
/** The stories fixtures (tests/fixtures/stories/), built as ingest builds them. */
const storyArticle = (name: string): Article => ({
  ...buildArticle({
    origin: `tests/fixtures/stories/${name}`,
    format: 'text',
    content: readFileSync(`tests/fixtures/stories/${name}`, 'utf8'),
  }),
  source: name.split('-')[1]!.replace('.txt', ''),
});
const undated = makeArticle({
  title: 'Undated note on the harbor',
  paragraphs: ['A white boat left the house by the harbor.'],
  published: null,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`Store contract on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => NOW, recencyHalfLifeDays: 30 });
    let stores: Stores;
    let store: Store;
    const open = async () => {
      stores = await fixture.open();
      store = stores.store;
    };
    const ids = (refs: { id: string }[]) => refs.map((r) => r.id);

    afterEach(() => fixture.cleanup());

    it('reports added, unchanged for the same content, then updated in place; search follows the update', async () => {
      await open();
      const first = makeArticle({
        title: 'Budget vote delayed',
        paragraphs: ['The vote on the budget was postponed.'],
        origin: '/srv/a/f.txt',
      });
      expect(await store.upsert(first)).toBe('added');
      expect(await store.upsert(first)).toBe('unchanged');
      expect(await store.contentHash(first.id)).toBe(first.contentHash);
      const changed = { ...first, paragraphs: ['The budget vote now takes place on Friday.'], contentHash: 'other' };
      expect(await store.upsert(changed)).toBe('updated');
      expect(await store.count()).toBe(1);
      expect((await store.get([first.id]))[0]?.paragraphs).toEqual(['The budget vote now takes place on Friday.']);
      expect(await store.search({ groups: [['postponed']] }, { limit: 5 })).toEqual([]);
      expect(ids(await store.search({ groups: [['friday']] }, { limit: 5 }))).toEqual([first.id]);
    });

    it('writes a batch in one transaction, and gives back full articles in the order asked', async () => {
      await open();
      expect(await store.upsertMany([talks, markets, harbor])).toEqual(['added', 'added', 'added']);
      const got = await store.get([harbor.id, 'missing', talks.id]);
      expect(got.map((a) => a.id)).toEqual([harbor.id, talks.id]);
      expect(got[1]).toMatchObject({ title: talks.title, paragraphs: talks.paragraphs, published: talks.published, quotes: talks.quotes });
    });

    it('answers a clear topic with the same top article: title matches rank above a passing mention', async () => {
      await open();
      await store.upsertMany([markets, talks, harbor, undated]);
      expect(ids(await store.search({ groups: [['iran', 'tehran']] }, { limit: 5 }))).toEqual([talks.id, markets.id]);
      // Every group is required; a phrase's words must be adjacent and in order.
      expect(ids(await store.search({ groups: [['iran'], ['geneva']] }, { limit: 5 }))).toEqual([talks.id]);
      expect(ids(await store.search({ groups: [['white house']] }, { limit: 5 }))).toEqual([harbor.id]);
      expect(ids(await store.search({ groups: [['nothing like this']] }, { limit: 5 }))).toEqual([]);
      // Stemmed as the English index reads it: "resumes" finds "resume".
      expect(ids(await store.search({ groups: [['resumes']] }, { limit: 5 }))).toEqual([talks.id]);
    });

    it('finds an initialism written with full stops ("U.N.", "U.S.") by its letters, as a topic expands it', async () => {
      await open();
      const un = makeArticle({
        title: 'Envoys meet on the ceasefire',
        paragraphs: ['The U.N. envoy said the U.S. delegation would stay another week.'],
        origin: 'un',
      });
      await store.upsertMany([un, harbor]);
      expect(ids(await store.search(expandTopic('united nations'), { limit: 5 }))).toEqual([un.id]);
      expect(ids(await store.search({ groups: [['u s']] }, { limit: 5 }))).toEqual([un.id]);
      expect(ids(await store.search({ groups: [['U.N.'], ['delegation']] }, { limit: 5 }))).toEqual([un.id]);
    });

    it('counts each word of a two-word topic however far apart, so a fresh report beats a year-old headline', async () => {
      await open();
      const filler = 'Members spoke about roads, schools and water for most of the long afternoon session. '.repeat(12);
      const fresh = makeArticle({
        title: 'Senate sits late',
        paragraphs: [filler, 'At the end the budget was passed.'],
        origin: 'fresh',
        published: new Date(NOW - 86_400_000).toISOString(),
      });
      const old = makeArticle({
        title: 'Senate budget talks',
        paragraphs: ['The senate budget was discussed.'],
        origin: 'old',
        published: new Date(NOW - 365 * 86_400_000).toISOString(),
      });
      await store.upsertMany([old, fresh]);
      expect(ids(await store.search({ groups: [['senate'], ['budget']] }, { limit: 5 }))).toEqual([fresh.id, old.id]);
    });

    it('leaves out articles holding an excluded word or phrase (as adjacent words), and takes a OR b', async () => {
      await open();
      await store.upsertMany([markets, talks, harbor, undated]);
      const search = (topic: string) => store.search(expandTopic(topic), { limit: 5 }).then(ids);
      expect(await search('iran -geneva')).toEqual([markets.id]);
      expect(await search('iran -"nuclear talks"')).toEqual([markets.id]);
      // "A white boat left the house" holds both words, not the phrase: it stays.
      expect(await search('harbor -"white house"')).toEqual([undated.id]);
      expect(await search('harbor -brent')).toEqual(await search('harbor'));
      expect(await search('iran -geneva -brent')).toEqual([]);
      expect(new Set(await search('geneva OR brent'))).toEqual(new Set([talks.id, markets.id]));
      expect(await search('geneva OR brent -crude')).toEqual([talks.id]);
      expect(await search('"oil prices" OR "nuclear talks" iran')).toHaveLength(2);
      expect(await search('harbor OR geneva -"white house"')).toEqual(expect.arrayContaining([talks.id, undated.id]));
      expect(await search('harbor OR geneva -"white house"')).toHaveLength(2);
      // Only articles holding quotes, exclusions still applied.
      expect(ids(await store.search(expandTopic('iran OR harbor -crude'), { limit: 5, withQuotes: true }))).toEqual([talks.id]);
    });

    it('ranks what an exclusion leaves as without it, newest-first reading included', async () => {
      await open();
      // 1,600 matches: SQLite reads newest first from 1,500 (ADR 10); a page of 1,000 ranks them all.
      const many = Array.from({ length: 1600 }, (_, i) =>
        makeArticle({
          title: i % 7 === 0 ? `Harbor storm ${i}` : `Harbor note ${i}`,
          paragraphs: [`The harbor ${'harbor '.repeat(i % 5)}reopened${i % 3 === 0 ? ' after the storm' : ''}.`],
          published: new Date(NOW - i * 9 * 3_600_000).toISOString(),
          origin: `many-${i}`,
        }),
      );
      await store.upsertMany(many);
      const stormy = new Set(many.filter((a) => /storm/i.test(a.title + a.paragraphs[0])).map((a) => a.id));
      const all = ids(await store.search(expandTopic('harbor'), { limit: 1000 }));
      const calm = all.filter((id) => !stormy.has(id));
      expect(ids(await store.search(expandTopic('harbor -storm'), { limit: 10 }))).toEqual(calm.slice(0, 10));
      expect(ids(await store.search(expandTopic('harbor -storm'), { limit: 10, offset: 10 }))).toEqual(calm.slice(10, 20));
      expect(ids(await store.search(expandTopic('harbor OR storm -storm'), { limit: 10 }))).toEqual(calm.slice(0, 10));
    });

    it('blends relevance with recency: of two equal matches the newer comes first, and pages with offset', async () => {
      await open();
      const older = makeArticle({ title: 'Harbor report', paragraphs: ['The harbor reopened.'], published: '2024-01-01', origin: 'old' });
      const newer = makeArticle({ title: 'Harbor report', paragraphs: ['The harbor reopened.'], published: '2025-03-31', origin: 'new' });
      await store.upsertMany([older, newer]);
      expect(ids(await store.search({ groups: [['harbor']] }, { limit: 5 }))).toEqual([newer.id, older.id]);
      expect(ids(await store.search({ groups: [['harbor']] }, { limit: 1, offset: 1 }))).toEqual([older.id]);
      expect(ids(await store.search({ groups: [['harbor']] }, { limit: 5, since: '2025-01-01T00:00:00Z' }))).toEqual([newer.id]);
    });

    it('lists the latest newest first, undated last, and since a time only what came after', async () => {
      await open();
      await store.upsertMany([undated, talks, markets, harbor]);
      expect(ids(await store.latest({ limit: 10 }))).toEqual([markets.id, harbor.id, talks.id, undated.id]);
      expect(ids(await store.latest({ limit: 2, offset: 1 }))).toEqual([harbor.id, talks.id]);
      // An undated article counts from when it was ingested (2025-04-01).
      expect(ids(await store.latest({ limit: 10, since: '2025-03-30T00:00:00Z' }))).toEqual([markets.id, harbor.id, undated.id]);
    });

    it("scopes by guild: operator-wide articles plus the guild's own feeds', never another guild's", async () => {
      await open();
      const mine = makeArticle({ title: 'Local harbor news for one', paragraphs: ['Harbor news.'], origin: 'g1' });
      const theirs = makeArticle({ title: 'Local harbor news for two', paragraphs: ['Harbor news.'], origin: 'g2' });
      await store.upsert(harbor);
      await store.upsert(mine, { guildId: 'g1' });
      await store.upsert(theirs, { guildId: 'g2' });
      const topic = { groups: [['harbor']] };
      expect(new Set(ids(await store.search(topic, { limit: 10, guildId: 'g1' })))).toEqual(new Set([harbor.id, mine.id]));
      expect(ids(await store.search(topic, { limit: 10, guildId: null }))).toEqual([harbor.id]);
      expect(await store.search(topic, { limit: 10 })).toHaveLength(3);
      expect(new Set(ids(await store.latest({ limit: 10, guildId: 'g2' })))).toEqual(new Set([harbor.id, theirs.id]));
      // The same story from an operator source makes it operator-wide.
      await store.upsert(theirs);
      expect(new Set(ids(await store.latest({ limit: 10, guildId: 'g1' })))).toEqual(new Set([harbor.id, mine.id, theirs.id]));
    });

    it('keeps quotes in article order then position, each with its article, and finds articles holding quotes', async () => {
      await open();
      await store.upsertMany([talks, markets]);
      const quotes = await store.quotesOf([markets.id, talks.id]);
      expect(quotes.map((q) => [q.text, q.speaker, q.article.id])).toEqual([
        ['We came to Geneva to listen, not to lecture', 'Abbas Araghchi', talks.id],
        ['The door remains open for a deal', 'Abbas Araghchi', talks.id],
      ]);
      expect(quotes[0]?.article).toMatchObject({ title: talks.title, published: talks.published });
      expect(ids(await store.search({ groups: [['iran']] }, { limit: 5, withQuotes: true }))).toEqual([talks.id]);
    });

    it('suggests names by prefix, any word of them, from what the guild can see; removing uncounts them', async () => {
      await open();
      await store.upsertMany([talks, markets, harbor]);
      const secret = makeArticle({ title: 'Guild only', paragraphs: ['x'], entities: ['Iridium Corp'], origin: 'g9' });
      await store.upsert(secret, { guildId: 'g9' });
      // Both in one article each: the more recent first.
      expect(await store.suggestTopics('ir', 5)).toEqual(['Iridium Corp', 'Iran']);
      expect(await store.suggestTopics('ho', 5)).toEqual(['White House']);
      expect(await store.suggestTopics('ir', 5, 'g1')).toEqual(['Iran']);
      expect(await store.suggestTopics('ir', 5, 'g9')).toEqual(['Iridium Corp', 'Iran']);
      await store.upsert(makeArticle({ title: 'Iran again', paragraphs: ['y'], entities: ['Iran'], published: '2025-03-29' }));
      expect(await store.suggestTopics('IR', 5)).toEqual(['Iran', 'Iridium Corp']);
      await store.remove([talks.id]);
      expect(await store.suggestTopics('ir', 5)).toEqual(['Iridium Corp', 'Iran']);
      await store.remove([secret.id]);
      expect(await store.suggestTopics('ir', 5)).toEqual(['Iran']);
    });

    it('keeps a summary cache: absent, stored, replaced', async () => {
      await open();
      expect(await store.cacheGet('k')).toBeNull();
      await store.cachePut('k', '{"v":1}');
      await store.cachePut('k', '{"v":2}');
      expect(await store.cacheGet('k')).toBe('{"v":2}');
    });

    it('removes by id (with quotes and index entries), by age, and finds the articles under a folder', async () => {
      await open();
      const filed = makeArticle({ title: 'Filed harbor story', paragraphs: ['From a file.'], origin: '/srv/news/a_b/one.txt' });
      await store.upsertMany([talks, markets, harbor, undated, filed]);
      expect(await store.articlesUnder('/srv/news/a_b')).toEqual([{ id: filed.id, origin: filed.origin }]);
      expect(await store.articlesUnder('/srv/news/a%')).toEqual([]);
      expect(await store.remove([talks.id, 'missing', talks.id])).toEqual([talks.id]);
      expect(await store.quotesOf([talks.id])).toEqual([]);
      expect(await store.search({ groups: [['geneva']] }, { limit: 5 })).toEqual([]);
      // Published before 2025-03-31 (harbor, filed); undated ones by when they were ingested (2025-04-01: kept).
      expect(await store.removeOlderThan(new Date('2025-03-31T00:00:00Z'))).toBe(2);
      expect(ids(await store.latest({ limit: 10 }))).toEqual([markets.id, undated.id]);
      expect(await store.removeOlderThan(new Date('2025-04-01T12:00:00Z'))).toBe(2);
    });

    it('stores the same page under another id once: the copy names its original', async () => {
      await open();
      const body = Array.from(
        { length: 12 },
        (_, i) => `Paragraph ${i} tells how the river flooded the old mill town and its ${i} bridges overnight.`,
      );
      const original = makeArticle({ title: 'Flood', paragraphs: body, origin: 'a.txt' });
      const copy = makeArticle({ title: 'Flood (html)', paragraphs: body, origin: 'a.html' });
      await store.upsert(original);
      const copies: [string, string][] = [];
      expect(await store.upsert(copy, { onCopy: (a, originalId) => copies.push([a.id, originalId]) })).toBe('unchanged');
      expect(copies).toEqual([[copy.id, original.id]]);
      expect(await store.count()).toBe(1);
    });

    it('finds copies within a batch and against what is stored, and writes the rest of the batch whole', async () => {
      await open();
      const BODIES: Record<string, string[]> = {
        flood: Array.from(
          { length: 10 },
          (_, i) => `Paragraph ${i} reports how the river flooded the old mill town and its ${i} bridges overnight.`,
        ),
        fire: Array.from(
          { length: 10 },
          (_, i) => `Witness number ${i} saw smoke rise above warehouse ${i * 3} before firefighters arrived at dawn.`,
        ),
      };
      const body = (topic: string) => BODIES[topic]!;
      const stored = makeArticle({ title: 'Flood', paragraphs: body('flood'), origin: 'flood.txt', entities: ['Mill Town'] });
      await store.upsert(stored);
      const fire = makeArticle({
        title: 'Fire',
        paragraphs: body('fire'),
        origin: 'fire.txt',
        entities: ['Mill Town'],
        quotes: [{ text: 'It spread fast', speaker: 'Ann Lee', paragraph: 1 }],
      });
      const fireAgain = makeArticle({ title: 'Fire (html)', paragraphs: body('fire'), origin: 'fire.html' });
      const floodAgain = makeArticle({ title: 'Flood (html)', paragraphs: body('flood'), origin: 'flood.html' });
      const other = makeArticle({
        title: 'Council budget',
        paragraphs: ['The council passed its budget on Monday evening.'],
        origin: 'budget.txt',
      });
      const copies: [string, string][] = [];
      const outcomes = await store.upsertMany([fire, fireAgain, floodAgain, other, stored], {
        onCopy: (a, of) => copies.push([a.origin, of]),
      });
      expect(outcomes).toEqual(['added', 'unchanged', 'unchanged', 'added', 'unchanged']);
      expect(copies).toEqual([
        ['fire.html', fire.id],
        ['flood.html', stored.id],
      ]);
      expect(ids(await store.latest({ limit: 10 })).sort()).toEqual([stored.id, fire.id, other.id].sort());
      expect((await store.quotesOf([fire.id])).map((q) => q.text)).toEqual(['It spread fast']);
      expect(await store.suggestTopics('mill', 5)).toEqual(['Mill Town']);
      expect(ids(await store.search({ groups: [['budget']] }, { limit: 5 }))).toEqual([other.id]);
    });

    it('writes a batch naming one id twice in order: the later wins', async () => {
      await open();
      const first = makeArticle({ title: 'Vote', paragraphs: ['The vote was postponed.'], origin: 'v.txt' });
      const later = { ...first, paragraphs: ['The vote is on Friday.'], contentHash: 'v2' };
      expect(await store.upsertMany([first, later])).toEqual(['added', 'updated']);
      expect((await store.get([first.id]))[0]?.paragraphs).toEqual(['The vote is on Friday.']);
    });

    it("gives every article a story, and lists a story's articles the scope may see", async () => {
      await open();
      await store.upsertMany([talks, markets]);
      const [ref] = await store.search({ groups: [['geneva']] }, { limit: 1 });
      expect(typeof ref?.story).toBe('number');
      expect(ids(await store.storyArticles([ref!.story!], { perStory: 3 }))).toEqual([talks.id]);
    });

    it('groups reports of one event from several outlets into one story, in one process or two', async () => {
      await open();
      const other = await fixture.reopen(); // another process writing to the same database
      const [courier, herald, gazette, cycling] = [
        'bridge-courier.txt',
        'bridge-herald.txt',
        'bridge-gazette.txt',
        'council-cycling.txt',
      ].map(storyArticle);
      await store.upsert(courier!);
      await other.store.upsert(herald!);
      await store.upsertMany([cycling!, gazette!]); // a batch, written whole
      const storyOf = new Map((await store.latest({ limit: 10 })).map((ref) => [ref.id, ref.story]));
      expect(new Set([courier, herald, gazette].map((a) => storyOf.get(a!.id))).size).toBe(1);
      expect(storyOf.get(cycling!.id)).not.toBe(storyOf.get(courier!.id));
      const members = await store.storyArticles([storyOf.get(courier!.id)!], { perStory: 5 });
      expect(new Set(ids(members))).toEqual(new Set([courier, herald, gazette].map((a) => a!.id)));
      expect(await store.storyArticles([storyOf.get(courier!.id)!], { perStory: 5, guildId: null })).toHaveLength(3);
    });

    it('reopens a database without migrating it again, keeping what it holds', async () => {
      await open();
      await store.upsert(talks);
      const again = await fixture.reopen();
      expect(await again.store.count()).toBe(1);
      const reading = await fixture.reopen({ readonly: true });
      expect(ids(await reading.store.search({ groups: [['iran']] }, { limit: 5 }))).toEqual([talks.id]);
    });
  });
}
