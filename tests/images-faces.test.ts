/**
 * Lead images in the faces (issue 21): `headlines --json`, `summary --json` sources and `quotes --json`
 * articles carry "image" (a URL or null); in Discord, through the real discord.js client and the
 * loopback Discord, a headline list shows its first picture as the embed's thumbnail and a posted
 * briefing shows its top story's picture as the embed's image; the console shows none of it.
 * Pages: tests/fixtures/images (README.md there says which image each names).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { DiscordBriefingPoster } from '../src/discord/briefings.js';
import { createLogger } from '../src/log.js';
import { composeBriefing } from '../src/news/briefing.js';
import type { Schedule } from '../src/store/schedules.js';
import { runCli } from './support/cli.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject } from './support/discord-fake.js';

const FIXTURES = 'tests/fixtures/images';
const IMAGES: Record<string, string | null> = {
  'Saltmere lighthouse cottage opens as a museum': 'https://img.coast.example/2025/lighthouse-cottage.jpg',
  'Saltmere ferry timetable changes for the summer': 'https://coast.example/media/ferry-timetable.png',
  'Saltmere harbour wall repairs begin': 'https://img.coast.example/2025/harbour-wall.webp',
  'Saltmere pier reopens to anglers': 'https://cdn.coast.example/pier/wide.jpg',
  'Saltmere dunes fenced off for nesting birds': null,
  'Saltmere tide tables printed for the new season': null,
};
const LIGHTHOUSE = IMAGES['Saltmere lighthouse cottage opens as a museum']!;
const NEWS_CHANNEL = '300000000000000001';

let db: string;

/** `newsbrief ARGS --db <the test database>`, in this process. */
const newsbrief = (...args: string[]) => runCli([...args, '--db', db]);

/** Each article's image by title, from JSON answers' article objects. */
const imagesByTitle = (articles: { title: string; image: unknown }[]) => Object.fromEntries(articles.map((a) => [a.title, a.image]));

beforeAll(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'nb-images-')), 'images.db');
  const ingested = await newsbrief('ingest', FIXTURES);
  expect(ingested.code, ingested.stderr).toBe(0);
});

describe('JSON answers', () => {
  it('clean gives each page its image, null for a page naming none worth keeping and for a text dump', async () => {
    const files = ['lighthouse-og.html', 'dunes-refused.html', 'tide-tables.txt'].map((name) => join(FIXTURES, name));
    const { code, stdout } = await runCli(['clean', ...files]);
    expect(code).toBe(0);
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { title: string; image: unknown });
    expect(records.map((r) => [r.title, r.image])).toEqual([
      ['Saltmere lighthouse cottage opens as a museum', LIGHTHOUSE],
      ['Saltmere dunes fenced off for nesting birds', null],
      ['Saltmere tide tables printed for the new season', null],
    ]);
  });

  it('headlines --json gives every headline its image, null when it has none', async () => {
    const { code, stdout } = await newsbrief('headlines', '--json');
    expect(code).toBe(0);
    const headlines = (JSON.parse(stdout) as { headlines: { title: string; image: unknown }[] }).headlines;
    expect(headlines.every((h) => 'image' in h)).toBe(true);
    expect(imagesByTitle(headlines)).toEqual(IMAGES);
  });

  it('summary --json gives each cited source its image', async () => {
    const { code, stdout } = await newsbrief('summary', 'saltmere', '--json', '--sentences', '5');
    expect(code).toBe(0);
    const sources = (JSON.parse(stdout) as { sources: { title: string; image: unknown }[] }).sources;
    expect(sources.length).toBeGreaterThan(1);
    for (const source of sources) expect(source.image, source.title).toBe(IMAGES[source.title]);
  });

  it("quotes --json gives each quote's article its image", async () => {
    const { code, stdout } = await newsbrief('quotes', 'lighthouse', '--json');
    expect(code).toBe(0);
    const quotes = JSON.parse(stdout) as { speaker: string; article: { title: string; image: unknown } }[];
    expect(quotes.map((q) => [q.speaker, q.article.image])).toEqual([['Mara Quint', LIGHTHOUSE]]);
  });

  it('the console prints no image address', async () => {
    const answers = [
      await newsbrief('headlines'),
      await newsbrief('briefing', 'lighthouse, pier'),
      await newsbrief('quotes', 'lighthouse'),
    ];
    for (const { code, stdout } of answers) {
      expect(code).toBe(0);
      expect(stdout).toContain('Saltmere');
      for (const image of Object.values(IMAGES)) if (image) expect(stdout).not.toContain(image);
    }
  });
});

describe('Discord', () => {
  let app: App;
  let fake: DiscordFake;
  let bot: Bot;
  const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

  beforeAll(async () => {
    delete process.env.SHARDS;
    delete process.env.SHARD_COUNT;
    app = await openApp({ ...parseConfig({}), dbPath: db });
    fake = await DiscordFake.start({ guilds: [{ id: DEFAULT_IDS.guild, channels: [{ id: NEWS_CHANNEL, name: 'news' }] }] });
    bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  /** Every embed of a reply or post. */
  const embedsOf = (data: JsonObject | undefined) => (data?.embeds as JsonObject[] | undefined) ?? [];

  it("shows the first headline's picture as the thumbnail of /headlines, mentions off", async () => {
    const reply = await fake.sendCommand('headlines', {}).firstCallback();
    expect(reply.type).toBe(4);
    const [embed, ...more] = embedsOf(reply.data);
    expect(more).toEqual([]);
    expect(embed?.thumbnail).toEqual({ url: LIGHTHOUSE });
    expect(embed?.image).toBeUndefined();
    expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows no thumbnail when no headline listed has a picture', async () => {
    const reply = await fake.sendCommand('headlines', { topic: 'tide' }).firstCallback();
    const embeds = embedsOf(reply.data);
    expect(String(embeds[0]?.description)).toContain('Saltmere tide tables printed for the new season');
    expect(embeds.map((e) => e.thumbnail ?? null)).toEqual(embeds.map(() => null));
  });

  /** Posts a briefing of these topics as the scheduler would, and gives back the message Discord kept. */
  async function postBriefing(id: number, topics: string[]) {
    const schedule: Schedule = {
      id,
      guildId: DEFAULT_IDS.guild,
      channelId: NEWS_CHANNEL,
      topics,
      cron: '0 8 * * *',
      timezone: 'UTC',
      status: 'active',
      statusReason: null,
      createdBy: null,
      createdAt: 0,
      lastSlot: null,
      mentionRole: null,
      sources: { only: [], except: [] },
    };
    const briefing = await composeBriefing(app, { topics, guildId: DEFAULT_IDS.guild });
    await new DiscordBriefingPoster(bot.client).post(schedule, briefing, { slot: Date.parse('2025-04-01T08:00:00Z'), alreadyPosted: 0 });
    return fake.waitForMessage(
      NEWS_CHANNEL,
      (m) => m.via === 'channel' && JSON.stringify(m.embeds).includes(`Briefing: ${topics.join(', ')}`),
    );
  }

  it("shows a posted briefing's top story's picture as the embed's image, and only that one", async () => {
    const post = await postBriefing(1, ['lighthouse', 'pier']);
    expect(post.allowedMentions).toEqual({ parse: [] });
    const embeds = embedsOf(post.wire);
    expect(embeds[0]?.image).toEqual({ url: LIGHTHOUSE });
    // The pier story is listed with a picture of its own, which stays out of the message.
    expect(JSON.stringify(embeds)).toContain('Saltmere pier reopens to anglers');
    expect(JSON.stringify(embeds)).not.toContain(IMAGES['Saltmere pier reopens to anglers']!);
    expect(embeds.some((e) => e.thumbnail !== undefined)).toBe(false);
  });

  it('shows no image on a briefing whose top story has none', async () => {
    const post = await postBriefing(2, ['tide', 'lighthouse']);
    const embeds = embedsOf(post.wire);
    expect(JSON.stringify(embeds)).toContain('Saltmere lighthouse cottage opens as a museum');
    expect(embeds.some((e) => e.image !== undefined || e.thumbnail !== undefined)).toBe(false);
  });

  it('is checked by the loopback Discord as Discord does: a javascript: thumbnail is refused', async () => {
    const body = { embeds: [{ description: 'x', thumbnail: { url: 'javascript:alert(1)' } }], allowed_mentions: { parse: [] } };
    const error = await bot.client.rest.post(Routes.channelMessages(NEWS_CHANNEL), { body }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 50035 });
  });
});
