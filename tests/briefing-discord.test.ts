/** /briefing in Discord and scheduled posts through the loopback Discord, with a hand-moved scheduler clock. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { commandJson } from '../src/command.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { channelProblem, DiscordBriefingPoster } from '../src/discord/briefings.js';
import { renderView } from '../src/discord/render.js';
import { createLogger } from '../src/log.js';
import { composeBriefing } from '../src/news/briefing.js';
import { BriefingScheduler } from '../src/schedule/scheduler.js';
import { briefingView } from '../src/view.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject, MEMBER_PERMISSIONS } from './support/discord-fake.js';
import { FakeClock } from './support/fake-clock.js';

const GUILD = DEFAULT_IDS.guild;
const NEWS = '300000000000000001';
const LOCKED = '300000000000000002';
const ADMIN = (1n << 5n).toString(); // Manage Server

let fake: DiscordFake;
let app: App;
let bot: Bot;
let scheduler: BriefingScheduler;
const clock = new FakeClock(Date.parse('2025-04-03T05:59:00Z'));
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  app = await openApp({ ...parseConfig({}), dbPath: join(mkdtempSync(join(tmpdir(), 'nb-brief-')), 'b.db') });
  await app.ingest(['data/articles']);
  fake = await DiscordFake.start({
    guilds: [
      {
        id: GUILD,
        channels: [
          { id: NEWS, name: 'news' },
          { id: LOCKED, name: 'locked', canPost: false },
        ],
      },
    ],
  });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  scheduler = new BriefingScheduler({
    store: app.schedules,
    compose: (schedule, since, exclude) => composeBriefing(app, { topics: schedule.topics, since, exclude, guildId: schedule.guildId }),
    poster: new DiscordBriefingPoster(bot.client),
    log,
    graceMs: 3_600_000,
    claimant: 'test',
    clock,
  });
  app.briefings.attach({
    checkChannel: (channelId, guildId) => channelProblem(bot.client, channelId, guildId),
    onChange: () => scheduler.refresh(),
    now: () => clock.now(),
  });
  await scheduler.start();
});

afterAll(async () => {
  await scheduler?.stop();
  await bot?.stop();
  await fake?.close();
  await app?.close();
});

/** What a message reads as (markdown escapes removed). */
function shown(data: JsonObject | undefined): string {
  return markup(data).replace(/\\(.)/g, '$1');
}

function markup(data: JsonObject | undefined): string {
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  return [data?.content ?? '', ...embeds.flatMap((e) => [e.title, e.description, (e.footer as JsonObject | undefined)?.text])]
    .filter((part) => typeof part === 'string')
    .join('\n');
}

async function briefing(subcommand: string, options: JsonObject[], permissions = ADMIN) {
  const reply = await fake.sendCommand('briefing', options, { subcommand, permissions }).firstCallback();
  return { reply, text: shown(reply.data) };
}

const addOptions = (channel: string, topics: string, time: string, timezone?: string): JsonObject[] => [
  { name: 'channel', type: 7, value: channel },
  { name: 'topics', type: 3, value: topics },
  { name: 'time', type: 3, value: time },
  ...(timezone ? [{ name: 'timezone', type: 3, value: timezone }] : []),
];

describe('/briefing', () => {
  it('is for Manage Server by default and refuses a member without it when run', async () => {
    const definition = commandJson(app.commands.get('briefing')!);
    expect(definition.default_member_permissions).toBe(ADMIN);
    const { reply, text } = await briefing('add', addOptions(NEWS, 'iran', '08:00'), MEMBER_PERMISSIONS);
    expect(reply.data?.flags).toBe(64);
    expect(text).toContain('This needs the Manage Server permission.');
    expect(await app.schedules.listSchedules(GUILD)).toEqual([]);
  });

  it('refuses a bad cron, an unknown zone and a channel the bot cannot post in, saving nothing', async () => {
    const cases: [JsonObject[], RegExp][] = [
      [addOptions(NEWS, 'iran', '99 * * * *'), /time: "99 \* \* \* \*" is neither HH:MM nor a valid cron expression/],
      [addOptions(NEWS, 'iran', '08:00', 'Europe/Atlantis'), /timezone: unknown time zone/],
      [addOptions(LOCKED, 'iran', '08:00'), /channel: the bot needs View Channel, Send Messages and Embed Links there/],
    ];
    for (const [options, pattern] of cases) {
      const { reply, text } = await briefing('add', options);
      expect(reply.data?.flags).toBe(64);
      expect(text).toMatch(pattern);
    }
    expect(await app.schedules.listSchedules(GUILD)).toEqual([]);
  });

  it('adds a briefing, lists it with its next run in its zone, and posts it at 08:00 Berlin time', async () => {
    const added = await briefing('add', addOptions(NEWS, 'iran, bike lanes, mars', '08:00', 'Europe/Berlin'));
    expect(added.reply.data?.flags).toBe(64);
    expect(added.text).toMatch(/Saved briefing #1 in channel 300000000000000001: iran, bike lanes, mars/);
    const listed = await briefing('list', []);
    expect(listed.text).toContain('next Thu, 3 Apr 2025, 08:00 Europe/Berlin · active');

    await clock.advanceTo(Date.parse('2025-04-03T06:00:30Z'));
    const post = await fake.waitForMessage(NEWS, (m) => m.via === 'channel');
    expect(post.allowedMentions).toEqual({ parse: [] });
    const text = shown(post.wire);
    expect(text).toContain('Briefing: iran, bike lanes, mars');
    expect(text).toContain('### iran');
    expect(text).toContain("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(text).toContain('City Council Approves Protected Bike Lanes on Main Street');
    expect(text).toContain('Nothing new on mars since the last briefing.');
    expect(markup(post.wire)).toMatch(/\\\[1\\\]/);
  });

  it('says so in one line per topic when nothing is new the next day', async () => {
    const posts = () => fake.messagesIn(NEWS).filter((m) => m.via === 'channel');
    const before = posts().length;
    await clock.advanceTo(Date.parse('2025-04-04T06:00:30Z'));
    await fake.waitForMessage(NEWS, () => posts().length > before);
    const text = shown(posts().at(-1)!.wire);
    expect(text).toContain('Nothing new on iran since the last briefing.');
    expect(text).toContain('Nothing new on bike lanes since the last briefing.');
    expect(text).not.toContain('Iran Rejects Direct Negotiations');
  });

  it('pauses the briefing when Discord answers 50013, and shows why in /briefing list', async () => {
    fake.setCanPost(NEWS, false);
    await clock.advanceTo(Date.parse('2025-04-05T06:00:30Z'));
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${NEWS}/messages` && r.status === 403);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { text } = await briefing('list', []);
    expect(text).toContain('paused (the bot is missing permissions to post in the channel (Discord error 50013))');
    fake.setCanPost(NEWS, true);
  });

  it('resumes, and waits out a 429 on the channel post so the briefing still lands', async () => {
    expect((await briefing('resume', [{ name: 'id', type: 4, value: 1 }])).text).toContain('Briefing #1 resumed.');
    fake.rateLimitNext(`POST /channels/${NEWS}/messages`, { retryAfterSeconds: 1 });
    const posts = () => fake.messagesIn(NEWS).filter((m) => m.via === 'channel');
    const before = posts().length;
    await clock.advanceTo(Date.parse('2025-04-06T06:00:30Z'));
    await fake.waitForMessage(NEWS, () => posts().length > before);
    const attempts = fake
      .requestsMatching(`POST /channels/${NEWS}/messages`)
      .slice(-2)
      .map((r) => r.status);
    expect(attempts).toEqual([429, 200]);
  });

  it('previews privately, and removes', async () => {
    const preview = await briefing('preview', [{ name: 'topics', type: 3, value: 'oman' }]);
    expect(preview.reply.data?.flags).toBe(64);
    expect(preview.text).toContain('Oman Expands Sohar Port as Gulf Shipping Grows');
    expect((await briefing('remove', [{ name: 'id', type: 4, value: 1 }])).text).toContain('Removed briefing #1.');
    expect((await briefing('remove', [{ name: 'id', type: 4, value: 1 }])).text).toContain('no briefing #1 in this server');
  });

  it('retries a briefing whose second message failed without posting its first message twice', async () => {
    const headlines = Array.from({ length: 60 }, (_, i) => ({
      id: `big${i}`,
      title: `Long headline number ${i} `.padEnd(180, 'x'),
      url: `https://example.com/${i}`,
      source: 'Test Wire',
      published: '2025-04-01',
      alsoIn: [],
    }));
    const big = { topics: [{ topic: 'big', headlines, summary: null }], articleIds: headlines.map((h) => h.id) };
    const localClock = new FakeClock(Date.parse('2025-06-01T07:59:00Z'));
    const schedule = await app.schedules.addSchedule(
      { guildId: GUILD, channelId: NEWS, topics: ['big'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      localClock.now(),
    );
    const local = new BriefingScheduler({
      store: app.schedules,
      compose: async () => big,
      poster: new DiscordBriefingPoster(bot.client),
      log,
      graceMs: 3_600_000,
      claimant: 'retry-test',
      clock: localClock,
      retryBaseMs: 10,
      owns: (guildId) => guildId === GUILD,
    });
    const posts = () => fake.requestsMatching(`POST /channels/${NEWS}/messages`);
    const before = posts().length;
    // The second message fails past discord.js's own retries (a 503 four times), then Discord recovers.
    let seen = 0;
    fake.failNext((r) => r.method === 'POST' && r.path === `/channels/${NEWS}/messages` && ++seen > 1, { status: 503, times: 4 });
    await local.start();
    await localClock.advanceTo(Date.parse('2025-06-01T08:01:00Z'));
    await local.stop();
    const accepted = posts()
      .slice(before)
      .filter((r) => r.status === 200);
    const nonces = accepted.map((r) => (r.body as JsonObject).nonce);
    const rendered = renderView(briefingView(big, 'Briefing: big'));
    expect(rendered.length).toBeGreaterThanOrEqual(2);
    expect(accepted.length).toBe(rendered.length);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(accepted.every((r) => (r.body as JsonObject).enforce_nonce === true)).toBe(true);
    expect((await app.schedules.runsOf(schedule.id)).map((r) => r.state)).toEqual(['posted']);
  });
});
