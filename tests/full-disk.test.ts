/** A store that can take no more writes (a full disk): the run stops, and says what it committed and why. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawPage } from '../src/articles/article.js';
import { type CliIo, main } from '../src/cli.js';
import { ingestPages } from '../src/ingest/index.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { textSink } from './support/cli.js';

/** A plain-text page dump whose sentences differ from page to page. */
function pageDump(n: number): string {
  const title = `Depot ${n} Opens Its Doors To Riders`;
  return [
    `${title} - The Sample Ledger`,
    'Home',
    '',
    title,
    '',
    `The bus depot number ${n} opened its doors on Tuesday after ${(n % 17) + 2} months of building work, the transit agency said.`,
    '',
    `Riders from district ${n * 3} will reach the depot by route ${n % 40}, which runs every ${(n % 9) + 5} minutes until midnight.`,
  ].join('\n');
}

const pages = (count: number): RawPage[] =>
  Array.from({ length: count }, (_, n) => ({ origin: `depot/${n}.txt`, format: 'text' as const, content: pageDump(n) }));

/** What SQLite throws when the disk is full. */
function diskFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

describe('a write that no later write can follow', () => {
  it('stops the run at a full disk and reports the batches committed before it and the reason', async () => {
    const store = new SqliteStore(':memory:');
    let batches = 0;
    const filling = Object.assign(Object.create(store) as SqliteStore, {
      upsertMany: (...args: Parameters<SqliteStore['upsertMany']>) =>
        ++batches > 2 ? Promise.reject(diskFull()) : store.upsertMany(...args),
      upsert: () => Promise.reject(diskFull()),
    });
    const report = await ingestPages(filling, pages(1000), { batchSize: 100 });
    expect(report).toMatchObject({ added: 200, updated: 0, unchanged: 0, failed: [] });
    expect(report.stopped).toBe('the database could not be written: database or disk is full (SQLITE_FULL)');
    expect(await store.count()).toBe(200);
    expect(batches).toBe(3); // nothing more was tried after the disk filled
  });

  it('waits for another process holding the lock, and writes the whole batch once it is free', async () => {
    const store = new SqliteStore(':memory:');
    let tries = 0;
    const busy = Object.assign(Object.create(store) as SqliteStore, {
      upsertMany: (...args: Parameters<SqliteStore['upsertMany']>) =>
        ++tries <= 3 ? Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })) : store.upsertMany(...args),
      upsert: () => Promise.reject(new Error('a locked batch is never split into articles')),
    });
    const report = await ingestPages(busy, pages(50));
    expect(report).toMatchObject({ added: 50, failed: [] });
    expect(report.stopped).toBeUndefined();
  });
});

/** A small tmpfs (root on Linux only): the real full disk. */
function mountSmallDisk(target: string, size: string): boolean {
  try {
    mkdirSync(target, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('newsbrief ingest on a disk that fills up', () => {
  const disk = join(tmpdir(), `nb-full-disk-${process.pid}`);
  let mounted = false;
  afterEach(() => {
    if (mounted) execFileSync('umount', [disk]);
    mounted = false;
  });

  it('prints the counts committed before the disk filled, then why it stopped, and exits 1 (when this machine lets the test mount a small disk)', async (context) => {
    mounted = mountSmallDisk(disk, '1m');
    if (!mounted) context.skip();
    const folder = mkdtempSync(join(tmpdir(), 'nb-full-pages-'));
    for (const page of pages(900)) writeFileSync(join(folder, page.origin.replace('/', '-')), page.content);
    const db = join(disk, 'news.db');
    const stdout = textSink();
    const stderr = textSink();
    const code = await main(['ingest', folder, '--db', db], { stdout, stderr, stdin: process.stdin } as CliIo);
    expect(code).toBe(1);
    const counts = /^added (\d+), updated 0, unchanged 0, duplicate 0, failed 0\n$/.exec(stdout.text());
    expect(counts).not.toBeNull();
    expect(Number(counts![1])).toBeGreaterThan(0);
    expect(stderr.text()).toBe(
      'newsbrief: stopped: the database could not be written: database or disk is full (SQLITE_FULL); the counts above were committed\n',
    );
    const stored = new SqliteStore(db, { readonly: true });
    expect(await stored.count()).toBe(Number(counts![1]));
    await stored.close();
  });
});
