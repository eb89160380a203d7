import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import { bodySketch, INDEXED_HASHES, isCopy, likelyCopy, shingleSet } from '../src/articles/fingerprint.js';
import { ingestPaths } from '../src/news/ingest.js';
import { SqliteStore } from '../src/store/sqlite.js';

const FIXTURES = new URL('./fixtures/duplicates/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const text = buildArticle({ origin: 'ferry-strike.txt', format: 'text', content: fixture('ferry-strike.txt') });
const html = buildArticle({ origin: 'ferry-strike.html', format: 'html', content: fixture('ferry-strike.html') });
const otherOutlet = buildArticle({ origin: 'other.txt', format: 'text', content: fixture('ferry-strike-other-outlet.txt') });

let store: SqliteStore;
afterEach(async () => {
  await store?.close();
});

/** A folder holding the given fixtures, each under the names given. */
function folderWith(files: [fixture: string, name: string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-dup-'));
  for (const [name, as] of files) copyFileSync(new URL(name, FIXTURES), join(dir, as));
  return dir;
}

describe('knowing one page from another', () => {
  it('takes a page’s text dump and its HTML for the same page', () => {
    expect(text.id).not.toBe(html.id);
    expect(isCopy(shingleSet(text.paragraphs), shingleSet(html.paragraphs))).toBe(true);
    const indexed = bodySketch(html.paragraphs).hashes.slice(0, INDEXED_HASHES);
    expect(
      bodySketch(text.paragraphs)
        .hashes.slice(0, INDEXED_HASHES)
        .some((hash) => indexed.includes(hash)),
    ).toBe(true);
    expect(likelyCopy(bodySketch(text.paragraphs), bodySketch(html.paragraphs))).toBe(true);
  });

  it('keeps two outlets’ reports of the same event apart', () => {
    expect(isCopy(shingleSet(text.paragraphs), shingleSet(otherOutlet.paragraphs))).toBe(false);
    expect(likelyCopy(bodySketch(text.paragraphs), bodySketch(otherOutlet.paragraphs))).toBe(false);
  });

  it('keeps a short article apart from a long one that quotes it whole', () => {
    const long = [...text.paragraphs, ...otherOutlet.paragraphs, ...otherOutlet.paragraphs.map((p) => `${p} Officials said more later.`)];
    expect(isCopy(shingleSet(text.paragraphs.slice(0, 2)), shingleSet(long))).toBe(false);
  });
});

describe('ingest stores one article per page', () => {
  it('stores byte-identical files once and reports the copy as a duplicate of the article it matches', async () => {
    store = new SqliteStore(':memory:');
    const dir = folderWith([
      ['ferry-strike.txt', 'a.txt'],
      ['ferry-strike.txt', 'b-copy.txt'],
      ['ferry-strike-other-outlet.txt', 'c.txt'],
    ]);
    const report = await ingestPaths(store, [dir], { maxFileBytes: 1e6 });
    expect(report).toMatchObject({ added: 2, updated: 0, unchanged: 0, failed: [] });
    const [first] = await store.latest({ limit: 10 }).then((refs) => refs.filter((r) => r.title.startsWith('Ferry crews')));
    expect(report.duplicates).toEqual([{ file: join(dir, 'b-copy.txt'), of: first!.id }]);
    expect(await store.quotesOf([first!.id])).toHaveLength(2);
  });

  it('stores a page’s text dump and its HTML once, across runs too', async () => {
    store = new SqliteStore(':memory:');
    const dir = folderWith([['ferry-strike.txt', 'ferry.txt']]);
    expect((await ingestPaths(store, [dir], { maxFileBytes: 1e6 })).added).toBe(1);
    const later = folderWith([['ferry-strike.html', 'ferry.html']]);
    const report = await ingestPaths(store, [later], { maxFileBytes: 1e6 });
    expect(report.added).toBe(0);
    expect(report.duplicates).toHaveLength(1);
    expect(await store.count()).toBe(1);
  });

  it('finds copies of the articles a database held before it kept sketches', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-dup-')), 'old.db');
    store = new SqliteStore(path);
    await store.upsert(html);
    await store.close();
    // The database as the version before sketches (migration 10) left it: no tables, and none of the later migrations.
    const db = new Database(path);
    db.exec(
      'DROP TABLE follow_posts; DROP TABLE follows; ALTER TABLE schedules DROP COLUMN mention_role; ALTER TABLE schedules DROP COLUMN sources',
    );
    db.exec('DROP TABLE article_sketches; DROP TABLE article_signatures');
    db.exec('DROP INDEX articles_by_story; ALTER TABLE articles DROP COLUMN story; ALTER TABLE article_entities DROP COLUMN position');
    db.exec(`DROP TABLE subscriptions; DROP INDEX article_guilds_by_article; DROP INDEX feeds_url; ALTER TABLE feeds DROP COLUMN disablings;
      ALTER TABLE feeds ADD COLUMN guild_id TEXT; ALTER TABLE feeds ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
      ALTER TABLE feeds ADD COLUMN created_by TEXT; CREATE UNIQUE INDEX feeds_scope_url ON feeds (coalesce(guild_id, ''), url)`);
    db.exec('ALTER TABLE articles DROP COLUMN image'); // the lead images migration
    db.pragma('user_version = 9');
    db.close();
    store = new SqliteStore(path);
    const copies: string[] = [];
    expect(await store.upsert(text, { onCopy: (_, of) => copies.push(of) })).toBe('unchanged');
    expect(copies).toEqual([html.id]);
  });

  it('forgets a removed or rewritten article’s sketch, so nothing is found through it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nb-dup-')), 'forget.db');
    store = new SqliteStore(path);
    await store.upsert(html);
    await store.upsert({ ...otherOutlet, id: 'rewritten', origin: 'r.txt' });
    await store.upsert({ ...text, id: 'rewritten', origin: 'r.txt', contentHash: 'changed' });
    await store.remove([html.id]);
    const db = new Database(path, { readonly: true });
    const rows = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    // Only the rewritten article's current sketch is left: its old body's hashes went when it changed.
    expect(rows('article_signatures')).toBe(1);
    expect(rows('article_sketches')).toBe(Math.min(INDEXED_HASHES, bodySketch(text.paragraphs).hashes.length));
    db.close();
  });

  it('a removed article comes back on the next ingest of its file, and its copy is still not stored twice', async () => {
    store = new SqliteStore(':memory:');
    const dir = folderWith([
      ['ferry-strike.html', 'a.html'],
      ['ferry-strike.txt', 'b.txt'],
    ]);
    const first = await ingestPaths(store, [dir], { maxFileBytes: 1e6 });
    await store.remove([first.duplicates![0]!.of]);
    const again = await ingestPaths(store, [dir], { maxFileBytes: 1e6 });
    expect(again.added).toBe(1);
    expect(await store.count()).toBe(1);
  });
});
