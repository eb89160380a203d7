/** One signal stops `newsbrief start` at any stage, even during a login that Discord keeps rate-limiting. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordFake } from './support/discord-fake.js';

let fake: DiscordFake;
let dir: string;

beforeEach(async () => {
  fake = await DiscordFake.start();
  dir = mkdtempSync(join(tmpdir(), 'nb-signals-'));
});

afterEach(async () => {
  await fake.close();
});

function startBot() {
  const child = spawn('node', ['bin/newsbrief.js', 'start'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      NEWSBRIEF_DB: join(dir, 'bot.db'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('newsbrief start, stopped by one signal', () => {
  it('exits 0 within seconds on one SIGTERM while Discord answers every login with 429', async () => {
    // Short rate limits: discord.js waits each out and asks again, for ever.
    fake.failNext('/gateway/bot', {
      status: 429,
      times: 1000,
      headers: { 'Retry-After': '1', 'X-RateLimit-Scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 1, global: false, code: 0 },
    });
    const bot = startBot();
    // Logging in: at least two rate-limited tries of GET /gateway/bot.
    await fake.waitForRequest(
      (r) => r.path === '/gateway/bot' && r.faulted && fake.requests.filter((q) => q.path === '/gateway/bot').length >= 2,
      30_000,
    );
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(bot.stderr()).toContain('SIGTERM: shutting down (stopped while logging in to Discord)');
    expect(bot.stderr()).not.toContain('logged in to Discord as');
    expect(bot.stderr()).not.toContain(fake.token);
  }, 60_000);

  it('exits 0 within seconds on one SIGTERM while Discord never answers the login', async () => {
    fake.failNext('/gateway/bot', { status: 200, stall: true });
    const bot = startBot();
    // A stalled answer is never sent, so the fake announces nothing: look for the request itself.
    await until(() => fake.requests.some((r) => r.path === '/gateway/bot'), 30_000);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(bot.stderr()).toContain('SIGTERM: shutting down (stopped while logging in to Discord)');
  }, 60_000);
});
