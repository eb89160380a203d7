import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore, toFtsQuery } from '../src/store/sqlite.js';
import { expandTopic } from '../src/news/topics.js';
import { makeArticle } from './support/articles.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
let store: SqliteStore;

function openStore(path = ':memory:'): SqliteStore {
  store = new SqliteStore(path, { now: () => NOW, recencyHalfLifeDays: 30 });
  return store;
}

afterEach(async () => {
  await store?.close();
});

describe('SqliteStore', () => {
  it('creates the schema through versioned migrations and reopens without re-running them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-store-')), 'x.db');
    openStore(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    await store.upsert(makeArticle({ title: 'Kept', paragraphs: ['Still here after reopening.'] }));
    await store.close();
    openStore(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(await store.count()).toBe(1);
  });

  it('refuses a database made by a newer schema instead of corrupting it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-store-')), 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/newer than this newsbrief/);
  });

  it('reports added, then unchanged for the same content, then updated in place for new content', async () => {
    openStore();
    const first = makeArticle({ title: 'Budget vote delayed', paragraphs: ['The vote on the budget was postponed.'], origin: 'f.txt' });
    expect(await store.upsert(first)).toBe('added');
    expect(await store.upsert(first)).toBe('unchanged');
    const changed = { ...first, paragraphs: ['The budget vote now takes place on Friday.'], contentHash: 'other' };
    expect(await store.upsert(changed)).toBe('updated');
    expect(await store.count()).toBe(1);
    const [stored] = await store.get([first.id]);
    expect(stored?.paragraphs).toEqual(['The budget vote now takes place on Friday.']);
    // The full-text index follows the update: the old wording is gone, the new one is found.
    expect(await store.search({ groups: [['postponed']] }, { limit: 5 })).toEqual([]);
    expect((await store.search({ groups: [['friday']] }, { limit: 5 })).map((a) => a.id)).toEqual([first.id]);
  });

  it('replaces an updated article\'s quotes instead of adding to them', async () => {
    openStore();
    const a = makeArticle({ title: 'Q', paragraphs: ['p'], quotes: [{ text: 'one two three four', speaker: 'Ann Lee', paragraph: 0 }] });
    await store.upsert(a);
    await store.upsert({ ...a, contentHash: 'v2', quotes: [{ text: 'five six seven eight', speaker: 'Bo Chan', paragraph: 0 }] });
    expect((await store.quotesOf([a.id])).map((q) => q.text)).toEqual(['five six seven eight']);
  });

  it('writes an article and its quotes in one transaction: a failure leaves nothing behind', async () => {
    openStore();
    const broken = makeArticle({
      title: 'Half written',
      paragraphs: ['This must not be stored alone.'],
      quotes: [{ text: null as unknown as string, speaker: null, paragraph: 0 }],
    });
    await expect(store.upsert(broken)).rejects.toThrow();
    expect(await store.count()).toBe(0);
    expect(await store.search({ groups: [['stored']] }, { limit: 5 })).toEqual([]);
  });

  it('ranks by relevance blended with recency: of two equal matches the newer comes first', async () => {
    openStore();
    const old = makeArticle({ title: 'Harbor report', paragraphs: ['The harbor reopened.'], published: '2024-01-01' });
    const fresh = makeArticle({ title: 'Harbor update', paragraphs: ['The harbor reopened.'], published: '2025-04-01' });
    await store.upsert(old);
    await store.upsert(fresh);
    const found = await store.search({ groups: [['harbor']] }, { limit: 5 });
    expect(found.map((a) => a.id)).toEqual([fresh.id, old.id]);
  });

  it('ranks a title match above a passing mention of the same age', async () => {
    openStore();
    const mention = makeArticle({ title: 'Weekly roundup', paragraphs: ['Among other things, Iran was mentioned once in a long list of countries and topics.'] });
    const about = makeArticle({ title: 'Iran talks resume', paragraphs: ['Negotiators met again.'] });
    await store.upsert(mention);
    await store.upsert(about);
    const found = await store.search(expandTopic('iran'), { limit: 5 });
    expect(found[0]?.id).toBe(about.id);
  });

  it('finds an article that only says "Iranian" or "Tehran" when asked about iran', async () => {
    openStore();
    const demonym = makeArticle({ title: 'Exports steady', paragraphs: ['Iranian crude exports held steady.'] });
    const capital = makeArticle({ title: 'Metro opens', paragraphs: ['Riders in Tehran tried the new line.'] });
    const other = makeArticle({ title: 'Bike lanes', paragraphs: ['The council approved bike lanes.'] });
    for (const a of [demonym, capital, other]) await store.upsert(a);
    const ids = (await store.search(expandTopic('iran'), { limit: 10 })).map((a) => a.id);
    expect(ids.sort()).toEqual([demonym.id, capital.id].sort());
  });

  it('lists the latest articles newest first and pages through them', async () => {
    openStore();
    const dates = ['2025-03-01', '2025-03-03', '2025-03-02'];
    for (const d of dates) await store.upsert(makeArticle({ title: `News of ${d}`, paragraphs: ['x'], published: d }));
    expect((await store.latest({ limit: 2 })).map((a) => a.published)).toEqual(['2025-03-03', '2025-03-02']);
    expect((await store.latest({ limit: 2, offset: 2 })).map((a) => a.published)).toEqual(['2025-03-01']);
  });

  it('treats search text as words, never as FTS syntax', async () => {
    openStore();
    await store.upsert(makeArticle({ title: 'Drop', paragraphs: ['A drop in prices.'] }));
    expect(toFtsQuery({ groups: [['"; DROP TABLE articles; --']] })).toBe('"drop table articles"');
    expect(toFtsQuery({ groups: [['NEAR(', 'a*b']] })).toBe('("near" OR "a b")');
    expect(toFtsQuery({ groups: [['!!!']] })).toBeNull();
    await expect(store.search({ groups: [['AND OR NOT']] }, { limit: 5 })).resolves.toEqual([]);
  });

  it('returns quotes with their article, in the order the articles were asked for', async () => {
    openStore();
    const a = makeArticle({ title: 'A', paragraphs: ['a'], quotes: [{ text: 'first quote words here', speaker: 'Ann Lee', paragraph: 0 }] });
    const b = makeArticle({ title: 'B', paragraphs: ['b'], quotes: [{ text: 'second quote words here', speaker: null, paragraph: 0 }] });
    await store.upsert(a);
    await store.upsert(b);
    const quotes = await store.quotesOf([b.id, a.id]);
    expect(quotes.map((q) => [q.text, q.article.title])).toEqual([
      ['second quote words here', 'B'],
      ['first quote words here', 'A'],
    ]);
  });

  it('suggests topics the index holds by prefix, the most covered first, and forgets them with their articles', async () => {
    openStore();
    const a = makeArticle({ title: 'A', paragraphs: ['a'], entities: ['Iran', 'Masoud Pezeshkian'] });
    const b = makeArticle({ title: 'B', paragraphs: ['b'], entities: ['Iran', 'Iraq'] });
    await store.upsert(a);
    await store.upsert(b);
    expect(await store.suggestTopics('ir', 10)).toEqual(['Iran', 'Iraq']);
    expect(await store.suggestTopics('pez', 10)).toEqual(['Masoud Pezeshkian']);
    expect(await store.suggestTopics('', 1)).toEqual(['Iran']);
    expect(await store.suggestTopics('%', 10)).toHaveLength(3);
    await store.upsert({ ...b, contentHash: 'v2', entities: ['Oman'] });
    expect(await store.suggestTopics('ir', 10)).toEqual(['Iran']);
    expect(await store.suggestTopics('om', 10)).toEqual(['Oman']);
  });

  it("suggests to a guild only names from articles it can see, never from another guild's private feed", async () => {
    openStore();
    await store.upsert(makeArticle({ title: 'Wire', paragraphs: ['w'], entities: ['Iran'] }));
    await store.upsert(makeArticle({ title: 'Theirs', paragraphs: ['t'], entities: ['Irma Secretname', 'Iran'] }), { guildId: 'g1' });
    await store.upsert(makeArticle({ title: 'Ours', paragraphs: ['o'], entities: ['Iranian Navy'] }), { guildId: 'g2' });
    expect(await store.suggestTopics('ir', 10, 'g2')).toEqual(['Iran', 'Iranian Navy']);
    expect(await store.suggestTopics('', 10, null)).toEqual(['Iran']);
    expect(await store.suggestTopics('ir', 10, 'g1')).toEqual(['Iran', 'Irma Secretname']);
    expect(await store.suggestTopics('ir', 10)).toEqual(['Iran', 'Iranian Navy', 'Irma Secretname']);
  });
});
