/**
 * Lead images in the Store contract (issue 21), on every backend: an article's image is kept by
 * every way of writing (one article, a batch, a bulk load), given back by get() and on every
 * reference (search, latest, a story's reports, quotes), replaced by an update, and carried by
 * `newsbrief copy` to the other backend.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/articles/model.js';
import { copyStores } from '../src/store/copy.js';
import { openStores, type Stores } from '../src/store/open.js';
import { PG_MIGRATIONS } from '../src/store/postgres/migrations.js';
import type { ArticleRef, Store } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, type Backend, storeFixture } from './support/backends.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
const LIGHTHOUSE = 'https://img.coast.example/2025/lighthouse.jpg';
const PIER = 'https://cdn.coast.example/pier/wide.jpg';

const lighthouse = makeArticle({
  title: 'Saltmere lighthouse cottage opens as a museum',
  paragraphs: ["The keeper's cottage beside the Saltmere lighthouse opened to visitors on Sunday."],
  published: '2025-03-30T08:00:00Z',
  quotes: [{ text: 'We wanted people to see how the keepers lived', speaker: 'Mara Quint', paragraph: 0 }],
  image: LIGHTHOUSE,
});
const pier = makeArticle({
  title: 'Saltmere pier reopens to anglers',
  paragraphs: ['The Victorian pier at Saltmere reopened to anglers on Thursday.'],
  published: '2025-03-27T08:00:00Z',
  image: PIER,
});
const tides = makeArticle({
  title: 'Saltmere tide tables printed for the new season',
  paragraphs: ['The harbour office in Saltmere has printed its tide tables for the new season.'],
  published: '2025-03-20',
  quotes: [{ text: 'The printed tables are still the most trusted guide', speaker: 'Harbour master', paragraph: 0 }],
});

/** Each reference's image by title. */
const imagesOf = (refs: readonly ArticleRef[]) => Object.fromEntries(refs.map((ref) => [ref.title, ref.image]));
const EXPECTED = { [lighthouse.title]: LIGHTHOUSE, [pier.title]: PIER, [tides.title]: null };

/** What a reader gets back from the store for the three articles: get(), every reference, quotes. */
async function readBack(store: Store): Promise<void> {
  const got = await store.get([lighthouse.id, pier.id, tides.id]);
  expect(got.map((a) => a.image)).toEqual([LIGHTHOUSE, PIER, undefined]);
  expect(imagesOf(await store.latest({ limit: 10 }))).toEqual(EXPECTED);
  expect(imagesOf(await store.search({ groups: [['saltmere']] }, { limit: 10 }))).toEqual(EXPECTED);
  const stories = (await store.latest({ limit: 10 })).map((ref) => ref.story!);
  expect(imagesOf(await store.storyArticles(stories, { perStory: 5 }))).toEqual(EXPECTED);
  const quotes = await store.quotesOf([lighthouse.id, tides.id]);
  expect(quotes.map((q) => [q.speaker, q.article.image])).toEqual([
    ['Mara Quint', LIGHTHOUSE],
    ['Harbour master', null],
  ]);
}

/** Takes a closed database back to the schema before lead images: the column gone, its migration undone. */
async function beforeLeadImages(backend: Backend, location: string): Promise<void> {
  if (backend.name === 'sqlite') {
    const db = new Database(location);
    db.exec('ALTER TABLE articles DROP COLUMN image');
    db.pragma(`user_version = ${(db.pragma('user_version', { simple: true }) as number) - 1}`);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  await client.query('ALTER TABLE articles DROP COLUMN image');
  // The image migration and every later one are run again (found by what it does, not its number).
  const imageVersion = PG_MIGRATIONS.findIndex((sql) => sql.includes('ADD COLUMN image')) + 1;
  await client.query('DELETE FROM schema_migrations WHERE version >= $1', [imageVersion]);
  await client.end();
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`lead images in the Store on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => NOW });
    let stores: Stores;
    afterEach(() => fixture.cleanup());

    it('keeps the image of an article written alone, and gives it back everywhere; none is null on references', async () => {
      stores = await fixture.open();
      for (const article of [lighthouse, pier, tides]) expect(await stores.store.upsert(article)).toBe('added');
      await readBack(stores.store);
    });

    it('keeps it through a batch and through a bulk load', async () => {
      stores = await fixture.open();
      expect(await stores.store.upsertMany([lighthouse, tides])).toEqual(['added', 'added']);
      await stores.store.bulkLoad(() => stores.store.upsertMany([pier]));
      await readBack(stores.store);
    });

    it('replaces it when the article changes, and removes it when the new version has none', async () => {
      stores = await fixture.open();
      await stores.store.upsert(lighthouse);
      const moved: Article = { ...lighthouse, image: 'https://img.coast.example/2025/lighthouse-night.jpg', contentHash: 'second' };
      expect(await stores.store.upsert(moved)).toBe('updated');
      expect((await stores.store.latest({ limit: 1 }))[0]?.image).toBe(moved.image);
      const { image: _gone, ...bare } = { ...lighthouse, contentHash: 'third' };
      expect(await stores.store.upsert(bare)).toBe('updated');
      expect((await stores.store.get([lighthouse.id]))[0]?.image).toBeUndefined();
      expect((await stores.store.latest({ limit: 1 }))[0]?.image).toBeNull();
    });

    it('upgrades a database from before lead images: its articles have none until written again', async () => {
      stores = await fixture.open();
      await stores.store.upsert({ ...lighthouse, image: undefined });
      await stores.close();
      await beforeLeadImages(backend, fixture.location);
      stores = await fixture.reopen();
      expect((await stores.store.latest({ limit: 1 }))[0]).toMatchObject({ id: lighthouse.id, image: null });
      expect(await stores.store.upsert({ ...lighthouse, contentHash: 'now with its image' })).toBe('updated');
      expect((await stores.store.get([lighthouse.id]))[0]?.image).toBe(LIGHTHOUSE);
    });

    for (const target of BACKENDS) {
      it.skipIf(target.skipped !== null)(`copies it to ${target.name}`, async () => {
        stores = await fixture.open();
        await stores.store.upsertMany([lighthouse, pier, tides]);
        const records = [];
        for await (const batch of stores.store.exportAll(2)) if (batch.kind === 'articles') records.push(...batch.records);
        expect(Object.fromEntries(records.map((r) => [r.title, r.image]))).toEqual(EXPECTED);
        const into = await target.create();
        try {
          await copyStores(fixture.location, into.location);
          const copy = await openStores(into.location, { now: () => NOW });
          try {
            await readBack(copy.store);
          } finally {
            await copy.close();
          }
        } finally {
          await into.drop();
        }
      });
    }
  });
}
