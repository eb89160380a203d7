/** Several processes on one database file: opening a new one at once, and two bulk ingests side by side. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore } from '../src/store/sqlite.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('node', args, { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const WORDS = (
  'harbor council budget river bridge school teacher nurse doctor market price grain wheat coffee bakery station ' +
  'platform signal engine driver pilot runway storm flood levee farmer orchard harvest museum painting gallery ' +
  'library archive election ballot mayor senator court judge appeal verdict factory worker union contract strike ' +
  'stadium coach season league striker goal island ferry ticket fare tourist hotel festival concert choir'
).split(' ');

/** Sentences with words picked by a small generator seeded per page, so no two pages read alike. */
function sentences(seed: number, count: number): string {
  let x = seed;
  const word = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return WORDS[(x >> 8) % WORDS.length]!;
  };
  const templates = [
    () => `The ${word()} near the old ${word()} reopened on Tuesday after ${(x % 9) + 2} weeks of work on the ${word()}, officials said.`,
    () => `Residents said the ${word()} and the ${word()} had been closed since the ${word()} last spring, and asked for a new ${word()}.`,
    () => `A spokesman for the ${word()} office said the ${word()} would cost about ${(x % 900) + 100} dollars a week to keep open.`,
    () => `The council will review the ${word()} plan in the autumn, when the ${word()} and the ${word()} report on the ${word()}.`,
  ];
  return Array.from({ length: count }, (_, i) => templates[(i + seed) % templates.length]!()).join(' ');
}

/** A small plain-text page dump; `topic` keeps one folder's pages apart from the other's. */
function pageDump(topic: string, n: number): string {
  const seed = n * 7919 + topic.length * 104729;
  return [
    `${topic} Adds Service Number ${n} - The Sample Ledger`,
    'Home',
    'Local',
    '',
    `${topic} Adds Service Number ${n}`,
    '',
    `The ${topic.toLowerCase()} will add evening service number ${n}. ${sentences(seed, 3)}`,
    '',
    sentences(seed + 1, 3),
  ].join('\n');
}

function writePages(folder: string, topic: string, count: number): void {
  mkdirSync(folder, { recursive: true });
  for (let n = 0; n < count; n++) writeFileSync(join(folder, `${String(n).padStart(4, '0')}.txt`), pageDump(topic, n));
}

describe('one database, several processes', () => {
  it('three processes opening one new database at once all open it, migrated to the current schema', async () => {
    for (let round = 0; round < 3; round++) {
      const path = join(mkdtempSync(join(tmpdir(), 'nb-open-')), 'new.db');
      // Modules load first (about a second); all three open the file in the same millisecond.
      const startAt = String(Date.now() + 2500);
      const runs = await Promise.all([0, 1, 2].map(() => run(['bin/run.js', 'tests/support/open-store-child.ts', path, startAt])));
      for (const r of runs)
        expect({ code: r.code, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({
          code: 0,
          stdout: String(MIGRATIONS.length),
          stderr: '',
        });
      const store = new SqliteStore(path);
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
      await store.close();
    }
  }, 60_000);

  it('two bulk ingests into one database take turns: nothing fails, everything is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-two-ingests-'));
    writePages(join(dir, 'ferry'), 'Ferry', 1500);
    writePages(join(dir, 'tram'), 'Tram', 1500);
    const db = join(dir, 'shared.db');
    const ingest = (folder: string) => run(['bin/newsbrief.js', 'ingest', join(dir, folder), '--db', db, '--json']);
    const [ferry, tram] = await Promise.all([ingest('ferry'), ingest('tram')]);
    for (const r of [ferry, tram]) {
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ added: 1500, updated: 0, unchanged: 0, failed: [], duplicates: [] });
      expect(r.code).toBe(0);
    }
    const store = new SqliteStore(db);
    expect(await store.count()).toBe(3000);
    expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
    store.database.exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`);
    // Both loads ended: no note is left, and the index merges again.
    expect(store.database.prepare(`SELECT count(*) FROM store_state`).pluck().get()).toBe(0);
    expect(store.database.prepare(`SELECT v FROM articles_fts_config WHERE k = 'automerge'`).pluck().get()).toBe(4);
    expect(await store.search({ groups: [['tram']] }, { limit: 5 })).toHaveLength(5);
    await store.close();
  }, 120_000);
});
