/**
 * `newsbrief <command>` for a command in commands/ with no verb of its own (here /source and
 * /follow): the real bin in a child process, feeds served by a loopback HTTP server.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './support/cli.js';
import { HttpFake, respond, rss } from './support/http-fake.js';

let dir: string;
let server: HttpFake;

const newsbrief = (args: string[], db = join(dir, 'cli.db')) => runBin(args, { NEWSBRIEF_DB: db, FETCH_ALLOW_LOOPBACK: 'true' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nb-cli-commands-'));
  server = await HttpFake.start();
  server.route(
    '/wire.xml',
    respond(200, rss([{ title: 'Harbor ferry resumes', link: server.url('/ferry') }], 'Harbor Wire'), {
      'content-type': 'application/rss+xml',
    }),
  );
  expect((await newsbrief(['ingest', 'data/articles/townhall-iran-rejects-direct-talks.txt'])).code).toBe(0);
});

afterAll(async () => {
  await server?.close();
});

describe('newsbrief COMMAND for a command without a verb of its own', () => {
  it('takes a subcommand as the first word and options as flags, and prints the answer as the console shows it', async () => {
    const added = await newsbrief(['source', 'add', '--url', server.url('/wire.xml')]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Feeds\n=+\nAdded feed #1 Harbor Wire/);
    const again = await newsbrief(['source', 'add', server.url('/wire.xml')]);
    expect(again.stdout).toContain('Feed #1 Harbor Wire is already here.');
  });

  it('prints the view itself with --json', async () => {
    const listed = await newsbrief(['source', 'list', '--json']);
    expect(listed.code).toBe(0);
    const view = JSON.parse(listed.stdout) as { title: string; entries: { text: string; url: string }[] };
    expect(view.title).toBe('Operator-wide feeds');
    expect(view.entries).toEqual([expect.objectContaining({ text: '#1 Harbor Wire', url: server.url('/wire.xml') })]);
    const removed = await newsbrief(['source', 'remove', '--id', '1']);
    expect(removed.stdout).toContain('Removed feed #1.');
    expect(JSON.parse((await newsbrief(['source', 'list', '--json'])).stdout).entries).toEqual([]);
  });

  it('answers a mistake with exit 1 and one line naming the flag, the option or what to do', async () => {
    const cases: [string[], string][] = [
      [['follow', 'list'], 'newsbrief: Follows belong to a server: use /follow in a server channel.\n'],
      [['source', 'add', '--limit', '3'], 'newsbrief: --limit is not an option of newsbrief source add\n'],
      [['source', 'remove', '--id', 'one'], 'newsbrief: option id expects a whole number, got "one"\n'],
      [
        ['source', 'add', '--url', 'ftp://x.example/feed'],
        'newsbrief: "ftp://x.example/feed" is not a web address (expected http:// or https://)\n',
      ],
      [['source'], 'newsbrief: /source needs one of: add, list, remove, enable, import, export\n'],
      [['nosuch', 'list'], 'newsbrief: unknown command "nosuch" (try: newsbrief help)\n'],
    ];
    for (const [args, stderr] of cases) expect(await newsbrief(args)).toMatchObject({ code: 1, stdout: '', stderr });
  });

  it('needs an existing database and creates none', async () => {
    const missing = join(dir, 'missing.db');
    const outcome = await newsbrief(['source', 'list'], missing);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^newsbrief: no database at /);
    expect(existsSync(missing)).toBe(false);
  });
});
