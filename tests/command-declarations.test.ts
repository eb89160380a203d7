/**
 * Commands declare what they need — a permission, suggestions per option — and every face honours
 * the declaration: the real discord.js client against the loopback Discord, the console, and deploy.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SlashCommandBuilder } from '@discordjs/builders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { type Caller, type Command, MANAGE_GUILD } from '../src/command.js';
import { checkDeclarations } from '../src/command-registry.js';
import { parseConfig } from '../src/config.js';
import { answerLine } from '../src/console/repl.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { deployCommands } from '../src/discord/deploy.js';
import { createLogger } from '../src/log.js';
import { noteView } from '../src/view.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject, MEMBER_PERMISSIONS } from './support/discord-fake.js';

const MANAGER = MANAGE_GUILD.toString();
const OUTLETS = ['BBC', 'Bloomberg', 'Reuters'];

let fake: DiscordFake;
let app: App;
let bot: Bot;
let commands: Map<string, Command>;
const handled: string[] = [];
const log = createLogger('error', new Writable({ write: (_chunk, _e, done) => done() }));

/** A command of the test's own, as a new file in commands/ would be: a permission and an option suggested by its own rule. */
const outlets: Command = {
  definition: new SlashCommandBuilder()
    .setName('outlets')
    .setDescription('Pick an outlet')
    .addStringOption((o) => o.setName('outlet').setDescription('An outlet').setAutocomplete(true)),
  requires: 'manageGuild',
  autocomplete: { outlet: async (typed) => OUTLETS.filter((name) => name.toLowerCase().startsWith(typed.toLowerCase())) },
  async handle(options) {
    handled.push(String(options.outlet));
    return { ...noteView('Outlets', `Picked ${String(options.outlet)}.`), buttons: [{ id: 'outlets:again', label: 'Again' }] };
  },
  async button() {
    handled.push('button');
    return noteView('Outlets', 'Picked again.');
  },
};

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  app = await openApp({ ...parseConfig({}), dbPath: join(mkdtempSync(join(tmpdir(), 'nb-declare-')), 'declare.db') });
  commands = new Map([...app.commands, ['outlets', outlets]]);
  fake = await DiscordFake.start();
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands, context: app, log });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
});

function shown(data: JsonObject | undefined): string {
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  return [data?.content ?? '', ...embeds.flatMap((e) => [e.title, e.description])].filter((part) => typeof part === 'string').join('\n');
}

const choices = async (permissions: string, typed: string) => {
  const callback = await fake.sendAutocomplete('outlets', { outlet: typed }, 'outlet', { permissions }).firstCallback();
  return ((callback.data?.choices as JsonObject[] | undefined) ?? []).map((c) => c.name);
};

describe('a command that requires Manage Server', () => {
  it('refuses a member without it in Discord, privately, before its handler runs', async () => {
    const before = handled.length;
    const reply = await fake.sendCommand('outlets', { outlet: 'BBC' }, { permissions: MEMBER_PERMISSIONS }).firstCallback();
    expect(reply.data?.flags).toBe(64);
    expect(shown(reply.data)).toContain('This needs the Manage Server permission.');
    const button = await fake.sendButton('outlets:again', { permissions: MEMBER_PERMISSIONS }).firstCallback();
    expect(shown(button.data)).toContain('This needs the Manage Server permission.');
    expect(handled.length).toBe(before);
  });

  it('answers a member who holds it, or Administrator', async () => {
    const reply = await fake.sendCommand('outlets', { outlet: 'BBC' }, { permissions: MANAGER }).firstCallback();
    expect(shown(reply.data)).toContain('Picked BBC.');
    const admin = await fake.sendCommand('outlets', { outlet: 'Reuters' }, { permissions: (1n << 3n).toString() }).firstCallback();
    expect(shown(admin.data)).toContain('Picked Reuters.');
  });

  it('refuses the same in the console for a caller without it; the console operator (no caller) may', async () => {
    const member: Caller = { guildId: DEFAULT_IDS.guild, channelId: null, userId: '1', permissions: BigInt(MEMBER_PERMISSIONS) };
    expect(await answerLine('/outlets BBC', commands, { ...app, caller: member })).toBe('Error: This needs the Manage Server permission.');
    expect(await answerLine('/outlets BBC', commands, app)).toContain('Picked BBC.');
  });

  it('is registered as Manage Server by default, as are /briefing, /follow and /source; the rest for everyone', async () => {
    await deployCommands({ token: fake.token, apiBase: fake.apiBase, commands, guildId: DEFAULT_IDS.guild });
    const registered = new Map(fake.commands(DEFAULT_IDS.guild).map((c) => [c.name, c.default_member_permissions]));
    for (const name of ['outlets', 'briefing', 'follow', 'source']) expect(registered.get(name as string)).toBe(MANAGER);
    for (const name of ['headlines', 'summary', 'quotes', 'trend']) expect(registered.get(name)).toBeNull();
  });
});

describe('autocomplete by declaration', () => {
  it('suggests from the rule the command declares for the focused option, whatever its name', async () => {
    expect(await choices(MANAGER, 'b')).toEqual(['BBC', 'Bloomberg']);
    expect(await choices(MANAGER, 'reu')).toEqual(['Reuters']);
  });

  it('suggests nothing to a member the command would refuse', async () => {
    expect(await choices(MEMBER_PERMISSIONS, 'b')).toEqual([]);
  });

  it('refuses a command whose definition and declarations disagree, naming the option', () => {
    const marked = { ...outlets, autocomplete: undefined };
    expect(() => checkDeclarations(marked, 'outlets.ts')).toThrow(
      'commands/outlets.ts: option outlet is marked for autocomplete but the command declares no suggestions for it',
    );
    const stray = { ...outlets, autocomplete: { ...outlets.autocomplete, country: async () => [] } };
    expect(() => checkDeclarations(stray, 'outlets.ts')).toThrow(
      'suggestions declared for country, which no option marks for autocomplete',
    );
    for (const [name, command] of app.commands) expect(() => checkDeclarations(command, `${name}.ts`)).not.toThrow();
  });
});
