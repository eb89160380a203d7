/**
 * The topic syntax where people type it: Discord commands (through the loopback Discord) and the
 * one-shot CLI. Exclusions and OR change the answer; a mistake is one line saying what was expected.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { channelProblem } from '../src/discord/briefings.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject } from './support/discord-fake.js';
import type { OptionValue } from './support/discord-fake-payloads.js';

const run = promisify(execFile);
const NEWS = '300000000000000001';
const ADMIN = (1n << 5n).toString(); // Manage Server
const SEED_TITLE = "Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter";
const UNCLOSED = 'topic: expected a closing " after "iran talks';
const ONLY_EXCLUDED = 'topic: expected something to look for besides the exclusions, e.g. iran -israel';
const OR_AT_END = 'topic: expected a word or "phrase" after OR';

let dbPath: string;
let fake: DiscordFake;
let app: App;
let bot: Bot;
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'nb-topic-')), 't.db');
  app = await openApp({ ...parseConfig({}), dbPath });
  await app.ingest(['data/articles']);
  fake = await DiscordFake.start({ guilds: [{ id: DEFAULT_IDS.guild, channels: [{ id: NEWS, name: 'news' }] }] });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  app.briefings.attach({
    checkChannel: (channelId, guildId) => channelProblem(bot.client, channelId, guildId),
    onChange: async () => {},
    now: () => Date.now(),
  });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
});

/**
 * A reply as it reads, markdown escapes removed, and whether only the caller sees it. A deferred
 * command (/summary) answers an error by a private follow-up, its "thinking..." removed.
 */
async function ask(
  name: string,
  options: Record<string, OptionValue> | JsonObject[],
  extra: { subcommand?: string; permissions?: string } = {},
) {
  const sent = fake.sendCommand(name, options, extra);
  const first = await sent.firstCallback();
  const data = first.type === 5 ? ((await fake.waitForRequest(`POST /webhooks/*/${sent.token}`)).body as JsonObject) : first.data;
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  const text = [data?.content, ...embeds.flatMap((e) => [e.title, e.description])]
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .replace(/\\(.)/g, '$1');
  return { text, ephemeral: data?.flags === 64 };
}

describe('topics in Discord', () => {
  it('leaves out what a topic excludes, and finds either side of OR', async () => {
    expect((await ask('headlines', { topic: 'iran' })).text).toContain(SEED_TITLE);
    expect((await ask('headlines', { topic: 'iran -trump' })).text).not.toContain(SEED_TITLE);
    expect((await ask('headlines', { topic: 'iran -"direct negotiations"' })).text).not.toContain(SEED_TITLE);
    expect((await ask('headlines', { topic: 'zzyzx OR trump' })).text).toContain(SEED_TITLE);
  });

  it('answers a mistake in /headlines, /summary and /quotes with one line only the caller sees', async () => {
    const cases: [string, string, string][] = [
      ['headlines', '"iran talks', UNCLOSED],
      ['summary', '-iran -oil', ONLY_EXCLUDED],
      ['quotes', 'iran OR', OR_AT_END],
    ];
    for (const [name, topic, message] of cases) {
      const { text, ephemeral } = await ask(name, { topic });
      expect(ephemeral, name).toBe(true);
      expect(text, name).toContain(message);
    }
  });

  it('refuses /briefing add with a mistake in any of its topics, saving nothing', async () => {
    const options = [
      { name: 'channel', type: 7, value: NEWS },
      { name: 'topics', type: 3, value: 'oil, iran OR' },
      { name: 'time', type: 3, value: '08:00' },
    ];
    const { text, ephemeral } = await ask('briefing', options, { subcommand: 'add', permissions: ADMIN });
    expect(ephemeral).toBe(true);
    expect(text).toContain(OR_AT_END);
    expect(await app.schedules.listSchedules(DEFAULT_IDS.guild)).toEqual([]);
  });
});

/** Runs the real `newsbrief` bin on the test's database. */
async function newsbrief(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEWSBRIEF_DB: dbPath };
  try {
    const { stdout, stderr } = await run('node', ['bin/newsbrief.js', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('topics in the CLI', () => {
  it('answers a mistake with exit 1 and one line on stderr, in every command that takes a topic', async () => {
    const cases: [string[], string][] = [
      [['headlines', '"iran talks'], UNCLOSED],
      [['headlines', '--json', 'iran OR'], OR_AT_END],
      [['summary', '--', '-iran'], ONLY_EXCLUDED],
      [['quotes', 'iran', 'OR'], OR_AT_END],
      [['briefing', 'oil, -iran'], ONLY_EXCLUDED],
      [['stories', '--db', dbPath, '"iran talks'], UNCLOSED],
    ];
    await Promise.all(
      cases.map(async ([args, message]) => {
        const { code, stdout, stderr } = await newsbrief(args);
        expect([code, stdout, stderr], args.join(' ')).toEqual([1, '', `newsbrief: ${message}\n`]);
      }),
    );
  });

  it('leaves out an excluded word in --json answers', async () => {
    const titles = async (topic: string) =>
      JSON.parse((await newsbrief(['headlines', '--json', topic])).stdout).headlines.map((h: { title: string }) => h.title);
    expect(await titles('iran')).toContain(SEED_TITLE);
    expect(await titles('iran -trump')).not.toContain(SEED_TITLE);
  });
});
