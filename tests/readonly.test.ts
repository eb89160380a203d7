/** Reading commands on a database they may not write: a read-only file or folder answers, and nothing is written. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { makeArticle } from './support/articles.js';
import { runCli } from './support/cli.js';

let dir: string;
let dbPath: string;

const newsbrief = runCli;

/** The file's bytes and times: all that a write would change. */
function fingerprint(path: string): string {
  const stat = statSync(path);
  return `${stat.size}:${stat.mtimeMs}:${readFileSync(path).toString('base64').length}:${readFileSync(path).subarray(0, 100).toString('hex')}`;
}

const READING_COMMANDS = [['headlines'], ['headlines', 'canal'], ['summary', 'canal'], ['quotes', 'canal'], ['briefing', 'canal']];

/** A database of six articles on a canal, closed (so its WAL is merged into the file and removed). */
async function writeDatabase(path: string): Promise<void> {
  const store = new SqliteStore(path);
  await store.upsertMany(
    Array.from({ length: 6 }, (_, i) =>
      makeArticle({
        title: `Canal lock ${i} reopens after repairs`,
        origin: `canal/${i}.txt`,
        published: `2025-03-2${i}`,
        paragraphs: [
          `The canal lock number ${i} reopened on Tuesday after three months of repairs to its gates, the waterways trust said.`,
          `“The canal is open to boats again from the first of the month,” said Mara Quinn, who manages the trust's northern canals.`,
        ],
        quotes: [{ text: 'The canal is open to boats again from the first of the month,', speaker: 'Mara Quinn', paragraph: 1 }],
      }),
    ),
  );
  await store.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nb-readonly-'));
  dbPath = join(dir, 'news.db');
  await writeDatabase(dbPath);
});

describe('reading commands on a database opened read-only', () => {
  it('answers headlines, summary, quotes and briefing without writing to the database file', async () => {
    const before = fingerprint(dbPath);
    for (const args of READING_COMMANDS) {
      const { code, stdout, stderr } = await newsbrief([...args, '--db', dbPath]);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(stdout).toContain('Canal lock');
    }
    expect(fingerprint(dbPath)).toBe(before);
    // SQLite may make the WAL's index beside the file (shared memory it reads through), but writes no page.
    if (existsSync(`${dbPath}-wal`)) expect(statSync(`${dbPath}-wal`).size).toBe(0);
    // The summary cache was not written either.
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM summary_cache').pluck().get()).toBe(0);
    db.close();
  });

  it('opens with `readonly: true` a database whose writes SQLite refuses, and skips the summary cache quietly', async () => {
    const store = new SqliteStore(dbPath, { readonly: true });
    expect(store.database.readonly).toBe(true);
    await store.cachePut('k', 'v');
    expect(await store.cacheGet('k')).toBeNull();
    await expect(store.upsert(makeArticle({ title: 'Not written', paragraphs: ['No.'] }))).rejects.toThrow(/readonly/);
    expect(await store.count()).toBe(6);
    await store.close();
  });

  it('refuses, in one line saying what to do, a database older than this code', async () => {
    const old = join(dir, 'old.db');
    const db = new Database(old);
    db.pragma('journal_mode = WAL');
    db.exec(MIGRATIONS.slice(0, 5).join('\n'));
    db.pragma('user_version = 5');
    db.close();
    const before = fingerprint(old);
    const { code, stdout, stderr } = await newsbrief(['headlines', '--db', old]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^newsbrief: the database .*old\.db was written by an older newsbrief \(schema 5, this one reads \d+\) and is read-only here: run one command that writes/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(fingerprint(old)).toBe(before);
  });
});

// A read-only bind mount stops even root (chmod does not): the real case of a read-only folder.
function mountReadOnly(source: string, target: string): boolean {
  try {
    mkdirSync(target, { recursive: true });
    execFileSync('mount', ['--bind', source, target], { stdio: 'ignore' });
    execFileSync('mount', ['-o', 'remount,ro,bind', target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('reading commands in a read-only folder', () => {
  const target = join(tmpdir(), `nb-readonly-mount-${process.pid}`);
  let mounted = false;
  beforeAll(async () => {
    const folder = join(dir, 'closed');
    mkdirSync(folder);
    await writeDatabase(join(folder, 'news.db'));
    mounted = mountReadOnly(folder, target);
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [target]);
  });

  it('answers every reading command from a database in a folder no one may write (when this machine lets the test mount one)', async (context) => {
    if (!mounted) context.skip();
    const path = join(target, 'news.db');
    expect(existsSync(`${path}-shm`)).toBe(false); // SQLite cannot make the WAL's index here
    for (const args of READING_COMMANDS) {
      const { code, stdout, stderr } = await newsbrief([...args, '--db', path]);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(stdout).toContain('Canal lock');
    }
  });
});
