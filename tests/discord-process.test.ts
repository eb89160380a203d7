/** `npm start` with a token: the real process logs in, serves, and shuts down cleanly on SIGTERM/SIGINT. */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, DiscordFake } from './support/discord-fake.js';

let fake: DiscordFake;
let dir: string;

beforeEach(async () => {
  fake = await DiscordFake.start();
  dir = mkdtempSync(join(tmpdir(), 'nb-process-'));
});

afterEach(async () => {
  await fake.close();
});

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    NEWSBRIEF_DB: join(dir, 'bot.db'),
  };
}

describe('newsbrief start with DISCORD_TOKEN', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves Discord, then on ${signal} destroys the client, closes the database and exits 0`, async () => {
      const child = spawn('node', ['bin/newsbrief.js', 'start'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await fake.waitForIdentify(1, 20_000);
      const reply = await fake.sendCommand('headlines', { topic: 'iran' }).firstCallback(10_000);
      expect(reply.type).toBe(4);
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stderr).toContain('logged in to Discord');
      expect(stderr).toContain(`${signal}: shutting down`);
      expect(stderr).not.toContain(fake.token);
      // A cleanly closed SQLite database in WAL mode leaves no -wal file behind.
      expect(existsSync(join(dir, 'bot.db'))).toBe(true);
      expect(existsSync(join(dir, 'bot.db-wal'))).toBe(false);
    }, 40_000);
  }

  it('fails with one line, without the token, when Discord refuses it', async () => {
    const child = spawn('node', ['bin/newsbrief.js', 'start'], {
      env: { ...env(), DISCORD_TOKEN: 'wrong-secret-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/newsbrief: could not log in to Discord/);
    expect(stderr).not.toContain('wrong-secret-token');
  }, 40_000);
});

describe('newsbrief deploy-commands', () => {
  it('registers the commands in one guild with --guild', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/newsbrief.js', 'deploy-commands', '--guild', DEFAULT_IDS.guild], {
      env: env(),
    });
    const files = readdirSync('commands')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(stdout).toContain(`registered /${files.join(', /')} for guild ${DEFAULT_IDS.guild}`);
    expect(
      fake
        .commands(DEFAULT_IDS.guild)
        .map((c) => c.name)
        .sort(),
    ).toEqual(files);
    expect(fake.commands()).toEqual([]);
  }, 40_000);
});
