import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { expandTopic } from '../src/news/topics.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore, timeKey, toFtsQuery, UNDATED_SORT_TS } from '../src/store/sqlite.js';
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

  it("replaces an updated article's quotes instead of adding to them", async () => {
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
    const mention = makeArticle({
      title: 'Weekly roundup',
      paragraphs: ['Among other things, Iran was mentioned once in a long list of countries and topics.'],
    });
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
    const a = makeArticle({
      title: 'A',
      paragraphs: ['a'],
      quotes: [{ text: 'first quote words here', speaker: 'Ann Lee', paragraph: 0 }],
    });
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

describe('undated articles in the store', () => {
  it('lists undated articles after every dated one in "latest", the latest written first', async () => {
    openStore();
    const older = makeArticle({ title: 'Ferry timetable', paragraphs: ['x'], published: '2023-05-01', origin: 'd:1' });
    const newer = makeArticle({ title: 'Ferry fares', paragraphs: ['x'], published: '2025-03-30T09:00:00Z', origin: 'd:2' });
    // Ingested after the dated ones, later than their dates: before, they counted as published now.
    const first = makeArticle({
      title: 'Undated page one',
      paragraphs: ['x'],
      published: null,
      origin: 'u:1',
      ingestedAt: '2025-04-01T10:00:00.000Z',
    });
    const second = makeArticle({
      title: 'Undated page two',
      paragraphs: ['x'],
      published: null,
      origin: 'u:2',
      ingestedAt: '2025-04-01T11:00:00.000Z',
    });
    for (const a of [older, first, newer, second]) await store.upsert(a);
    const latest = await store.latest({ limit: 10 });
    expect(latest.map((a) => a.id)).toEqual([newer.id, older.id, second.id, first.id]);
    expect(latest.map((a) => a.published)).toEqual(['2025-03-30T09:00:00Z', '2023-05-01', null, null]);
  });

  it('keeps undated articles ingested since a time in a "since" window, and those ingested before out of it', async () => {
    openStore();
    const since = '2025-04-01T00:00:00.000Z';
    const fresh = makeArticle({
      title: 'Ferry strike news',
      paragraphs: ['The ferry strike goes on.'],
      published: null,
      origin: 'u:new',
      ingestedAt: '2025-04-01T08:00:00.000Z',
    });
    const stale = makeArticle({
      title: 'Ferry strike archive',
      paragraphs: ['The ferry strike began.'],
      published: null,
      origin: 'u:old',
      ingestedAt: '2025-03-01T08:00:00.000Z',
    });
    const dated = makeArticle({
      title: 'Ferry strike talks',
      paragraphs: ['Ferry strike talks resume.'],
      published: '2025-04-01T06:00:00Z',
      origin: 'd:new',
    });
    for (const a of [fresh, stale, dated]) await store.upsert(a);
    expect((await store.latest({ limit: 10, since })).map((a) => a.id)).toEqual([dated.id, fresh.id]);
    expect((await store.search({ groups: [['ferry strike']] }, { limit: 10, since })).map((a) => a.id)).toEqual([dated.id, fresh.id]);
    const all = (await store.search({ groups: [['ferry strike']] }, { limit: 10 })).map((a) => a.id);
    expect(all[0]).toBe(dated.id);
    expect(all.slice(1).sort()).toEqual([fresh.id, stale.id].sort());
  });

  it('gives back where each date came from, and no date or origin for an undated article', async () => {
    openStore();
    const dated = makeArticle({ title: 'Dated', paragraphs: ['x'], published: '2025-03-30', publishedFrom: 'url', origin: 'd' });
    const undated = makeArticle({ title: 'Undated', paragraphs: ['x'], published: null, origin: 'u' });
    await store.upsertMany([dated, undated]);
    const [a, b] = await store.get([dated.id, undated.id]);
    expect([a?.published, a?.publishedFrom]).toEqual(['2025-03-30', 'url']);
    expect([b?.published, b?.publishedFrom]).toEqual([null, null]);
  });

  it('migrates a version 8 database: untrusted dates dropped, undated articles moved to the bottom keys, the index following', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-store-')), 'v8.db');
    const db = new Database(path);
    MIGRATIONS.slice(0, 8).forEach((sql, i) => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    });
    const ingested = '2025-04-01T00:00:00.000Z';
    // What the version 8 store wrote: sort_ts from the date, else the ingestion time; keys of that second.
    const rows: [string, string | null, number][] = [
      ['dated', '2025-03-30', Date.parse('2025-03-30')],
      ['none', null, Date.parse(ingested)],
      ['placeholder', '0001-01-01', -62135596800000],
      ['eighties', '1985-06-01', Date.parse('1985-06-01')],
      ['next-year', '2026-04-01', Date.parse('2026-04-01')],
    ];
    const insert = db.prepare(
      `INSERT INTO articles (id, origin, title, published, sort_ts, time_key, body, content_hash, ingested_at)
       VALUES (?, ?, ?, ?, ?, ?, 'The ferry sails.', 'h', ?)`,
    );
    const index = db.prepare(`INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, 'The ferry sails.')`);
    const entity = db.prepare(`INSERT INTO article_entities (article_rowid, name, sort_ts) VALUES (?, ?, ?)`);
    rows.forEach(([id, published, sortTs], i) => {
      const key = Math.trunc(Math.max(-8e12, sortTs) / 1000) * 1048576 + i;
      const rowid = Number(insert.run(id, `o:${id}`, `Ferry ${id}`, published, sortTs, key, ingested).lastInsertRowid);
      index.run(key, `Ferry ${id}`);
      entity.run(rowid, `Name ${id}`, sortTs);
      db.prepare(`INSERT INTO entity_stats (name, articles, last_ts) VALUES (?, 1, ?)`).run(`Name ${id}`, sortTs);
    });
    db.close();

    openStore(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    const stored = store.database
      .prepare('SELECT id, published, published_from, sort_ts, time_key FROM articles ORDER BY time_key')
      .all() as {
      id: string;
      published: string | null;
      published_from: string | null;
      sort_ts: number;
      time_key: number;
    }[];
    // Re-keyed in row order, above any key already in the bottom second; the dated article keeps its key.
    expect(stored.map((r) => r.id)).toEqual(['none', 'placeholder', 'eighties', 'next-year', 'dated']);
    expect(stored.slice(0, 4).every((r) => r.published === null && r.sort_ts === UNDATED_SORT_TS)).toBe(true);
    expect(stored.slice(0, 4).every((r) => r.time_key >= timeKey(UNDATED_SORT_TS) && r.time_key < timeKey(UNDATED_SORT_TS) + 1048576)).toBe(
      true,
    );
    expect(stored[4]).toMatchObject({ published: '2025-03-30', published_from: null, sort_ts: Date.parse('2025-03-30') });
    // The update trigger moved each entry: the index holds exactly the new keys, and passes FTS5's own check.
    const indexed = store.database.prepare(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'ferry' ORDER BY rowid`).all() as {
      rowid: number;
    }[];
    expect(indexed.map((r) => r.rowid)).toEqual(stored.map((r) => r.time_key));
    store.database.exec(`INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')`);
    expect((await store.latest({ limit: 10 })).map((a) => a.id)).toEqual(['dated', 'next-year', 'eighties', 'placeholder', 'none']);
    expect((await store.search({ groups: [['ferry']] }, { limit: 10 }))[0]?.id).toBe('dated');
    const lastTs = store.database.prepare(`SELECT last_ts FROM entity_stats WHERE name = 'Name none'`).pluck().get();
    expect(lastTs).toBe(UNDATED_SORT_TS);
    // A new undated article takes the next bottom key.
    await store.upsert(makeArticle({ title: 'Ferry again', paragraphs: ['The ferry sails.'], published: null, origin: 'o:new' }));
    const keys = store.database.prepare('SELECT time_key FROM articles ORDER BY time_key').pluck().all() as number[];
    expect(new Set(keys).size).toBe(6);
    expect(keys[4]).toBe(stored[3]!.time_key + 1);
  });
});
