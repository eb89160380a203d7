/** `newsbrief sources list|remove|enable|export` for the operator (and --guild for one server's feeds). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseOpmlList } from '../src/sources/opml.js';
import { openStores } from '../src/store/open.js';
import { runCli } from './support/cli.js';

const GUILD = '600000000000000001';
const T0 = Date.parse('2025-04-02T08:00:00Z');
let db: string;
let ids: { news: number; gone: number; guild: number };

beforeEach(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'nb-cli-sources-')), 'sources.db');
  const stores = await openStores(db);
  try {
    const add = async (url: string, guildId: string | null, title: string | null) =>
      (await stores.feeds.addFeed({ guildId, url, origin: 'cli', title, intervalMs: 600_000 }, T0)).feed.id;
    ids = {
      news: await add('https://news.example/rss', null, 'Morning & Evening News'),
      gone: await add('https://gone.example/rss', null, null),
      guild: await add('https://guild.example/rss', GUILD, 'Server feed'),
    };
    await stores.feeds.recordFailure(ids.gone, { failures: 1, nextPoll: T0 + 600_000, status: 'disabled', reason: 'HTTP 410 Gone' }, T0);
  } finally {
    await stores.close();
  }
});

describe('newsbrief sources', () => {
  it("lists the operator's feeds with their state, and a server's with --guild", async () => {
    const text = await runCli(['sources', 'list', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`#${ids.news} Morning & Evening News (cli) — waiting for its first poll`);
    expect(text.stdout).toContain(`#${ids.gone} https://gone.example/rss (cli) — disabled: HTTP 410 Gone`);
    expect(text.stdout).not.toContain('guild.example');
    const json = JSON.parse((await runCli(['sources', 'list', '--json', '--guild', GUILD, '--db', db])).stdout) as {
      feeds: { id: number; url: string; status: string }[];
    };
    expect(json.feeds).toEqual([expect.objectContaining({ id: ids.guild, url: 'https://guild.example/rss', status: 'active' })]);
  });

  it('exports the feeds as OPML on stdout that reads back to the same feeds', async () => {
    const out = await runCli(['sources', 'export', '--db', db]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(parseOpmlList(out.stdout, 'stdout').feeds).toEqual([
      { url: 'https://news.example/rss', title: 'Morning & Evening News' },
      { url: 'https://gone.example/rss', title: 'https://gone.example/rss' },
    ]);
    const file = join(db, '..', 'feeds.opml');
    writeFileSync(file, out.stdout);
    const other = join(db, '..', 'other.db');
    expect((await runCli(['sources', 'import', file, '--db', other])).stdout).toContain('added 2 feeds');
  });

  it('removes feeds by id, says which were not there and exits 1 for them', async () => {
    const removed = await runCli(['sources', 'remove', String(ids.news), '999', '--json', '--db', db]);
    expect(removed.code).toBe(1);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: [ids.news], missing: [999] });
    expect(removed.stderr).toContain('no feed #999 among the operator-wide feeds');
    // A server's feed is not the operator's to remove without --guild.
    expect((await runCli(['sources', 'remove', String(ids.guild), '--db', db])).code).toBe(1);
    expect((await runCli(['sources', 'remove', String(ids.guild), '--guild', GUILD, '--db', db])).code).toBe(0);
    const left = JSON.parse((await runCli(['sources', 'list', '--json', '--db', db])).stdout) as { feeds: { id: number }[] };
    expect(left.feeds.map((f) => f.id)).toEqual([ids.gone]);
  });

  it('enables a disabled feed again', async () => {
    expect((await runCli(['sources', 'enable', String(ids.gone), '--db', db])).stdout).toContain(`enabled feed #${ids.gone} again`);
    expect((await runCli(['sources', 'list', '--db', db])).stdout).toContain(
      `#${ids.gone} https://gone.example/rss (cli) — waiting for its first poll`,
    );
    expect((await runCli(['sources', 'enable', String(ids.gone), '--db', db])).stdout).toContain('is not disabled');
  });

  it('answers bad usage with one line and exit 1', async () => {
    for (const args of [['sources'], ['sources', 'remove'], ['sources', 'remove', 'abc'], ['sources', 'list', '--guild', 'x']]) {
      const out = await runCli([...args, '--db', db]);
      expect(out.code).toBe(1);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = await runCli(['sources', 'list', '--db', join(db, '..', 'nothing.db')]);
    expect(missing.stderr).toContain('no database at');
  });
});
