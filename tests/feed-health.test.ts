/**
 * Feed health in Discord: a feed disabled by a loopback 410 is told once in the channel of the
 * server's first briefing (across a restart and two processes too), or, with no briefing, in that
 * server's next /source answer; /source enable re-arms it. Real discord.js against the loopback Discord.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { type Config, parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { DiscordNoticePoster } from '../src/discord/notices.js';
import { createLogger } from '../src/log.js';
import { pollDue } from '../src/news/sources.js';
import { deliverFeedNotices } from '../src/schedule/notices.js';
import { DiscordFake, type JsonObject } from './support/discord-fake.js';
import { HttpFake, respond } from './support/http-fake.js';

const BRIEFED = '400000000000000001';
const QUIET = '400000000000000002';
const NEWS = '410000000000000001';
const LATER = '410000000000000002';
const QUIET_CHANNEL = '410000000000000003';
const LOCKED_GUILD = '400000000000000003';
const LOCKED = '410000000000000004';
const MANAGER = (1n << 5n).toString();
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

let server: HttpFake;
let fake: DiscordFake;
let config: Config;
let app: App;
let bot: Bot;

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  server = await HttpFake.start();
  server.route('/gone.xml', respond(410, 'gone'));
  const base = parseConfig({});
  config = { ...base, dbPath: join(mkdtempSync(join(tmpdir(), 'nb-health-')), 'h.db'), fetch: { ...base.fetch, allowLoopback: true } };
  app = await openApp(config);
  fake = await DiscordFake.start({
    guilds: [
      {
        id: BRIEFED,
        channels: [
          { id: NEWS, name: 'news' },
          { id: LATER, name: 'later' },
        ],
      },
      { id: QUIET, channels: [{ id: QUIET_CHANNEL, name: 'general' }] },
      { id: LOCKED_GUILD, channels: [{ id: LOCKED, name: 'locked', canPost: false }] },
    ],
  });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
  await server?.close();
});

const schedule = (guildId: string, channelId: string, at: number) =>
  app.schedules.addSchedule({ guildId, channelId, topics: ['harbour'], cron: '0 8 * * *', timezone: 'UTC', createdBy: 'u1' }, at);

const deliver = (on: App = app) =>
  deliverFeedNotices({ stores: { feeds: on.sourceDeps.feeds, schedules: on.schedules }, poster: new DiscordNoticePoster(bot.client), log });

/** What a message reads as (markdown escapes removed). */
function shown(data: JsonObject | undefined): string {
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  return [data?.content ?? '', ...embeds.flatMap((e) => [e.title, e.description, (e.footer as JsonObject | undefined)?.text])]
    .filter((part) => typeof part === 'string')
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

/** Runs /source in a server as a member with Manage Server; its (deferred, private) answer as text. */
async function source(guildId: string, subcommand: string, options: JsonObject[] = []): Promise<string> {
  const channelId = { [BRIEFED]: NEWS, [QUIET]: QUIET_CHANNEL, [LOCKED_GUILD]: LOCKED }[guildId];
  const sent = fake.sendCommand('source', options, { subcommand, guildId, channelId, permissions: MANAGER });
  const first = await sent.firstCallback();
  if (first.type !== 5) return shown(first.data);
  return shown((await fake.waitForRequest(`POST /webhooks/*/${sent.token}`)).body as JsonObject);
}

describe('a disabled feed is told once', () => {
  let feedId = 0;
  const notices = () => fake.messagesIn(NEWS).filter((m) => shown(m.wire).includes('was disabled'));

  it('posts the reason and the way back in the channel of the first briefing when a 410 disables the feed', async () => {
    const url = server.url('/gone.xml');
    const now = Date.now();
    await schedule(BRIEFED, NEWS, now - 2000);
    await schedule(BRIEFED, LATER, now - 1000);
    feedId = (await app.sourceDeps.feeds.addFeed({ guildId: BRIEFED, url, origin: 'command', intervalMs: 600_000, createdBy: 'u1' }, now))
      .feed.id;
    await app.sourceDeps.feeds.addFeed({ guildId: QUIET, url, origin: 'command', intervalMs: 600_000, createdBy: 'u2' }, now);
    const [report] = await pollDue(app.sourceDeps);
    expect(report).toMatchObject({ feedId, result: 'failed' });
    expect(await app.sourceDeps.feeds.getFeed(feedId)).toMatchObject({ status: 'disabled' });

    expect(await deliver()).toBe(1);
    const [notice] = notices();
    const text = shown(notice!.wire);
    expect(text).toContain(`#${feedId}`);
    expect(text).toContain('HTTP 410');
    expect(text).toContain(`/source enable id:${feedId}`);
    expect(notice!.allowedMentions).toEqual({ parse: [] });
    expect(fake.messagesIn(LATER)).toHaveLength(0);
    expect(fake.messagesIn(QUIET_CHANNEL)).toHaveLength(0); // no briefing there: the notice waits for a /source answer
  });

  it('does not post it again: not on the next round, not after a restart, not from two processes at once', async () => {
    expect(await deliver()).toBe(0);
    // Two processes started afresh on the same database (the bot's own stays up for the next tests).
    const restarted = await openApp(config);
    const other = await openApp(config);
    try {
      expect(await Promise.all([deliver(restarted), deliver(other)])).toEqual([0, 0]);
    } finally {
      await restarted.close();
      await other.close();
    }
    expect(notices()).toHaveLength(1);
  });

  it('tells a server without a briefing in its next /source answer, once', async () => {
    const first = await source(QUIET, 'list');
    expect(first).toContain('A feed was disabled');
    expect(first).toContain(`/source enable id:${feedId}`);
    expect(first).toContain('HTTP 410');
    const second = await source(QUIET, 'list');
    expect(second).not.toContain('was disabled');
    expect(second).toContain(`#${feedId}`); // the list itself still shows the feed's state
    expect(second).toMatch(/disabled: \S*gone\.xml: HTTP 410/);
  });

  it('re-arms the notice when the feed is enabled and then disabled again', async () => {
    const enabled = await source(QUIET, 'enable', [{ name: 'id', type: 4, value: feedId }]);
    expect(enabled).toContain(`Enabled feed #${feedId}`);
    expect(await app.sourceDeps.feeds.getFeed(feedId)).toMatchObject({ status: 'active', failures: 0 });
    expect(await source(QUIET, 'enable', [{ name: 'id', type: 4, value: feedId }])).toContain('is not disabled');
    await pollDue(app.sourceDeps);
    expect(await deliver()).toBe(1);
    expect(notices()).toHaveLength(2);
    expect(await source(QUIET, 'list')).toContain('A feed was disabled');
  });

  it("answers a feed that is not the server's with one line", async () => {
    expect(await source(QUIET, 'enable', [{ name: 'id', type: 4, value: 987654 }])).toContain('There is no feed #987654 here');
  });

  it('pauses a briefing whose channel the bot cannot post in, and tells that server in its next /source answer instead', async () => {
    const briefing = await schedule(LOCKED_GUILD, LOCKED, Date.now());
    await app.sourceDeps.feeds.addFeed(
      { guildId: LOCKED_GUILD, url: server.url('/gone.xml'), origin: 'command', intervalMs: 600_000 },
      Date.now(),
    );
    expect(await deliver()).toBe(0);
    expect(fake.messagesIn(LOCKED)).toHaveLength(0);
    expect(await app.schedules.getSchedule(briefing.id)).toMatchObject({
      status: 'paused',
      statusReason: expect.stringContaining('50013'),
    });
    const answer = await source(LOCKED_GUILD, 'list');
    expect(answer).toContain('A feed was disabled');
    expect(answer).toContain(`/source enable id:${feedId}`);
  });

  it('gives a notice back when Discord fails for a while, and posts it on the next round', async () => {
    const url = server.url('/gone-too.xml');
    server.route('/gone-too.xml', respond(410, 'gone'));
    const { feed } = await app.sourceDeps.feeds.addFeed({ guildId: BRIEFED, url, origin: 'command', intervalMs: 600_000 }, Date.now());
    await pollDue(app.sourceDeps);
    expect(await app.sourceDeps.feeds.getFeed(feed.id)).toMatchObject({ status: 'disabled' });
    const before = notices().length;
    fake.failNext(`POST /channels/${NEWS}/messages`, { status: 500, times: 4 });
    expect(await deliver()).toBe(0);
    expect(notices()).toHaveLength(before);
    expect(await deliver()).toBe(1);
    const posted = notices().slice(before);
    expect(posted).toHaveLength(1);
    expect(shown(posted[0]!.wire)).toContain(`/source enable id:${feed.id}`);
  });
});
