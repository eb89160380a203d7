import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { composeBriefing } from '../src/news/briefing.js';
import { News } from '../src/news/news.js';
import { openStores } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';
import { describeStory } from '../src/view.js';
import { runCli } from './support/cli.js';

const FIXTURES = 'tests/fixtures/stories/';
const OUTLETS: Record<string, string> = {
  'bridge-courier.txt': 'Halden Courier',
  'bridge-herald.txt': 'Harbour Herald',
  'bridge-gazette.txt': 'Coast Gazette',
  'council-cycling.txt': 'Halden Courier',
  'rehab-vale.txt': 'Star Weekly',
  'rehab-reyes.txt': 'Star Weekly',
};
const article = (name: string): Article => ({
  ...buildArticle({ origin: `${FIXTURES}${name}`, format: 'text', content: readFileSync(`${FIXTURES}${name}`, 'utf8') }),
  source: OUTLETS[name]!,
  url: `https://${OUTLETS[name]!.toLowerCase().replace(/ /g, '-')}.example/${name.replace('.txt', '')}`,
});
const BRIDGE = ['bridge-courier.txt', 'bridge-herald.txt', 'bridge-gazette.txt'];

const stores: SqliteStore[] = [];
const open = (path: string, options = {}) => {
  const store = new SqliteStore(path, { now: () => Date.parse('2025-03-06T00:00:00Z'), ...options });
  stores.push(store);
  return store;
};
const newPath = () => join(mkdtempSync(join(tmpdir(), 'nb-stories-')), 'news.db');

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** The stored stories, each as the sorted file names of its articles. */
async function storedStories(store: SqliteStore): Promise<string[][]> {
  const byStory = new Map<number, string[]>();
  for (const ref of await store.latest({ limit: 100 })) {
    const name = (await store.get([ref.id]))[0]!.origin.replace(FIXTURES, '');
    byStory.set(ref.story!, [...(byStory.get(ref.story!) ?? []), name].sort());
  }
  return [...byStory.values()].sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Waits until a bulk load's story thread has answered `count` transactions (its answers are stored by the next one). */
async function answered(store: unknown, count: number): Promise<void> {
  const thread = () => (store as unknown as { stories: { deferred: { thread: { answered: number } } | null } }).stories.deferred?.thread;
  for (let waited = 0; (thread()?.answered ?? 0) < count; waited += 20) {
    if (waited > 20_000) throw new Error('the story thread did not answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('stories in the store', () => {
  it('groups three outlets’ reports of one event as they are written, and keeps the others apart', async () => {
    const store = open(newPath());
    for (const name of [...BRIDGE, 'council-cycling.txt', 'rehab-vale.txt', 'rehab-reyes.txt']) await store.upsert(article(name));
    expect(await storedStories(store)).toEqual([[...BRIDGE].sort(), ['council-cycling.txt'], ['rehab-reyes.txt'], ['rehab-vale.txt']]);
  });

  it('groups a batch written at once as it groups one article at a time', async () => {
    const store = open(newPath());
    await store.upsertMany([...BRIDGE, 'council-cycling.txt'].map(article));
    expect(await storedStories(store)).toEqual([[...BRIDGE].sort(), ['council-cycling.txt']]);
  });

  it('adds a later report to a story written before the store was opened again, or by another process', async () => {
    const path = newPath();
    const first = open(path);
    await first.upsert(article(BRIDGE[0]!));
    // Another writer on the same file, opened before the first report was written elsewhere.
    const other = open(path);
    await first.upsert(article('council-cycling.txt'));
    await other.upsert(article(BRIDGE[1]!));
    await first.close();
    const reopened = open(path);
    await reopened.upsert(article(BRIDGE[2]!));
    expect(await storedStories(reopened)).toEqual([[...BRIDGE].sort(), ['council-cycling.txt']]);
  });

  it('groups a bulk load (on a thread of its own) as writes one at a time group, joining stories stored before it', async () => {
    const store = open(newPath());
    await store.upsert(article(BRIDGE[0]!));
    await store.bulkLoad(async () => {
      for (const name of [BRIDGE[1]!, 'council-cycling.txt', 'rehab-vale.txt', 'rehab-reyes.txt']) await store.upsertMany([article(name)]);
    });
    // After the load, a write in the same process joins a story the load grouped.
    await store.upsert(article(BRIDGE[2]!));
    expect(await storedStories(store)).toEqual([[...BRIDGE].sort(), ['council-cycling.txt'], ['rehab-reyes.txt'], ['rehab-vale.txt']]);
  });

  it('keeps a bulk load’s joins when a transaction rolls back, and never groups the articles it did not store', async () => {
    const store = open(newPath());
    const broken = { ...article('council-cycling.txt'), title: null } as unknown as Article;
    await store.bulkLoad(async () => {
      await store.upsertMany([article(BRIDGE[0]!)]);
      await store.upsertMany([article(BRIDGE[1]!)]);
      await answered(store, 2); // the join of BRIDGE[1] is stored by the next transaction, which fails
      await expect(store.upsertMany([article(BRIDGE[2]!), broken])).rejects.toThrow();
      await store.upsertMany([article(BRIDGE[2]!), article('council-cycling.txt')]);
    });
    expect(await storedStories(store)).toEqual([[...BRIDGE].sort(), ['council-cycling.txt']]);
  });

  it('keeps follows before the articles whose stories a bulk load is still settling, and lets them on once settled', async () => {
    const path = newPath();
    const stores = await openStores(path, { now: () => Date.parse('2025-03-06T00:00:00Z') });
    try {
      const { store, follows } = stores;
      await store.upsert(article(BRIDGE[0]!));
      const before = await follows.articleHead();
      const heads: number[] = [];
      await store.bulkLoad(async () => {
        await store.upsertMany([article(BRIDGE[1]!)]);
        heads.push(await follows.articleHead()); // BRIDGE[1] may still join BRIDGE[0]'s story
        await answered(store, 1);
        await store.upsertMany([article('council-cycling.txt')]); // stores BRIDGE[1]'s join
        heads.push(await follows.articleHead());
      });
      heads.push(await follows.articleHead());
      expect(heads).toEqual([before, before + 1, before + 2]);
      // A note left by a process that died holds nothing back.
      const db = new Database(path);
      db.prepare(`INSERT INTO store_state (key, value) VALUES ('stories_pending:gone', ?)`).run(
        JSON.stringify({ host: 'elsewhere', boot: null, pid: 1, from: 1 }),
      );
      db.close();
      expect(await follows.articleHead()).toBe(before + 2);
    } finally {
      await stores.close();
    }
  });

  it('leaves each article its own story when grouping is off', async () => {
    const store = open(newPath(), { stories: false });
    for (const name of BRIDGE) await store.upsert(article(name));
    expect(await storedStories(store)).toHaveLength(3);
  });

  it('lists a story’s reports the caller may see, never another server’s feed', async () => {
    const store = open(newPath());
    await store.upsert(article(BRIDGE[0]!));
    await store.upsert(article(BRIDGE[1]!), { guildId: 'g1' });
    await store.upsert(article(BRIDGE[2]!), { guildId: 'g2' });
    const [lead] = await store.latest({ limit: 1, guildId: 'g1' });
    const titles = async (guildId: string | null) =>
      (await store.storyArticles([lead!.story!], { guildId, perStory: 10 })).map((r) => r.source).sort();
    expect(await titles('g1')).toEqual(['Halden Courier', 'Harbour Herald']);
    expect(await titles('g2')).toEqual(['Coast Gazette', 'Halden Courier']);
    expect(await titles(null)).toEqual(['Halden Courier']);
  });
});

describe('headlines and briefings by story', () => {
  async function newsWith(names: string[]): Promise<{ store: SqliteStore; news: News }> {
    const store = open(newPath());
    for (const name of names) await store.upsert(article(name));
    return { store, news: new News({ store, summarizer: new ExtractiveSummarizer() }) };
  }

  it('lists one line per story, led by its best-ranked report, with the other outlets named', async () => {
    const { news } = await newsWith([...BRIDGE, 'council-cycling.txt']);
    const { headlines, hasMore } = await news.headlines();
    expect(headlines).toHaveLength(2);
    expect(hasMore).toBe(false);
    const bridge = headlines.find((h) => h.title.toLowerCase().includes('bridge'))!;
    expect(bridge.alsoIn).toHaveLength(2);
    expect(describeStory(bridge)).toMatch(/ · \+2 outlets: /);
    for (const h of bridge.alsoIn) expect(describeStory(bridge)).toContain(h.source!);
    const council = headlines.find((h) => h !== bridge)!;
    expect(council.alsoIn).toEqual([]);
    expect(describeStory(council)).not.toMatch(/outlet|report/);
  });

  it('counts pages in stories', async () => {
    const { news } = await newsWith([...BRIDGE, 'council-cycling.txt', 'rehab-vale.txt']);
    const first = await news.headlines({ limit: 2 });
    const second = await news.headlines({ limit: 2, offset: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const leads = [...first.headlines, ...second.headlines];
    expect(leads).toHaveLength(3);
    expect(new Set(leads.map((h) => h.story)).size).toBe(3);
  });

  it('lists a story once in a briefing, under the first topic that finds it, and leaves all its reports out next time', async () => {
    const { store, news } = await newsWith([...BRIDGE, 'council-cycling.txt']);
    // "city" finds the council's report and one of the bridge's.
    const briefing = await composeBriefing({ store, news }, { topics: ['bridge', 'city'] });
    const [bridge, city] = briefing.topics;
    expect(bridge!.headlines).toHaveLength(1);
    expect(bridge!.headlines[0]!.alsoIn).toHaveLength(2);
    expect(city!.headlines.map((h) => h.title)).toEqual([expect.stringMatching(/cycl/i)]);
    const ids = (await store.latest({ limit: 10 })).map((r) => r.id);
    expect(new Set(briefing.articleIds)).toEqual(new Set(ids));
    // Cited sentences cite the story's reports only, every one holding what is cited (ADR 14).
    const bridgeIds = new Set([bridge!.headlines[0]!, ...bridge!.headlines[0]!.alsoIn].map((h) => h.id));
    for (const s of bridge!.summary!.sentences) for (const id of s.sources) expect(bridgeIds.has(id)).toBe(true);
    const next = await composeBriefing({ store, news }, { topics: ['bridge'], exclude: new Set(briefing.articleIds) });
    expect(next.topics[0]!.headlines).toEqual([]);
  });
});

describe('newsbrief stories --db', () => {
  it('lists the index’s stories, one JSON line each with all its reports, and on a topic only those about it', async () => {
    const path = newPath();
    const store = open(path);
    for (const name of [...BRIDGE, 'council-cycling.txt']) await store.upsert(article(name));
    await store.close();
    const all = await runCli(['stories', '--db', path, '--json']);
    expect(all.code).toBe(0);
    const stories = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { story: number; title: string; articles: { source: string }[] });
    expect(stories.map((s) => s.articles.length).sort()).toEqual([1, 3]);
    expect(
      stories
        .find((s) => s.articles.length === 3)!
        .articles.map((a) => a.source)
        .sort(),
    ).toEqual(['Coast Gazette', 'Halden Courier', 'Harbour Herald']);
    const onTopic = await runCli(['stories', 'cycle lanes', '--db', path]);
    expect(onTopic.stdout).toMatch(/^Council approves network of protected cycle lanes \(1 article\)\n/);
    expect(onTopic.stdout).not.toMatch(/bridge/i);
  });

  it('says there is no database rather than creating one', async () => {
    const path = newPath();
    const { code, stderr } = await runCli(['stories', '--db', path]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no database at/);
  });
});
