/**
 * /follow through the loopback Discord: each new story on a topic posted once (whichever outlet
 * reports it first, across two watchers on one database), the hourly limit and quiet hours, pause on
 * missing access, role pings that ping that role only, and the outlet filter on follows and briefings.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { commandJson } from '../src/command.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { channelProblem, DiscordBriefingPoster, mentionProblem } from '../src/discord/briefings.js';
import { DiscordFollowPoster } from '../src/discord/follows.js';
import { createLogger } from '../src/log.js';
import { FollowWatcher } from '../src/schedule/follow-watcher.js';
import { openStores, type Stores } from '../src/store/open.js';
import { makeArticle } from './support/articles.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject, MEMBER_PERMISSIONS } from './support/discord-fake.js';
import { FakeClock } from './support/fake-clock.js';

const GUILD = DEFAULT_IDS.guild;
const NEWS = '300000000000000001';
const LOCKED = '300000000000000002';
const NO_PINGS = '300000000000000003';
const ALERTS = '300000000000000004';
const PINGABLE = '400000000000000001';
const PLAIN = '400000000000000002';
const ADMIN = (1n << 5n).toString();
const HOUR = 3_600_000;

let fake: DiscordFake;
let app: App;
let bot: Bot;
let second: Stores;
let watcher: FollowWatcher;
let otherWatcher: FollowWatcher;
// 12:00 UTC: outside the quiet hours used below unless a test says otherwise.
const clock = new FakeClock(Date.parse('2025-04-03T12:00:00Z'));
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

const storyArticle = (name: string, source: string): Article => ({
  ...buildArticle({
    origin: `tests/fixtures/stories/${name}`,
    format: 'text',
    content: readFileSync(`tests/fixtures/stories/${name}`, 'utf8'),
  }),
  source,
});

/** Made-up words from a seeded generator: every story below has its own, so none groups with another. */
let seed = 7;
function word(): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'zi', 'bu', 'fe', 'go', 'ha', 'ji', 'pu', 'wy'];
  let text = '';
  for (let i = 0; i < 4; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += syllables[(seed >>> 16) % syllables.length];
  }
  return text;
}
const words = (n: number) => Array.from({ length: n }, word).join(' ');

/** A distinct story on a topic word: its own title and body, so it groups with nothing else. */
function story(topic: string, source = 'Test Wire'): Article {
  return makeArticle({ title: `${topic} ${words(5)}`, paragraphs: [`${words(20)} ${topic} ${words(20)}.`, `${words(25)}.`], source });
}

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  const dbPath = join(mkdtempSync(join(tmpdir(), 'nb-follow-')), 'f.db');
  app = await openApp({ ...parseConfig({}), dbPath });
  second = await openStores(dbPath);
  fake = await DiscordFake.start({
    guilds: [
      {
        id: GUILD,
        channels: [
          { id: NEWS, name: 'news' },
          { id: LOCKED, name: 'locked', canPost: false },
          { id: NO_PINGS, name: 'no-pings', canMentionRoles: false },
          { id: ALERTS, name: 'alerts' },
        ],
        roles: [
          { id: PINGABLE, name: 'news-alerts', mentionable: true },
          { id: PLAIN, name: 'staff', mentionable: false },
        ],
      },
    ],
  });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  const watch = (store: Stores['follows'], claimant: string) =>
    new FollowWatcher({ store, poster: new DiscordFollowPoster(bot.client), log, claimant, intervalMs: HOUR, clock, retryBaseMs: 10 });
  watcher = watch(app.followStore, 'one');
  otherWatcher = watch(second.follows, 'two');
  const checks = {
    checkChannel: (channelId: string, guildId: string) => channelProblem(bot.client, channelId, guildId),
    checkMention: (roleId: string, channelId: string, guildId: string) => mentionProblem(bot.client, roleId, channelId, guildId),
    now: () => clock.now(),
  };
  app.follows.attach(checks);
  app.briefings.attach(checks);
});

afterAll(async () => {
  await watcher?.stop();
  await otherWatcher?.stop();
  await bot?.stop();
  await fake?.close();
  await second?.close();
  await app?.close();
});

function shown(data: JsonObject | undefined): string {
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  return [data?.content ?? '', ...embeds.flatMap((e) => [e.title, e.description, (e.footer as JsonObject | undefined)?.text])]
    .filter((part) => typeof part === 'string')
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

async function command(name: string, subcommand: string, options: JsonObject[], permissions = ADMIN) {
  const reply = await fake.sendCommand(name, options, { subcommand, permissions }).firstCallback();
  return { reply, text: shown(reply.data) };
}

const str = (name: string, value: string): JsonObject => ({ name, type: 3, value });
const followOptions = (channel: string, topic: string, extra: JsonObject[] = []): JsonObject[] => [
  str('topic', topic),
  { name: 'channel', type: 7, value: channel },
  ...extra,
];
const posts = (channel: string) => fake.messagesIn(channel).filter((m) => m.via === 'channel');
/** Both watchers look at once, as two processes on one database would. */
const tickBoth = () => Promise.all([watcher.tick(), otherWatcher.tick()]);
const addedId = (text: string) => Number(/Following #(\d+)/.exec(text)?.[1]);

describe('/follow', () => {
  it('is for Manage Server, and refuses bad input in one line, saving nothing', async () => {
    const definition = commandJson(app.commands.get('follow')!);
    expect(definition.default_member_permissions).toBe(ADMIN);
    expect((await command('follow', 'add', followOptions(NEWS, 'iran'), MEMBER_PERMISSIONS)).text).toContain(
      'This needs the Manage Server permission.',
    );
    const cases: [JsonObject[], string][] = [
      [followOptions(NEWS, 'iran', [str('quiet', '25-07')]), 'quiet: expected two different hours such as 22-07'],
      [followOptions(NEWS, 'iran', [str('timezone', 'Mars/Olympus')]), 'timezone: unknown time zone'],
      [followOptions(NEWS, '"climate change'), 'topic: expected a closing "'],
      [followOptions(LOCKED, 'iran'), 'channel: the bot needs View Channel, Send Messages and Embed Links there'],
      [followOptions(NEWS, 'iran', [str('only', 'BBC'), str('except', 'Fox')]), 'only, except: give one of them, not both'],
      [followOptions(NO_PINGS, 'iran', [{ name: 'mention', type: 8, value: PLAIN }]), 'mention: the bot may not ping that role there'],
      [followOptions(NEWS, 'iran', [{ name: 'mention', type: 8, value: GUILD }]), 'mention: pick a role other than'],
    ];
    for (const [options, message] of cases) {
      const { reply, text } = await command('follow', 'add', options);
      expect(reply.data?.flags).toBe(64);
      expect(text).toContain(message);
    }
    expect(await app.followStore.listFollows(GUILD)).toEqual([]);
  });

  it('posts a new story once, at its first outlet, across two ingests and two watchers on one database', async () => {
    const added = await command('follow', 'add', followOptions(NEWS, 'harbour bridge'));
    expect(added.text).toMatch(/Following #\d+ in channel 300000000000000001: harbour bridge — at most 6 an hour · active/);
    const before = posts(NEWS).length;
    await app.store.upsert(storyArticle('bridge-courier.txt', 'Courier'));
    await tickBoth();
    expect(posts(NEWS)).toHaveLength(before + 1);
    const post = posts(NEWS).at(-1)!;
    expect(post.allowedMentions).toEqual({ parse: [] });
    expect(post.content).toBe('');
    const text = shown(post.wire);
    expect(text).toContain('New on harbour bridge');
    expect(text).toContain('Cargo ship strikes Halden harbour bridge, closing it to traffic');
    expect(text).toContain('Courier');
    // A follow added now: the story was first reported before it, so later outlets of it are not new to it either.
    const late = addedId((await command('follow', 'add', followOptions(ALERTS, 'halden'))).text);
    const alertsBefore = posts(ALERTS).length;
    // The same event from a second outlet, indexed later (through the other process's store): no second post.
    await second.store.upsert(storyArticle('bridge-herald.txt', 'Herald'));
    await app.store.upsert(storyArticle('bridge-gazette.txt', 'Gazette'));
    await tickBoth();
    await tickBoth();
    expect(posts(NEWS)).toHaveLength(before + 1);
    expect(posts(ALERTS)).toHaveLength(alertsBefore);
    await command('follow', 'remove', [{ name: 'id', type: 4, value: late }]);
    const follow = (await app.followStore.listFollows(GUILD))[0]!;
    expect(follow.topic).toBe('harbour bridge');
    expect((await app.followStore.postsOf(follow.id)).map((p) => p.state)).toEqual(['posted']);
    expect(follow.lastRow).toBe(await app.followStore.articleHead());
    expect((await command('follow', 'list', [])).text).toContain('last 24 h: 1 posted');
    await command('follow', 'remove', [{ name: 'id', type: 4, value: follow.id }]);
  });

  it('posts at most max_per_hour an hour, skips the rest and says so in /follow list', async () => {
    const { text } = await command('follow', 'add', followOptions(ALERTS, 'zeppelins', [{ name: 'max_per_hour', type: 4, value: 2 }]));
    const id = addedId(text);
    const before = posts(ALERTS).length;
    for (let i = 0; i < 4; i++) await app.store.upsert(story('zeppelins'));
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before + 2);
    const listed = await command('follow', 'list', []);
    expect(listed.text).toContain('at most 2 an hour');
    expect(listed.text).toContain('last 24 h: 2 posted, 2 skipped over the hourly limit');
    // Skipped stories are not queued: an hour later only a new story is posted.
    await clock.advanceTo(clock.now() + HOUR + 60_000);
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before + 2);
    await app.store.upsert(story('zeppelins'));
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before + 3);
    await command('follow', 'remove', [{ name: 'id', type: 4, value: id }]);
  });

  it("posts nothing in quiet hours, in the follow's time zone", async () => {
    // 13:01 UTC is 15:01 in Berlin: inside 15-16 there.
    const { text } = await command(
      'follow',
      'add',
      followOptions(ALERTS, 'hovercraft', [str('quiet', '15-16'), str('timezone', 'Europe/Berlin')]),
    );
    expect(text).toContain('quiet 15:00-16:00 Europe/Berlin');
    const before = posts(ALERTS).length;
    await app.store.upsert(story('hovercraft'));
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before);
    expect((await command('follow', 'list', [])).text).toContain('1 skipped in quiet hours');
    await clock.advanceTo(Date.parse('2025-04-03T14:05:00Z'));
    await app.store.upsert(story('hovercraft'));
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before + 1);
    await command('follow', 'remove', [{ name: 'id', type: 4, value: addedId(text) }]);
  });

  it('pauses when Discord answers 50013, says why in /follow list, and resumes from new stories', async () => {
    const { text } = await command('follow', 'add', followOptions(NEWS, 'submarines'));
    const id = addedId(text);
    fake.setCanPost(NEWS, false);
    await app.store.upsert(story('submarines'));
    await tickBoth();
    expect((await app.followStore.getFollow(id))!.status).toBe('paused');
    expect((await command('follow', 'list', [])).text).toContain(
      'paused (the bot is missing permissions to post in the channel (Discord error 50013))',
    );
    fake.setCanPost(NEWS, true);
    await app.store.upsert(story('submarines'));
    await tickBoth();
    const before = posts(NEWS).length;
    expect((await command('follow', 'resume', [{ name: 'id', type: 4, value: id }])).text).toContain(`Follow #${id} resumed.`);
    await tickBoth();
    expect(posts(NEWS)).toHaveLength(before);
    const fresh = story('submarines');
    await app.store.upsert(fresh);
    await tickBoth();
    expect(posts(NEWS)).toHaveLength(before + 1);
    expect(shown(posts(NEWS).at(-1)!.wire)).toContain(fresh.title);
    await command('follow', 'remove', [{ name: 'id', type: 4, value: id }]);
  });

  it('pings the chosen role and nothing else, and keeps to its outlets', async () => {
    const mention = { name: 'mention', type: 8, value: PINGABLE };
    const { text } = await command(
      'follow',
      'add',
      followOptions(ALERTS, 'airships', [mention, str('only', 'courier, The Herald'), str('exclude', 'hot air, -blimp')]),
    );
    expect(text).toContain('airships -"hot air" -blimp — at most 6 an hour · only courier, the herald · pings role 400000000000000001');
    // A role that is not mentionable may still be pinged where the bot has Mention @everyone.
    expect((await command('follow', 'add', followOptions(ALERTS, 'kites', [{ name: 'mention', type: 8, value: PLAIN }]))).text).toContain(
      'Following #',
    );
    const before = posts(ALERTS).length;
    const fromGazette = story('airships', 'Gazette');
    const fromHerald = story('airships', 'the herald');
    await app.store.upsert(fromGazette);
    await app.store.upsert(story('airships hot air', 'Courier'));
    await app.store.upsert(fromHerald);
    await tickBoth();
    expect(posts(ALERTS)).toHaveLength(before + 1);
    const post = posts(ALERTS).at(-1)!;
    expect(post.allowedMentions).toEqual({ roles: [PINGABLE] });
    expect(post.content).toBe(`<@&${PINGABLE}>`);
    expect(shown(post.wire)).toContain(fromHerald.title);
  });
});

describe('/briefing with a role and an outlet filter', () => {
  it('refuses a role the bot may not ping there, and previews only the chosen outlets', async () => {
    const refused = await command('briefing', 'add', [
      { name: 'channel', type: 7, value: NO_PINGS },
      str('topics', 'iran'),
      str('time', '08:00'),
      { name: 'mention', type: 8, value: PLAIN },
    ]);
    expect(refused.text).toContain('mention: the bot may not ping that role there');
    expect(await app.schedules.listSchedules(GUILD)).toEqual([]);
    await app.store.upsert(story('gliders', 'Courier'));
    const fromGazette = story('gliders', 'Gazette');
    await app.store.upsert(fromGazette);
    const preview = await command('briefing', 'preview', [str('topics', 'gliders'), str('except', 'courier')]);
    expect(preview.text).toContain(fromGazette.title);
    expect(preview.text).not.toContain('Courier');
    const only = await command('briefing', 'preview', [str('topics', 'gliders'), str('only', 'Courier')]);
    expect(only.text).not.toContain(fromGazette.title);
    expect(only.text).toContain('Courier');
  });

  it('saves the role and filter, and its post pings that role only', async () => {
    const added = await command('briefing', 'add', [
      { name: 'channel', type: 7, value: NEWS },
      str('topics', 'gliders'),
      str('time', '08:00'),
      { name: 'mention', type: 8, value: PINGABLE },
      str('only', 'Gazette'),
    ]);
    expect(added.text).toMatch(
      /Saved briefing #\d+ in channel 300000000000000001: gliders — 0 8 \* \* \* · next .* · only gazette · pings role 400000000000000001 · active/,
    );
    const schedule = (await app.schedules.listSchedules(GUILD))[0]!;
    expect(schedule).toMatchObject({ mentionRole: PINGABLE, sources: { only: ['gazette'], except: [] } });
    const before = posts(NEWS).length;
    const briefing = { topics: [{ topic: 'gliders', headlines: [], summary: null }], articleIds: [] };
    await new DiscordBriefingPoster(bot.client).post(schedule, briefing, { slot: Date.parse('2025-04-04T08:00:00Z'), alreadyPosted: 0 });
    const post = posts(NEWS)[before]!;
    expect(post.allowedMentions).toEqual({ roles: [PINGABLE] });
    expect(post.content).toBe(`<@&${PINGABLE}>`);
  });
});
