/**
 * What only the PostgreSQL store does: many processes at once (migrations, claiming due feeds),
 * read-only opens, and a URL's password kept out of every error.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import { StoreOpenError } from '../src/store/errors.js';
import { describeLocation, isPostgresLocation, openStores } from '../src/store/open.js';
import { PG_MIGRATIONS } from '../src/store/postgres/migrations.js';
import type { PostgresStore } from '../src/store/postgres/store.js';
import { FEED_CLAIM_LEASE_MS } from '../src/store/sql-rows.js';
import type { SearchOptions, TopicQuery } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const T0 = Date.parse('2025-04-02T08:00:00Z');
const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
const bridgeReport = (outlet: string) =>
  buildArticle({
    origin: `tests/fixtures/stories/bridge-${outlet}.txt`,
    format: 'text',
    content: readFileSync(`tests/fixtures/stories/bridge-${outlet}.txt`, 'utf8'),
  });

describe('choosing a backend by location', () => {
  it('reads postgres:// and postgresql:// URLs as PostgreSQL, anything else as a SQLite file', () => {
    expect(isPostgresLocation('postgres://u@h/db')).toBe(true);
    expect(isPostgresLocation(' PostgreSQL://u@h/db')).toBe(true);
    expect(isPostgresLocation('data/newsbrief.db')).toBe(false);
    expect(isPostgresLocation('/srv/postgres://x.db')).toBe(false);
  });

  it("never shows a URL's password", () => {
    expect(describeLocation('postgres://bot:s3cret@db.internal:5432/news')).toBe('postgres://***@db.internal:5432/news');
    expect(describeLocation('data/newsbrief.db')).toBe('data/newsbrief.db');
  });

  it('says which server it could not reach without the password', async () => {
    const error = await openStores('postgres://bot:s3cret-pw@127.0.0.1:1/news').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toContain('postgres://***@127.0.0.1:1/news');
    expect((error as Error).message).not.toContain('s3cret-pw');
  });
});

describe.skipIf(postgres.skipped !== null)('PostgreSQL store, several processes', () => {
  const fixture = storeFixture(postgres, { now: () => T0 });
  afterEach(() => fixture.cleanup());

  async function versions(location: string): Promise<number[]> {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    } finally {
      await client.end();
    }
  }

  it('migrates a new database once when three processes open it at the same moment', async () => {
    await fixture.open({ readonly: true }).catch(() => undefined); // creates the empty database only
    const opened = await Promise.all([fixture.reopen(), fixture.reopen(), fixture.reopen()]);
    expect(opened.map((s) => s.kind)).toEqual(['postgres', 'postgres', 'postgres']);
    expect(await versions(fixture.location)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses a database from a newer newsbrief, and an empty one when reading only', async () => {
    await fixture.open({ readonly: true }).catch((error: unknown) => expect(String(error)).toMatch(/not a newsbrief database/));
    const stores = await fixture.reopen();
    await stores.close();
    const client = new pg.Client({ connectionString: fixture.location });
    await client.connect();
    await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 3]);
    await client.end();
    await expect(fixture.reopen()).rejects.toThrow(/newer than this newsbrief/);
  });

  it('opened read-only, answers but writes nothing', async () => {
    const writer = await fixture.open();
    await writer.store.upsert(makeArticle({ title: 'Kept', paragraphs: ['Here.'] }));
    const reader = await fixture.reopen({ readonly: true });
    expect(await reader.store.count()).toBe(1);
    await reader.store.cachePut('k', 'v'); // a cache: quietly not kept
    expect(await reader.store.cacheGet('k')).toBeNull();
    await expect(reader.store.upsert(makeArticle({ title: 'New', paragraphs: ['No.'] }))).rejects.toThrow(/read-only/);
  });

  it('groups reports of one event written by two processes at the same moment into one story', async () => {
    const first = await fixture.open();
    const second = await fixture.reopen();
    const reports = ['courier', 'herald', 'gazette'].map(bridgeReport);
    const council = buildArticle({
      origin: 'tests/fixtures/stories/council-cycling.txt',
      format: 'text',
      content: readFileSync('tests/fixtures/stories/council-cycling.txt', 'utf8'),
    });
    await Promise.all([first.store.upsert(reports[0]!), second.store.upsert(reports[1]!), second.store.upsertMany([council, reports[2]!])]);
    const stories = (await first.store.latest({ limit: 10 })).filter((ref) => ref.id !== council.id).map((ref) => ref.story);
    expect(stories).toHaveLength(3);
    expect(new Set(stories).size).toBe(1);
  });

  it('answers from the newest matches exactly as ranking every match does, and reads only them when that proves it', async () => {
    const now = Date.parse('2025-04-02T00:00:00Z');
    const windowed = await fixture.open({ now: () => now, recencyHalfLifeDays: 30 });
    const full = await fixture.reopen({ now: () => now, recencyHalfLifeDays: 30, newestFirst: false });
    const words = ['harbor', 'ferry', 'storm', 'budget', 'council', 'bridge'];
    const articles = Array.from({ length: 240 }, (_, i) =>
      makeArticle({
        title: `${words[i % 6]} ${i % 4 === 0 ? words[(i + 1) % 6] : 'report'} number ${i}`,
        paragraphs: [`The ${words[(i * 7) % 6]} and the ${words[(i * 5) % 6]} were discussed ${i % 3 === 0 ? 'again and again' : 'once'}.`],
        origin: `w${i}`,
        published: i % 40 === 0 ? null : new Date(now - ((i * 37) % 240) * 4 * 86_400_000 - i * 1000).toISOString(),
      }),
    );
    await windowed.store.upsertMany(articles.filter((a) => !a.origin.endsWith('7')));
    await windowed.store.upsertMany(
      articles.filter((a) => a.origin.endsWith('7')),
      { guildId: 'g7' },
    );
    const queries: [TopicQuery, SearchOptions][] = [
      [{ groups: [['harbor']] }, { limit: 5 }],
      [{ groups: [['harbor', 'ferry']] }, { limit: 12, offset: 3 }],
      [{ groups: [['storm'], ['budget']] }, { limit: 8 }],
      [{ groups: [['bridge']] }, { limit: 10, since: '2024-06-01T00:00:00Z' }],
      [{ groups: [['council']] }, { limit: 6, guildId: 'g1' }],
      [{ groups: [['report']] }, { limit: 200 }],
    ];
    for (const [query, options] of queries) {
      expect(await windowed.store.search(query, options)).toEqual(await full.store.search(query, options));
    }
    expect((windowed.store as PostgresStore).searchStats.newestFirst).toBeGreaterThan(0);
  });

  it('ranks each match once, window by window, and still answers exactly as ranking every match, ties included', async () => {
    const now = Date.parse('2025-04-02T00:00:00Z');
    const windowed = await fixture.open({ now: () => now, recencyHalfLifeDays: 30 });
    const full = await fixture.reopen({ now: () => now, recencyHalfLifeDays: 30, newestFirst: false });
    // Every 3 hours for 50 days (the first window, 7.5 days, holds 60), pairs sharing a second; every
    // fifth a strong title, so older articles beat the newest ones and wider slices are ranked.
    const articles = Array.from({ length: 400 }, (_, i) =>
      makeArticle({
        title: i % 5 === 0 ? `Harbor harbor ferry ${i}` : `Report ${i}`,
        paragraphs: [`${'The harbor was busy. '.repeat((i % 7) + 1)}Item ${i}.`, i % 3 === 0 ? 'The ferry ran late.' : 'Nothing else.'],
        origin: `s${i}`,
        published: new Date(now - Math.floor(i / 2) * 3 * 3_600_000).toISOString(),
      }),
    );
    // Twins: the same score at the same second, told apart by the later written only.
    const twins = [0, 1, 2, 3, 4, 5].flatMap((j) =>
      ['north', 'south'].map((side) =>
        makeArticle({
          title: `Harbor harbor ferry ${side} ${j}`,
          paragraphs: [side === 'north' ? `Weather was calm on day ${j}.` : `Traffic was light, said the clerk of ${j}.`],
          origin: `t${j}${side}`,
          published: new Date(now - j * 5 * 86_400_000 - 7000).toISOString(),
        }),
      ),
    );
    await windowed.store.upsertMany([...articles, ...twins]);
    const queries: [TopicQuery, SearchOptions][] = [
      [{ groups: [['harbor']] }, { limit: 12 }],
      [{ groups: [['harbor']] }, { limit: 5, offset: 7 }],
      [{ groups: [['harbor', 'ferry']] }, { limit: 20 }],
      [{ groups: [['ferry']] }, { limit: 12, since: '2025-03-20T00:00:00Z' }],
      [{ groups: [['busy']] }, { limit: 40 }],
    ];
    for (const [query, options] of queries) {
      const answer = await windowed.store.search(query, options);
      expect(answer.length).toBe(options.limit);
      expect(answer).toEqual(await full.store.search(query, options));
    }
    expect((windowed.store as PostgresStore).searchStats.newestFirst).toBe(queries.length);
  });

  it('on an index nobody has written to for two years, still answers from its newest matches, exactly as ranking every match', async () => {
    const newest = Date.parse('2025-04-02T00:00:00Z');
    const now = newest + 730 * 86_400_000; // beyond the widest window (16 half-lives) from now
    const windowed = await fixture.open({ now: () => now, recencyHalfLifeDays: 30 });
    const full = await fixture.reopen({ now: () => now, recencyHalfLifeDays: 30, newestFirst: false });
    const articles = Array.from({ length: 300 }, (_, i) =>
      makeArticle({
        title: i % 3 === 0 ? `Harbor news ${i}` : `Report ${i}`,
        paragraphs: [`${'The harbor was busy. '.repeat((i % 5) + 1)}Item ${i}.`],
        origin: `y${i}`,
        published: new Date(newest - i * 6 * 3_600_000).toISOString(),
      }),
    );
    await windowed.store.upsertMany(articles);
    for (const options of [{ limit: 12 }, { limit: 5, offset: 4 }]) {
      expect(await windowed.store.search({ groups: [['harbor']] }, options)).toEqual(
        await full.store.search({ groups: [['harbor']] }, options),
      );
    }
    // Windows counted back from now would all be empty, and every match ranked.
    expect((windowed.store as PostgresStore).searchStats).toEqual({ newestFirst: 2, full: 0 });
  });

  it('keeps the search vector in the article row after upgrading a database from before, and still finds what it held', async () => {
    const stores = await fixture.open();
    await stores.store.upsert(makeArticle({ title: 'Harbor ferry resumes', paragraphs: ['The harbor ferry runs again.'], origin: 'h1' }));
    await stores.close();
    const client = new pg.Client({ connectionString: fixture.location });
    await client.connect();
    const storage = async () =>
      (
        await client.query<{ s: string }>(
          `SELECT attstorage AS s FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname = 'search'`,
        )
      ).rows[0]?.s;
    const mainVersion = PG_MIGRATIONS.findIndex((sql) => sql.includes('SET STORAGE MAIN')) + 1;
    try {
      expect(mainVersion).toBeGreaterThan(1);
      expect(await storage()).toBe('m'); // MAIN: compressed, in the row
      await client.query(`ALTER TABLE articles ALTER COLUMN search SET STORAGE EXTENDED`);
      await client.query('DELETE FROM schema_migrations WHERE version >= $1', [mainVersion]);
      const upgraded = await fixture.reopen();
      expect(await storage()).toBe('m');
      expect((await upgraded.store.search({ groups: [['ferry']] }, { limit: 5 })).map((ref) => ref.title)).toEqual([
        'Harbor ferry resumes',
      ]);
    } finally {
      await client.end();
    }
  });

  it('compresses article bodies as the search vector is, with lz4 where the server has it', async () => {
    await (await fixture.open()).close();
    const client = new pg.Client({ connectionString: fixture.location });
    await client.connect();
    try {
      const methods = await client.query<{ attname: string; c: string }>(
        `SELECT attname, attcompression AS c FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname IN ('body', 'search') ORDER BY attname`,
      );
      const lz4 = await client.query('SELECT 1 FROM pg_settings WHERE name = $1 AND $2 = ANY(enumvals)', [
        'default_toast_compression',
        'lz4',
      ]);
      const expected = lz4.rows.length > 0 ? 'l' : '';
      expect(methods.rows).toEqual([
        { attname: 'body', c: expected },
        { attname: 'search', c: expected },
      ]);
    } finally {
      await client.end();
    }
  });

  it('hands each due feed to one poller only, however many ask at once; a claim lapses after its lease', async () => {
    const first = await fixture.open();
    const second = await fixture.reopen();
    for (let i = 0; i < 40; i++)
      await first.feeds.addFeed({ guildId: null, url: `https://f${i}.example/rss`, origin: 'file', intervalMs: 600_000 }, T0);
    const rounds = await Promise.all([first, second, first, second].map((s) => s.feeds.dueFeeds(T0, 15)));
    const claimed = rounds.flat().map((f) => f.id);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    expect(rounds.flat().every((f) => f.nextPoll === T0)).toBe(true); // handed over as they were
    expect(await first.feeds.dueFeeds(T0 + 60_000, 100)).toEqual([]);
    expect(await second.feeds.dueFeeds(T0 + FEED_CLAIM_LEASE_MS, 100)).toHaveLength(40);
  });
});
