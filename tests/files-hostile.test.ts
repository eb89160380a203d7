import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../src/news/ingest.js';
import { findArticleFiles, InputFileError, readArticleFile } from '../src/sources/files.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { runCli } from './support/cli.js';

// A walk that loops never ends; these tests fail by timing out long before memory runs out.
const LOOP_TIMEOUT_MS = 5000;

const ARTICLE = [
  'Harbour board approves port expansion',
  'The harbour board approved the long-debated expansion of the container port on Tuesday evening after a four-hour meeting.',
  'Officials said the new berths would double the number of ships that can unload at the same time within three years.',
  'Residents near the waterfront raised concerns about traffic and noise during construction, which is due to start next spring.',
].join('\n\n');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-hostile-'));
});

const cli = runCli;

describe('symlink loops in article folders', () => {
  it('walks a folder with two links to itself once, reporting each loop once', { timeout: LOOP_TIMEOUT_MS }, async () => {
    writeFileSync(join(dir, 'port.txt'), ARTICLE);
    symlinkSync('.', join(dir, 'l1'));
    symlinkSync('.', join(dir, 'l2'));
    const found = await findArticleFiles([dir]);
    expect(found.files).toEqual([join(dir, 'port.txt')]);
    expect(found.missing).toEqual([
      { file: join(dir, 'l1'), reason: expect.stringMatching(/^symlink loop/) },
      { file: join(dir, 'l2'), reason: expect.stringMatching(/^symlink loop/) },
    ]);
  });

  it('reads every file once with one self-link, and stops a link back to a parent folder', { timeout: LOOP_TIMEOUT_MS }, async () => {
    mkdirSync(join(dir, 'world', 'asia'), { recursive: true });
    writeFileSync(join(dir, 'world', 'a.txt'), ARTICLE);
    writeFileSync(join(dir, 'world', 'asia', 'b.txt'), ARTICLE);
    symlinkSync('.', join(dir, 'world', 'self'));
    symlinkSync('../..', join(dir, 'world', 'asia', 'up'));
    const found = await findArticleFiles([dir]);
    expect(found.files).toEqual([join(dir, 'world', 'a.txt'), join(dir, 'world', 'asia', 'b.txt')]);
    expect(found.missing.map((m) => m.file)).toEqual([join(dir, 'world', 'asia', 'up'), join(dir, 'world', 'self')]);
  });

  it('reads a folder reached by two paths once, without calling it a loop', async () => {
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'a.txt'), ARTICLE);
    symlinkSync(join(dir, 'shared'), join(dir, 'alias'));
    const found = await findArticleFiles([dir, join(dir, 'shared')]);
    expect(found.files).toEqual([join(dir, 'alias', 'a.txt')]);
    expect(found.missing).toEqual([]);
  });

  it('names a link to itself as a loop', async () => {
    symlinkSync('ring.txt', join(dir, 'ring.txt'));
    const found = await findArticleFiles([dir]);
    expect(found.missing).toEqual([{ file: join(dir, 'ring.txt'), reason: expect.stringMatching(/^symlink loop/) }]);
  });

  it('ingests a folder of self-links: the article once, each loop a failure, and the run ends', { timeout: LOOP_TIMEOUT_MS }, async () => {
    writeFileSync(join(dir, 'port.txt'), ARTICLE);
    symlinkSync('.', join(dir, 'l1'));
    symlinkSync('.', join(dir, 'l2'));
    const store = new SqliteStore(':memory:');
    const report = await ingestPaths(store, [dir], { maxFileBytes: 1024 * 1024 });
    expect(report.added).toBe(1);
    expect(report.failed.map((f) => f.file)).toEqual([join(dir, 'l1'), join(dir, 'l2')]);
    await store.close();
  });
});

describe('files that are not regular files', () => {
  it('refuses a named pipe on the command line without opening it (it would block)', { timeout: LOOP_TIMEOUT_MS }, async () => {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const found = await findArticleFiles([fifo]);
    expect(found).toEqual({ files: [], missing: [{ file: fifo, reason: 'not a regular file (a named pipe)' }] });
    // Reading it directly (a path that became a pipe after it was listed) fails at once too.
    await expect(readArticleFile(fifo, 1024)).rejects.toThrow(new InputFileError('not a regular file (a named pipe)'));
  });

  it('refuses /dev/zero with one line and exit 1, for ingest and clean alike', { timeout: LOOP_TIMEOUT_MS }, async () => {
    for (const command of ['ingest', 'clean']) {
      const { code, stderr } = await cli([command, '/dev/zero', '--db', join(dir, 'zero.db')]);
      expect(code, command).toBe(1);
      expect(stderr.trim().split('\n'), command).toEqual([expect.stringMatching(/\/dev\/zero: not a regular file \(a device\)$/)]);
    }
  });

  it('reports a pipe named like an article inside a folder, and passes over other pipes', { timeout: LOOP_TIMEOUT_MS }, async () => {
    writeFileSync(join(dir, 'port.txt'), ARTICLE);
    execFileSync('mkfifo', [join(dir, 'news.html')]);
    execFileSync('mkfifo', [join(dir, 'control')]);
    const found = await findArticleFiles([dir]);
    expect(found.files).toEqual([join(dir, 'port.txt')]);
    expect(found.missing).toEqual([{ file: join(dir, 'news.html'), reason: 'not a regular file (a named pipe)' }]);
  });
});

describe('the database path', () => {
  it('refuses an empty --db instead of falling back to the default database', async () => {
    for (const command of ['ingest', 'headlines']) {
      const { code, stderr } = await cli([command, ...(command === 'ingest' ? [dir] : []), '--db', '']);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe('newsbrief: --db expects a database file path, got an empty value');
    }
  });
});
