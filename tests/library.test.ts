import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prune, removeFolder, removeVanished } from '../src/news/library.js';
import { expandTopic } from '../src/news/topics.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { makeArticle } from './support/articles.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
let store: SqliteStore;

afterEach(async () => {
  await store?.close();
});

function openStore(): SqliteStore {
  store = new SqliteStore(':memory:', { now: () => NOW });
  return store;
}

const harbour = makeArticle({
  title: 'Harbour pilots strike over night shifts',
  paragraphs: [
    'Harbour pilots walked out on Monday.',
    '"We will not sail at night without a second pilot," said Mara Quill, the union secretary.',
  ],
  quotes: [{ text: 'We will not sail at night without a second pilot', speaker: 'Mara Quill', paragraph: 1 }],
  entities: ['Mara Quill'],
  published: '2025-03-01',
});
const tramway = makeArticle({
  title: 'Tramway extension opens to the airport',
  paragraphs: ['The tramway now reaches the airport after four years of works.'],
  entities: ['Airport Line'],
  published: '2025-03-31',
});

describe('removing articles from an index', () => {
  it('removes an article with its quotes, names and search entry, and leaves the others', async () => {
    openStore();
    await store.upsertMany([harbour, tramway]);
    expect(await store.remove([harbour.id, 'no-such-id'])).toEqual([harbour.id]);
    expect(await store.count()).toBe(1);
    expect(await store.get([harbour.id])).toEqual([]);
    expect(await store.quotesOf([harbour.id])).toEqual([]);
    expect(await store.search(expandTopic('pilots'), { limit: 5 })).toEqual([]);
    expect(await store.suggestTopics('mara', 5)).toEqual([]);
    expect((await store.search(expandTopic('tramway'), { limit: 5 })).map((a) => a.id)).toEqual([tramway.id]);
    expect(await store.suggestTopics('airport', 5)).toEqual(['Airport Line']);
  });

  it('prunes articles published before the cut-off, and undated ones by when they were indexed', async () => {
    openStore();
    const undatedOld = {
      ...makeArticle({ title: 'Undated and old', paragraphs: ['No date on this page.'], ingestedAt: '2025-01-01T00:00:00.000Z' }),
      published: null,
    };
    const undatedNew = {
      ...makeArticle({ title: 'Undated but new', paragraphs: ['No date here either.'], ingestedAt: '2025-04-01T00:00:00.000Z' }),
      published: null,
    };
    await store.upsertMany([harbour, tramway, undatedOld, undatedNew]);
    expect(await prune(store, 10, new Date(NOW))).toBe(2);
    const left = (await store.latest({ limit: 10 })).map((a) => a.title).sort();
    expect(left).toEqual(['Tramway extension opens to the airport', 'Undated but new']);
  });
});

describe('the folder indexed on start', () => {
  it('removes the articles of files that are gone from it, and only those', async () => {
    openStore();
    const folder = mkdtempSync(join(tmpdir(), 'nb-lib-'));
    const root = realpathSync(folder);
    const kept = makeArticle({ title: 'Kept', paragraphs: ['Its file is still there.'], origin: join(root, 'kept.txt') });
    const gone = makeArticle({ title: 'Gone', paragraphs: ['Its file was deleted.'], origin: join(root, 'gone.txt') });
    const elsewhere = makeArticle({ title: 'Elsewhere', paragraphs: ['From another folder.'], origin: `${root}-other/x.txt` });
    await store.upsertMany([kept, gone, elsewhere]);
    expect(await removeVanished(store, folder, new Set([kept.origin]))).toEqual([gone.id]);
    expect((await store.latest({ limit: 10 })).map((a) => a.title).sort()).toEqual(['Elsewhere', 'Kept']);
  });

  it('removes every article of a folder (the samples, from a database that is not the demo)', async () => {
    openStore();
    const folder = mkdtempSync(join(tmpdir(), 'nb-samples-'));
    mkdirSync(join(folder, 'sub'));
    writeFileSync(join(folder, 'sub', 'a.txt'), 'x');
    const root = realpathSync(folder);
    await store.upsertMany([
      makeArticle({ title: 'Sample', paragraphs: ['A fictional sample.'], origin: join(root, 'sub', 'a.txt') }),
      makeArticle({ title: 'Real', paragraphs: ['The operator’s own article.'], origin: '/srv/news/real.txt' }),
    ]);
    expect(await removeFolder(store, folder)).toBe(1);
    expect((await store.latest({ limit: 10 })).map((a) => a.title)).toEqual(['Real']);
  });
});
