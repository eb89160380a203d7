import { closeSync, copyFileSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/articles/model.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore, timeKey } from '../src/store/sqlite.js';
import type { SearchOptions, TopicQuery } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
const DAY = 86_400_000;
const opened: SqliteStore[] = [];

function open(path: string, newestFirst = true): SqliteStore {
  const store = new SqliteStore(path, { now: () => NOW, recencyHalfLifeDays: 30, newestFirst });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function tempDb(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'nb-rank-')), name);
}

/** A deterministic pseudo-random source, so a failure replays. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const FILLER = ['market', 'river', 'council', 'report', 'season', 'plan', 'vote', 'harbour', 'school', 'budget'];

/**
 * 3,000 articles: "alpha" in about half, "beta" in a fifth, the phrase "gamma delta" in a tenth;
 * dates spread over 400 days, 300 undated ones ingested at the same instant (a bulk import), a few
 * dated in the future, and some only one guild may see.
 */
async function fill(store: SqliteStore): Promise<void> {
  const rand = seeded(7);
  const articles: { article: Article; guildId: string | null }[] = [];
  for (let i = 0; i < 3000; i++) {
    const words = (n: number) => Array.from({ length: n }, () => FILLER[Math.floor(rand() * FILLER.length)]).join(' ');
    const extra = [rand() < 0.5 ? 'alpha' : '', rand() < 0.2 ? 'beta' : '', rand() < 0.1 ? 'gamma delta' : ''].filter(Boolean);
    const inTitle = rand() < 0.3 ? extra.slice(0, 1) : [];
    const repeats = 1 + Math.floor(rand() * 4);
    const undated = i % 10 === 3;
    const future = i % 500 === 7;
    const published = undated ? null : new Date(NOW + (future ? 3 : -400 * rand()) * DAY).toISOString();
    articles.push({
      article: makeArticle({
        title: `${words(4)} ${inTitle.join(' ')} ${i}`,
        paragraphs: [`${words(20)} ${extra.join(' ')}.`, `${words(30)} ${Array(repeats).fill(extra.join(' ')).join(' ')}.`],
        origin: `rank:${i}`,
        published,
        ingestedAt: new Date(NOW).toISOString(),
      }),
      guildId: i % 7 === 0 ? 'g1' : null,
    });
  }
  for (let i = 0; i < articles.length; i += 500) {
    const batch = articles.slice(i, i + 500);
    await store.upsertMany(
      batch.map((b) => b.article),
      (a) => ({ guildId: batch.find((b) => b.article === a)!.guildId }),
    );
  }
}

describe('newest-first search', () => {
  it('gives the same rows in the same order as ranking every match, and takes the shortcut', async () => {
    const path = tempDb('rank.db');
    const fast = open(path);
    await fill(fast);
    const full = open(path, false);
    const queries: TopicQuery[] = [
      { groups: [['alpha']] },
      { groups: [['alpha', 'beta']] },
      { groups: [['alpha'], ['beta']] },
      { groups: [['gamma delta', 'beta', 'alpha']] },
      // A phrase in two groups counts twice in bm25, and so in the bound.
      { groups: [['alpha'], ['alpha', 'beta']] },
    ];
    const options: SearchOptions[] = [
      { limit: 11 },
      { limit: 12 },
      { limit: 30 },
      { limit: 11, offset: 10 },
      { limit: 10, since: new Date(NOW - 3 * DAY).toISOString() },
      { limit: 10, guildId: null },
      { limit: 10, guildId: 'g1' },
    ];
    let compared = 0;
    for (const query of queries) {
      for (const option of options) {
        const expected = await full.search(query, option);
        const got = await fast.search(query, option);
        expect(
          got.map((a) => a.id),
          JSON.stringify({ query, option }),
        ).toEqual(expected.map((a) => a.id));
        if (expected.length > 0) compared++;
      }
    }
    expect(compared).toBe(queries.length * options.length);
    // The shortcut really ran (and was checked), not only the full query.
    expect(fast.searchStats.newestFirst).toBeGreaterThan(queries.length * 3);
    expect(full.searchStats.newestFirst).toBe(0);
  });

  it('finds an older article that outscores the newest matches, also when a phrase is in two groups', async () => {
    const path = tempDb('strong.db');
    const fast = open(path);
    const articles: Article[] = [];
    for (let i = 0; i < 1600; i++) {
      const published = new Date(NOW - (i / 1600) * 5 * DAY).toISOString();
      articles.push(
        makeArticle({
          title: `Weekly notes ${i}`,
          paragraphs: [`The council met and beta came up once. Item ${i}.`],
          published,
          origin: `w:${i}`,
        }),
      );
    }
    for (let i = 0; i < 2000; i++) {
      articles.push(
        makeArticle({
          title: `Filler ${i}`,
          paragraphs: [`Nothing of note happened at the harbour ${i}.`],
          published: '2025-01-01',
          origin: `f:${i}`,
        }),
      );
    }
    const strong = makeArticle({
      title: 'Beta beta',
      paragraphs: ['Beta beta beta, and beta again.'],
      published: new Date(NOW - 10 * DAY).toISOString(),
      origin: 's',
    });
    await fast.upsertMany([...articles, strong]);
    const full = open(path, false);
    for (const query of [{ groups: [['beta']] }, { groups: [['beta'], ['beta']] }]) {
      const expected = await full.search(query, { limit: 11 });
      expect(expected[0]?.id).toBe(strong.id);
      expect((await fast.search(query, { limit: 11 })).map((a) => a.id)).toEqual(expected.map((a) => a.id));
    }
    expect(fast.searchStats.newestFirst).toBe(2);
  });
});

describe('undated articles in ranking', () => {
  it('gives an undated article no recency: an equally relevant dated one, even months old, ranks above it', async () => {
    const path = tempDb('undated.db');
    const fast = open(path);
    const text = ['The lighthouse keeper retired after forty years at the lighthouse.'];
    const dated = makeArticle({
      title: 'Lighthouse keeper retires',
      paragraphs: text,
      published: new Date(NOW - 200 * DAY).toISOString(),
      origin: 'l:dated',
    });
    // Ingested just now: before, an undated page counted as published at ingestion and came first.
    const undated = makeArticle({
      title: 'Lighthouse keeper retires',
      paragraphs: text,
      published: null,
      origin: 'l:undated',
      ingestedAt: new Date(NOW).toISOString(),
    });
    // Enough other matches that the newest-first shortcut runs, not only the full query.
    const others = Array.from({ length: 1600 }, (_, i) =>
      makeArticle({
        title: `Coast notes ${i}`,
        paragraphs: [`A lighthouse was mentioned in passing, with many other words about the coast road ${i}.`],
        published: new Date(NOW - (300 + i / 10) * DAY).toISOString(),
        origin: `l:${i}`,
      }),
    );
    await fast.upsertMany([undated, ...others, dated]);
    const full = open(path, false);
    const query = { groups: [['lighthouse keeper']] };
    expect((await full.search(query, { limit: 5 })).map((a) => a.id)).toEqual([dated.id, undated.id]);
    const broad = { groups: [['lighthouse']] };
    const expected = (await full.search(broad, { limit: 11 })).map((a) => a.id);
    expect(expected[0]).toBe(dated.id);
    expect(expected).not.toContain(undated.id);
    expect((await fast.search(broad, { limit: 11 })).map((a) => a.id)).toEqual(expected);
    expect(fast.searchStats.newestFirst).toBe(1);
  });
});

describe('time keys', () => {
  function keysOf(store: SqliteStore): { id: string; sort_ts: number; time_key: number }[] {
    return store.database.prepare('SELECT id, sort_ts, time_key FROM articles ORDER BY time_key').all() as {
      id: string;
      sort_ts: number;
      time_key: number;
    }[];
  }

  it('gives articles of the same second their own keys, and moves an article whose date changes', async () => {
    const store = open(':memory:');
    const same = '2025-03-01T10:00:00Z';
    const a = makeArticle({ title: 'Harbour one', paragraphs: ['The harbour opened.'], published: same, origin: 'k:1' });
    const b = makeArticle({ title: 'Harbour two', paragraphs: ['The harbour closed.'], published: same, origin: 'k:2' });
    const c = makeArticle({ title: 'Harbour three', paragraphs: ['The harbour flooded.'], published: '2025-02-01', origin: 'k:3' });
    await store.upsertMany([a, b, c]);
    const before = keysOf(store);
    expect(new Set(before.map((k) => k.time_key)).size).toBe(3);
    expect(before.map((k) => k.id)).toEqual([c.id, a.id, b.id]);
    expect(before[1]!.time_key).toBe(timeKey(Date.parse(same)));

    // c is re-published later: its key follows, and the index holds it once, under the new key.
    await store.upsert({ ...c, published: '2025-03-20', contentHash: 'changed' });
    const after = keysOf(store);
    expect(after.map((k) => k.id)).toEqual([a.id, b.id, c.id]);
    expect(after[2]!.time_key).toBe(timeKey(Date.parse('2025-03-20')));
    const indexed = store.database.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'harbour' ORDER BY rowid").all() as {
      rowid: number;
    }[];
    expect(indexed.map((r) => r.rowid)).toEqual(after.map((k) => k.time_key));
    expect((await store.search({ groups: [['flooded']] }, { limit: 5 })).map((r) => r.id)).toEqual([c.id]);
  });

  it('keeps keys safe integers and ordered for dates far in the past or future', () => {
    expect(timeKey(Date.parse('1900-01-01'))).toBeLessThan(timeKey(0));
    expect(timeKey(0)).toBeLessThan(timeKey(Date.parse('2030-01-01')));
    expect(Number.isSafeInteger(timeKey(8.64e15))).toBe(true);
    expect(Number.isSafeInteger(timeKey(-8.64e15))).toBe(true);
  });

  it('migrates a version 5 database: keys filled in publication order and the index rebuilt under them', async () => {
    const path = tempDb('v5.db');
    const db = new Database(path);
    MIGRATIONS.slice(0, 5).forEach((sql, i) => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    });
    const insert = db.prepare(
      `INSERT INTO articles (id, origin, title, published, sort_ts, body, content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, 'h', '2025-04-01')`,
    );
    insert.run('new', 'o1', 'Ferry news', '2025-03-30', Date.parse('2025-03-30'), 'The ferry sails again.');
    insert.run('old', 'o2', 'Ferry history', '2024-01-01', Date.parse('2024-01-01'), 'The ferry first sailed.');
    insert.run('twin', 'o3', 'Ferry twin', '2025-03-30', Date.parse('2025-03-30'), 'A second ferry story.');
    db.close();

    const store = open(path);
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(keysOf(store).map((k) => k.id)).toEqual(['old', 'new', 'twin']);
    expect((await store.search({ groups: [['ferry']] }, { limit: 5 })).map((r) => r.id).sort()).toEqual(['new', 'old', 'twin']);
    // Writing after the migration continues the keys of that second.
    await store.upsert(makeArticle({ title: 'Ferry third', paragraphs: ['Another ferry.'], published: '2025-03-30', origin: 'o4' }));
    expect(
      keysOf(store)
        .map((k) => k.id)
        .slice(0, 3),
    ).toEqual(['old', 'new', 'twin']);
    expect(new Set(keysOf(store).map((k) => k.time_key)).size).toBe(4);
  });

  it("reports a batch's outcomes in the order given, and a repeated id keeps its order", async () => {
    const store = open(':memory:');
    const newer = makeArticle({ title: 'Tram newer', paragraphs: ['The tram runs late.'], published: '2025-03-30', origin: 'b:1' });
    const older = makeArticle({ title: 'Tram older', paragraphs: ['The tram ran early.'], published: '2025-01-30', origin: 'b:2' });
    await store.upsert(older);
    expect(await store.upsertMany([newer, older])).toEqual(['added', 'unchanged']);
    // The same id twice in one batch, the later copy dated earlier: written in the order given, it wins.
    const first = makeArticle({ title: 'Bridge', paragraphs: ['The bridge opens in May.'], published: '2025-03-01', origin: 'b:3' });
    const second = { ...first, paragraphs: ['The bridge opens in June.'], published: '2025-02-01', contentHash: 'second' };
    expect(await store.upsertMany([first, second])).toEqual(['added', 'updated']);
    const [stored] = await store.get([first.id]);
    expect(stored?.paragraphs).toEqual(['The bridge opens in June.']);
  });

  it('indexes and counts the names of new articles with the write that stores them, also when the same batch updates them', async () => {
    const store = open(':memory:');
    const namesCounted = () => store.database.prepare(`SELECT name, articles, last_ts FROM entity_stats ORDER BY name`).all();
    // Each name's count is its articles now (last_ts is the latest ever seen, and the spelling the first).
    const countsOf = (sql: string) =>
      (store.database.prepare(sql).all() as { name: string; articles: number }[]).map((r) => `${r.name.toLowerCase()} ${r.articles}`);
    const checkIndex = () => {
      store.database.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`);
      expect(countsOf(`SELECT name, articles FROM entity_stats ORDER BY name COLLATE NOCASE`)).toEqual(
        countsOf(`SELECT min(name) AS name, count(*) AS articles FROM article_entities GROUP BY name COLLATE NOCASE ORDER BY 1`),
      );
    };
    const ferry = makeArticle({
      title: 'Ferry',
      paragraphs: ['The ferry sails at noon.'],
      published: '2025-03-02',
      origin: 'f:1',
      entities: ['Dover', 'Calais', 'Dover'],
    });
    const canal = makeArticle({
      title: 'Canal',
      paragraphs: ['The canal lock opens.'],
      published: '2025-03-01',
      origin: 'f:2',
      entities: ['Calais', 'DOVER'],
    });
    // The ferry is added, then replaced (new words, new date, a name fewer) later in the same batch.
    const ferryLater = {
      ...ferry,
      paragraphs: ['The ferry now sails at dusk.'],
      published: '2025-02-01',
      contentHash: 'v2',
      entities: ['Calais'],
    };
    expect(await store.upsertMany([ferry, canal, ferryLater])).toEqual(['added', 'added', 'updated']);
    checkIndex();
    expect(namesCounted()).toEqual([
      { name: 'Calais', articles: 2, last_ts: Date.parse('2025-03-02') },
      { name: 'Dover', articles: 1, last_ts: Date.parse('2025-03-02') },
    ]);
    await store.upsert(makeArticle({ title: 'Tram', paragraphs: ['The tram sails past the ferry.'], origin: 'f:3' }));
    await store.upsert({ ...canal, paragraphs: ['The canal lock stays shut.'], contentHash: 'v2' });
    checkIndex();
    const ids = async (...words: string[]) =>
      (await store.search({ groups: words.map((w) => [w]) }, { limit: 10 })).map((r) => r.id).sort();
    expect(await ids('dusk')).toEqual([ferry.id]);
    expect(await ids('noon')).toEqual([]);
    expect(await ids('sails')).toHaveLength(2);
    expect(await ids('shut')).toEqual([canal.id]);
    expect(await ids('opens')).toEqual([]);
  });

  it('bulk loads with merging off, then turns it back on; a load that died is repaired on open', async () => {
    const path = tempDb('bulk.db');
    const store = open(path);
    const merging = (db = store.database) =>
      (
        db.prepare(`SELECT k, v FROM articles_fts_config WHERE k IN ('automerge', 'crisismerge', 'hashsize') ORDER BY k`).all() as {
          k: string;
          v: number;
        }[]
      )
        .map((row) => `${row.k} ${row.v}`)
        .join(', ');
    const seen: string[] = [];
    const article = (i: number) => makeArticle({ title: `Canal ${i}`, paragraphs: [`The canal lock ${i} reopened.`], origin: `c:${i}` });
    await store.bulkLoad(async () => {
      await store.upsertMany(Array.from({ length: 300 }, (_, i) => article(i)));
      seen.push(merging(), String(store.database.pragma('wal_autocheckpoint', { simple: true })));
      await store.upsertMany(Array.from({ length: 300 }, (_, i) => article(300 + i)));
    });
    expect(seen).toEqual(['automerge 0, crisismerge 2000, hashsize 16777216', '20000']);
    expect(merging()).toBe('automerge 4, crisismerge 16, hashsize 1048576');
    expect(store.database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(await store.search({ groups: [['canal']] }, { limit: 1000 })).toHaveLength(600);
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    store.database.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`);

    // A process killed inside a bulk load leaves merging off; the next open turns it on.
    store.database.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 0)`);
    store.database.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('crisismerge', 2000)`);
    await store.close();
    const reopened = open(path);
    expect(merging(reopened.database)).toBe('automerge 4, crisismerge 16, hashsize 1048576');
  });

  it('writes a first load without syncing, noted in the database until all of it is on disk; later loads sync', async () => {
    const path = tempDb('first.db');
    const store = open(path);
    const article = (i: number) => makeArticle({ title: `Tram ${i}`, paragraphs: [`Tram line ${i} opened.`], origin: `t:${i}` });
    // The load's note in store_state, when it writes unsynced (see sqlite-loads.ts).
    const note = () =>
      store.database.prepare(`SELECT count(*) AS n FROM store_state WHERE key LIKE 'bulk_load:%' AND value ->> 'unsynced'`).pluck().get();
    const during: unknown[] = [];
    await store.bulkLoad(async () => {
      await store.upsertMany(Array.from({ length: 50 }, (_, i) => article(i)));
      during.push(store.database.pragma('synchronous', { simple: true }), note());
    });
    expect(during).toEqual([0, 1]); // OFF, and noted
    expect([store.database.pragma('synchronous', { simple: true }), note()]).toEqual([1, 0]); // NORMAL, note gone
    // Everything the load wrote is in the database file itself (and was synced there), not only in the WAL.
    const fileOnly = tempDb('first-file-only.db');
    copyFileSync(path, fileOnly);
    const copy = new Database(fileOnly, { readonly: true });
    expect(copy.prepare(`SELECT count(*) FROM articles`).pluck().get()).toBe(50);
    copy.close();
    // The store now holds articles: a second load has something to lose, so it syncs as usual.
    const again: unknown[] = [];
    await store.bulkLoad(async () => {
      await store.upsertMany(Array.from({ length: 50 }, (_, i) => article(50 + i)));
      again.push(store.database.pragma('synchronous', { simple: true }), note());
    });
    expect(again).toEqual([1, 0]);
    expect(await store.count()).toBe(100);
  });

  it('checks a database whose first load never finished: kept when whole, refused with what to do when damaged', async () => {
    const path = tempDb('unfinished.db');
    const leaveNote = (s: SqliteStore) =>
      s.database.prepare(`INSERT INTO store_state (key, value) VALUES ('unsynced_load', '2025-04-01T00:00:00.000Z')`).run();
    const store = open(path);
    await store.upsertMany(
      Array.from({ length: 40 }, (_, i) =>
        makeArticle({
          title: `Pier ${i}`,
          paragraphs: [`Pier ${i} was repaired.`],
          origin: `p:${i}`,
          quotes: [{ text: `pier ${i} is safe again now`, speaker: 'Ann Lee', paragraph: 0 }],
        }),
      ),
    );
    leaveNote(store);
    await store.close();
    // Whole (the process died, the machine did not): the articles stay and the note goes.
    const whole = open(path);
    expect(await whole.count()).toBe(40);
    expect(whole.database.prepare(`SELECT count(*) FROM store_state`).pluck().get()).toBe(0);
    leaveNote(whole);
    const { root, pageSize } = {
      root: whole.database.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'quotes'`).pluck().get() as number,
      pageSize: whole.database.pragma('page_size', { simple: true }) as number,
    };
    await whole.close();
    // Damaged (the machine stopped while pages were only in its memory): a table's page is garbage.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    expect(() => open(path)).toThrow(
      /damaged during its first load \(started 2025-04-01T00:00:00.000Z\).*Delete it and load the articles again/,
    );
  });
});
