/**
 * The first Discord step going wrong: `newsbrief deploy-commands` and `newsbrief start` (the real
 * bin, in a child process) against the loopback Discord answering with Discord's errors. Each
 * failure is one line on stderr saying what to fix, exit 1, no stack trace, never the token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiscordFailure } from '../src/discord/api-errors.js';
import { deployCommands } from '../src/discord/deploy.js';
import { DEFAULT_IDS, DiscordFake } from './support/discord-fake.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.secret-bot-token-value';
const WRONG_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.wrong-secret-token';
const GUILD_COMMANDS = 'PUT /applications/*/guilds/*/commands';
const INDEXED = /^newsbrief — /;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsbrief` bin against `apiBase`, with an empty data folder and database. */
function newsbrief(args: string[], env: { apiBase: string; token?: string; applicationId?: string }): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-discord-errors-'));
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISCORD_TOKEN: env.token ?? TOKEN,
    DISCORD_API_BASE: env.apiBase,
    NEWSBRIEF_DB: join(dir, 'bot.db'),
    NEWSBRIEF_DATA: dir,
    ...(env.applicationId ? { DISCORD_APPLICATION_ID: env.applicationId } : {}),
  };
  return new Promise((resolve) => {
    const child = execFile('node', ['bin/newsbrief.js', ...args], { env: childEnv, timeout: 30_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** The one failure line, after checking there is nothing else (but `start`'s index summary). */
function failureLine(outcome: Outcome, ...secrets: string[]): string {
  expect(outcome.code).toBe(1);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.split('\n').filter((line) => line !== '' && !INDEXED.test(line));
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(outcome.stderr).not.toMatch(/^\s+at /m);
  for (const secret of [TOKEN, WRONG_TOKEN, ...secrets]) expect(outcome.stderr).not.toContain(secret);
  // Printed so a run shows exactly what an operator would read.
  console.log(lines[0]);
  return lines[0] ?? '';
}

async function withFake(run: (fake: DiscordFake) => Promise<void>): Promise<void> {
  const fake = await DiscordFake.start({ token: TOKEN });
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

/** An address where nothing listens: a port just released on 127.0.0.1. */
async function closedApiBase(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api`;
}

const deploy = ['deploy-commands', '--guild', DEFAULT_IDS.guild];

describe.concurrent('newsbrief deploy-commands when Discord says no', () => {
  it(
    'names DISCORD_TOKEN when Discord refuses the token (401)',
    () =>
      withFake(async (fake) => {
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase, token: WRONG_TOKEN }));
        expect(line).toMatch(
          /^newsbrief: could not register the slash commands: Discord refused the token \(HTTP 401\): check DISCORD_TOKEN/,
        );
        expect(line).toContain('Bot page');
      }),
    40_000,
  );

  it(
    'says to invite the bot with applications.commands, and to check it is in the server, on 403 Missing Access (50001)',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 403, body: { code: 50001, message: 'Missing Access' } });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toContain('Discord answered 403 Missing Access (50001)');
        expect(line).toContain('"bot" and "applications.commands" scopes');
        expect(line).toContain(`check the bot is in server ${DEFAULT_IDS.guild}`);
      }),
    40_000,
  );

  it(
    'names DISCORD_APPLICATION_ID when Discord knows no such application (404, 10002)',
    () =>
      withFake(async (fake) => {
        const other = '1100000000000000999';
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase, applicationId: other }));
        expect(line).toContain(`Discord knows no application ${other} (404 Unknown Application (10002))`);
        expect(line).toContain('check DISCORD_APPLICATION_ID');
      }),
    40_000,
  );

  it(
    'names the server id when Discord knows no such server (404, 10004)',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 404, body: { code: 10004, message: 'Unknown Guild' } });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toContain(`Discord knows no server ${DEFAULT_IDS.guild} (404 Unknown Guild (10004))`);
        expect(line).toContain('Copy Server ID');
      }),
    40_000,
  );

  it(
    'lists the invalid fields on one line, naming the setting behind them (400, 50035)',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, {
          status: 400,
          body: {
            code: 50035,
            message: 'Invalid Form Body',
            errors: {
              application_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "110000000000000000x" is not snowflake.' }] },
            },
          },
        });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase, applicationId: '110000000000000000x' }));
        expect(line).toContain(
          'Discord rejected the request as invalid (400 Invalid Form Body (50035)): application_id[NUMBER_TYPE_COERCE]: Value "110000000000000000x" is not snowflake; check DISCORD_APPLICATION_ID',
        );
        expect(line).toContain('check DISCORD_APPLICATION_ID');
      }),
    40_000,
  );

  it(
    'fails at once with "retry in 60 min" on a long rate limit instead of waiting it out (429)',
    () =>
      withFake(async (fake) => {
        fake.rateLimitNext(GUILD_COMMANDS, { retryAfterSeconds: 3600 });
        const started = Date.now();
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toBe(
          'newsbrief: could not register the slash commands: Discord is rate limiting this bot (HTTP 429): retry in 60 min',
        );
        expect(Date.now() - started).toBeLessThan(20_000);
      }),
    40_000,
  );

  it(
    'says "retry later" on a 429 without Retry-After, which discord.js would otherwise retry forever',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: 0, global: false, code: 0 },
        });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toBe('newsbrief: could not register the slash commands: Discord is rate limiting this bot (HTTP 429): retry later');
      }),
    40_000,
  );

  it(
    'sits out a short rate limit and registers the commands',
    () =>
      withFake(async (fake) => {
        fake.rateLimitNext(GUILD_COMMANDS, { retryAfterSeconds: 1 });
        const outcome = await newsbrief(deploy, { apiBase: fake.apiBase });
        expect(outcome.code).toBe(0);
        expect(outcome.stdout).toContain(`for guild ${DEFAULT_IDS.guild}`);
        expect(fake.commands(DEFAULT_IDS.guild).length).toBeGreaterThan(0);
      }),
    40_000,
  );

  it('says Discord cannot be reached at the API base when nothing answers there (ECONNREFUSED)', async () => {
    const apiBase = await closedApiBase();
    const line = failureLine(await newsbrief(deploy, { apiBase }));
    expect(line).toBe(
      `newsbrief: could not register the slash commands: cannot reach Discord at ${apiBase} (ECONNREFUSED): check the network, or DISCORD_API_BASE if set`,
    );
  }, 40_000);

  it('says Discord cannot be reached when its host name does not resolve (ENOTFOUND)', async () => {
    const line = failureLine(await newsbrief(deploy, { apiBase: 'http://discord.invalid/api' }));
    expect(line).toMatch(
      /^newsbrief: could not register the slash commands: cannot reach Discord at http:\/\/discord\.invalid\/api \((ENOTFOUND|EAI_AGAIN)\)/,
    );
  }, 40_000);

  it('keeps the credentials of a proxy API base out of the line', async () => {
    const apiBase = await closedApiBase();
    const withUser = apiBase.replace('http://', 'http://operator:proxy-password@');
    const line = failureLine(await newsbrief(deploy, { apiBase: withUser }), 'proxy-password');
    expect(line).toContain(`cannot reach Discord at ${apiBase} (ECONNREFUSED)`);
  }, 40_000);

  it(
    'gives status, code and message on one line for any other Discord error (403, 50013)',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 403, body: { code: 50013, message: 'Missing Permissions' } });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toBe('newsbrief: could not register the slash commands: Discord answered HTTP 403 (50013): Missing Permissions');
      }),
    40_000,
  );

  it(
    "says to try again later when Discord keeps failing (502, after discord.js' retries)",
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 502, times: 4 });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toBe(
          'newsbrief: could not register the slash commands: Discord answered HTTP 502 (no error code): Bad Gateway; try again later',
        );
      }),
    40_000,
  );

  it(
    'blanks the token when an answer echoes it',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 400, body: { code: 0, message: `Bad header: Authorization: Bot ${TOKEN}` } });
        const line = failureLine(await newsbrief(deploy, { apiBase: fake.apiBase }));
        expect(line).toBe(
          'newsbrief: could not register the slash commands: Discord answered HTTP 400 (0): Bad header: Authorization: Bot [DISCORD_TOKEN]',
        );
      }),
    40_000,
  );
});

describe('deployCommands when Discord never answers', () => {
  it(
    'throws a DiscordFailure saying Discord cannot be reached (timed out)',
    () =>
      withFake(async (fake) => {
        fake.failNext(GUILD_COMMANDS, { status: 200, stall: true, times: 4 });
        const failure = await deployCommands({
          token: TOKEN,
          apiBase: fake.apiBase,
          applicationId: DEFAULT_IDS.application,
          guildId: DEFAULT_IDS.guild,
          commands: new Map(),
          timeoutMs: 200,
        }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(DiscordFailure);
        expect((failure as Error).message).toBe(
          `could not register the slash commands: cannot reach Discord at ${fake.apiBase} (timed out): check the network, or DISCORD_API_BASE if set`,
        );
      }),
    20_000,
  );
});

describe.concurrent('newsbrief start when Discord refuses the login', () => {
  it(
    'names DISCORD_TOKEN when REST refuses the token (401 on /gateway/bot)',
    () =>
      withFake(async (fake) => {
        const line = failureLine(await newsbrief(['start'], { apiBase: fake.apiBase, token: WRONG_TOKEN }));
        expect(line).toMatch(
          /^newsbrief: could not log in to Discord: Discord refused the token \(HTTP 401\): check DISCORD_TOKEN \(reset it on the Bot page/,
        );
      }),
    40_000,
  );

  it(
    'names DISCORD_TOKEN when the gateway closes with 4004 (authentication failed)',
    () =>
      withFake(async (fake) => {
        fake.closeNextIdentify(4004, 'Authentication failed.');
        const line = failureLine(await newsbrief(['start'], { apiBase: fake.apiBase }));
        expect(line).toMatch(
          /^newsbrief: could not log in to Discord: Discord refused the token \(gateway close 4004\): check DISCORD_TOKEN/,
        );
        expect(fake.identifyCount).toBe(0);
      }),
    40_000,
  );

  it(
    'fails at once with how long to wait on a long rate limit at login (429)',
    () =>
      withFake(async (fake) => {
        fake.rateLimitNext('GET /gateway/bot', { retryAfterSeconds: 300, global: true });
        const line = failureLine(await newsbrief(['start'], { apiBase: fake.apiBase }));
        expect(line).toBe('newsbrief: could not log in to Discord: Discord is rate limiting this bot (HTTP 429): retry in 5 min');
      }),
    40_000,
  );

  it('says Discord cannot be reached at the API base (ECONNREFUSED)', async () => {
    const apiBase = await closedApiBase();
    const line = failureLine(await newsbrief(['start'], { apiBase }));
    expect(line).toBe(
      `newsbrief: could not log in to Discord: cannot reach Discord at ${apiBase} (ECONNREFUSED): check the network, or DISCORD_API_BASE if set`,
    );
  }, 40_000);

  it(
    'gives status, code and message on one line for any other Discord error',
    () =>
      withFake(async (fake) => {
        fake.failNext('GET /gateway/bot', {
          status: 403,
          body: { code: 40002, message: 'You need to verify your account in order to perform this action.' },
        });
        const line = failureLine(await newsbrief(['start'], { apiBase: fake.apiBase }));
        expect(line).toBe(
          'newsbrief: could not log in to Discord: Discord answered HTTP 403 (40002): You need to verify your account in order to perform this action.',
        );
      }),
    40_000,
  );
});
