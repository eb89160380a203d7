/**
 * Processes that share the work (issue 20): `newsbrief poll [--once]` runs the poller alone,
 * `start --roles` (or NEWSBRIEF_ROLES) runs a subset of discord, poller and briefings, and the
 * Discord role connects only the shards it is given (SHARD_COUNT, SHARD_IDS).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { startBot } from '../src/discord/bot.js';
import { shardOwnership } from '../src/discord/briefings.js';
import { createLogger } from '../src/log.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { textSink } from './support/cli.js';
import { DEFAULT_IDS, DiscordFake } from './support/discord-fake.js';
import { articlePage, HttpFake, respond, rss } from './support/http-fake.js';

const run = promisify(execFile);

const STORY = [
  'The harbour board approved the long-debated expansion of the container port on Tuesday evening after a four-hour meeting.',
  'Officials said the new berths would double the number of ships that can unload at the same time within three years.',
  'Residents near the waterfront raised concerns about traffic and noise during construction, which is due to start next spring.',
];

let server: HttpFake;
let dir: string;

beforeAll(async () => {
  server = await HttpFake.start();
  server
    .route('/port', respond(200, articlePage('Port expansion approved', STORY), { 'content-type': 'text/html' }))
    .route(
      '/feed.xml',
      respond(200, rss([{ title: 'Port expansion approved', link: server.url('/port') }]), { 'content-type': 'application/rss+xml' }),
    );
  dir = mkdtempSync(join(tmpdir(), 'nb-roles-'));
  writeFileSync(join(dir, 'sources.json'), JSON.stringify({ feeds: [server.url('/feed.xml')] }));
});

afterAll(async () => {
  await server.close();
});

/** A clean environment for a child process: a database, the sources file with the loopback feed, no Discord. */
function env(db: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEWSBRIEF_DB: join(dir, db),
    SOURCES_FILE: join(dir, 'sources.json'),
    FETCH_ALLOW_LOOPBACK: 'true',
    ...extra,
  };
}

async function articleCount(db: string): Promise<number> {
  const store = new SqliteStore(join(dir, db), { readonly: true });
  try {
    return await store.count();
  } finally {
    await store.close();
  }
}

describe('newsbrief poll', () => {
  it('--once polls every due feed one time, stores what it brings, and polls nothing not yet due', async () => {
    const before = server.hits('/feed.xml');
    const first = await run('node', ['bin/newsbrief.js', 'poll', '--once', '--json'], { env: env('once.db') });
    const report = JSON.parse(first.stdout) as { sourcesFile: { added: number }; feeds: { result: string; items: { added?: number } }[] };
    expect(report.sourcesFile.added).toBe(1);
    expect(report.feeds).toEqual([expect.objectContaining({ result: 'polled', items: expect.objectContaining({ added: 1 }) })]);
    expect(server.hits('/feed.xml')).toBe(before + 1);
    expect(await articleCount('once.db')).toBe(1);
    const second = await run('node', ['bin/newsbrief.js', 'poll', '--once'], { env: env('once.db') });
    expect(second.stdout.trim()).toBe('polled 0 due feeds: 0 with news, 0 unchanged, 0 failed; 0 articles added, 0 updated');
    expect(server.hits('/feed.xml')).toBe(before + 1);
  }, 30_000);

  it('--once polls every due feed, more than one round claims', async () => {
    const feeds = Array.from({ length: 130 }, (_, i) => server.url(`/many/${i}.xml`));
    for (const url of feeds) server.route(new URL(url).pathname, respond(200, rss([]), { 'content-type': 'application/rss+xml' }));
    const file = join(dir, 'many.json');
    writeFileSync(file, JSON.stringify({ feeds }));
    const { stdout } = await run('node', ['bin/newsbrief.js', 'poll', '--once', '--json'], {
      env: { ...env('many.db'), SOURCES_FILE: file },
    });
    const report = JSON.parse(stdout) as { feeds: { url: string }[] };
    expect(new Set(report.feeds.map((f) => f.url)).size).toBe(130);
    expect(feeds.every((url) => server.hits(new URL(url).pathname) === 1)).toBe(true);
  }, 60_000);

  it('runs the poller alone until SIGTERM, then exits 0', async () => {
    const child = spawn('node', ['bin/newsbrief.js', 'poll'], { env: env('poller.db'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let waited = 0; waited < 20_000 && !/running poller/.test(stderr); waited += 100) await new Promise((r) => setTimeout(r, 100));
    for (let waited = 0; waited < 20_000 && (await articleCount('poller.db').catch(() => 0)) === 0; waited += 200)
      await new Promise((r) => setTimeout(r, 200));
    expect(await articleCount('poller.db')).toBe(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: shutting down');
  }, 45_000);
});

describe('newsbrief start --roles', () => {
  it('refuses the briefings role without a Discord token, and an unknown role, in one line each', async () => {
    for (const [args, expected] of [
      [['start', '--roles', 'briefings'], /^newsbrief: the briefings role posts into Discord channels: it needs DISCORD_TOKEN\n$/],
      [
        ['start', '--roles', 'poller,chef'],
        /^newsbrief: invalid setting --roles: expected roles from discord, poller, briefings separated by commas, got "chef"\n$/,
      ],
    ] as const) {
      const failed = await run('node', ['bin/newsbrief.js', ...args], { env: env('refused.db') }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(expected);
    }
  }, 30_000);

  it('reads NEWSBRIEF_ROLES, SHARD_COUNT and SHARD_IDS, and refuses what cannot work', () => {
    expect(parseConfig({}).roles).toEqual(['discord', 'poller', 'briefings']);
    expect(parseConfig({ NEWSBRIEF_ROLES: 'poller, Discord' }).roles).toEqual(['discord', 'poller']);
    expect(parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '1,3' }).discord.shards).toEqual({ count: 4, ids: [1, 3] });
    expect(parseConfig({ SHARD_COUNT: 'auto' }).discord.shards).toEqual({ count: 'auto' });
    expect(parseConfig({}).discord.shards).toBeUndefined();
    for (const [env, message] of [
      [{ SHARD_COUNT: '2', SHARD_IDS: '2' }, /SHARD_IDS: shard 2 is not below SHARD_COUNT 2/],
      [{ SHARD_IDS: '0' }, /SHARD_IDS: needs SHARD_COUNT/],
      [{ SHARD_COUNT: 'auto', SHARD_IDS: '0' }, /SHARD_IDS: not with SHARD_COUNT=auto/],
      [{ SHARD_COUNT: '0' }, /SHARD_COUNT: expected a number of shards/],
      [{ NEWSBRIEF_ROLES: ',' }, /NEWSBRIEF_ROLES: expected roles/],
    ] as const) {
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(message);
    }
  });
});

describe('the Discord role with shards', () => {
  it('connects only its shards, and owns the briefings of those shards’ guilds alone', async () => {
    const fake = await DiscordFake.start();
    const log = createLogger('error', textSink());
    try {
      const bot = await startBot({
        token: fake.token,
        apiBase: fake.apiBase,
        commands: new Map(),
        context: {} as never,
        log,
        shards: { count: 2, ids: [1] },
      });
      try {
        expect(fake.identifiedShards).toEqual([[1, 2]]);
        const owns = shardOwnership(bot.client);
        const guildOnShard = (shard: bigint) => String((2n ** 35n + shard) << 22n);
        expect(owns(guildOnShard(1n))).toBe(true);
        expect(owns(guildOnShard(0n))).toBe(false);
      } finally {
        await bot.stop();
      }
    } finally {
      await fake.close();
    }
  }, 30_000);
});

describe('the briefings role alone', () => {
  it('posts a due briefing through the REST API, with no gateway connection, and leaves the feeds to the poller', async () => {
    const NEWS = '300000000000000001';
    const fake = await DiscordFake.start({ guilds: [{ id: DEFAULT_IDS.guild, channels: [{ id: NEWS, name: 'news' }] }] });
    try {
      const db = 'briefings.db';
      const app = await openApp({ ...parseConfig({}), dbPath: join(dir, db), dbConfigured: true });
      await app.ingest(['data/articles']);
      // Added ten minutes ago with a slot every five: the slot missed meanwhile is due (within the grace period) at start.
      await app.schedules.addSchedule(
        { guildId: DEFAULT_IDS.guild, channelId: NEWS, topics: ['iran'], cron: '*/5 * * * *', timezone: 'UTC', createdBy: null },
        Date.now() - 10 * 60_000,
      );
      await app.close();
      const feedHits = server.hits('/feed.xml');
      const child = spawn('node', ['bin/newsbrief.js', 'start', '--roles', 'briefings'], {
        env: env(db, { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const posts = () => fake.messagesIn(NEWS).filter((m) => m.via === 'channel');
      for (let waited = 0; waited < 30_000 && posts().length === 0; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(posts().length).toBeGreaterThan(0);
      expect(fake.identifiedShards).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('running briefings');
      expect(stderr).not.toContain(fake.token);
      expect(server.hits('/feed.xml')).toBe(feedHits);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
