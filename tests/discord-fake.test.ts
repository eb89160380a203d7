/**
 * The loopback Discord behaves like Discord for the real discord.js Client: it logs in, gets
 * interactions, has its replies checked by Discord's rules, and survives gateway trouble.
 */
import { once } from 'node:events';
import {
  Client,
  type ClientOptions,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  REST,
  Routes,
  SlashCommandBuilder,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, DiscordFake, type DiscordFakeOptions } from './support/discord-fake.js';

let fake: DiscordFake | undefined;
let client: Client | undefined;

beforeEach(() => {
  // The Client reads these to pick its shards; a stray value would make it ask for shard N of M.
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

/** Starts a fake and a real Client logged in to it, ready. */
async function connect(
  options: DiscordFakeOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ fake: DiscordFake; client: Client }> {
  const started = await DiscordFake.start(options);
  fake = started;
  const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: started.apiBase }, ...clientOptions });
  client = bot;
  const ready = once(bot, Events.ClientReady);
  await bot.login(started.token);
  await ready;
  return { fake: started, client: bot };
}

function nextInteraction(bot: Client): Promise<Interaction> {
  return new Promise((resolve) => bot.once(Events.InteractionCreate, resolve));
}

async function nextCommand(bot: Client) {
  const interaction = await nextInteraction(bot);
  if (!interaction.isChatInputCommand()) throw new Error(`expected a slash command, got type ${interaction.type}`);
  return interaction;
}

/** The DiscordAPIError a promise rejects with (fails the test if it resolves or throws otherwise). */
async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(outcome)}`);
  return outcome;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('login', () => {
  it('logs the real Client in: /gateway/bot, IDENTIFY, READY with the bot user and application', async () => {
    const { fake, client } = await connect();
    expect(client.user?.id).toBe(DEFAULT_IDS.botUser);
    expect(client.application?.id).toBe(DEFAULT_IDS.application);
    expect(fake.requestsMatching('GET /gateway/bot')[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.gatewayConnectionUrls).toEqual(['/gateway?v=10&encoding=json']);
    const identify = fake.gatewayFrames.find((f) => f.direction === 'in' && f.op === 2);
    expect(identify?.d).toMatchObject({ token: fake.token, intents: GatewayIntentBits.Guilds, shard: [0, 1] });
  });

  it('answers heartbeats, so the client measures a ping', async () => {
    const { fake, client } = await connect({ heartbeatIntervalMs: 50 });
    // The client only sends a second heartbeat once the first was ACKed, else it reconnects.
    await fake.waitForHeartbeats(2);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(fake.gatewayFrames.some((f) => f.direction === 'out' && f.op === 11)).toBe(true);
  });

  it('refuses a wrong token with 401, which discord.js reports as an invalid token', async () => {
    fake = await DiscordFake.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401 });
  });

  it('announces configured guilds with GUILD_CREATE, channels included', async () => {
    const guild = { id: '1200000000000000001', name: 'Desk', channels: [{ id: '1200000000000000002', name: 'briefings' }] };
    const { client } = await connect({ guilds: [guild] });
    expect(client.guilds.cache.get(guild.id)?.name).toBe('Desk');
    expect(client.channels.cache.get('1200000000000000002')?.isTextBased()).toBe(true);
  });
});

describe('interactions', () => {
  it('delivers /summary topic:iran and records the reply with its allowed_mentions', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    const interaction = await arriving;
    expect(interaction.commandName).toBe('summary');
    expect(interaction.options.getString('topic')).toBe('iran');
    expect(interaction.id).toBe(sent.id);
    expect(/^\d{17,19}$/.test(sent.id)).toBe(true);

    await interaction.reply({ content: 'Iran: three sources agree.', allowedMentions: { parse: [] } });

    const callback = await sent.firstCallback();
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'Iran: three sources agree.', allowed_mentions: { parse: [] } });
    expect(callback.latencyMs).toBeGreaterThanOrEqual(0);
    expect(callback.latencyMs).toBeLessThan(1_000);
    expect(fake.callbacksFor(sent.id)).toHaveLength(1);
    const [message] = fake.messagesIn(DEFAULT_IDS.channel);
    expect(message).toMatchObject({ content: 'Iran: three sources agree.', via: 'interaction-reply', allowedMentions: { parse: [] } });
  });

  it('takes a deferred reply, then the edit of @original', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'markets' });
    const interaction = await arriving;
    await interaction.deferReply();
    expect(fake.messagesIn(DEFAULT_IDS.channel)[0]?.flags).toBe(128); // "thinking..."

    const edited = await interaction.editReply({ content: 'Markets: calm.' });

    expect((await sent.firstCallback()).type).toBe(5);
    expect(edited.content).toBe('Markets: calm.');
    expect(fake.requestsMatching('PATCH /webhooks/*/*/messages/@original')).toHaveLength(1);
    expect(fake.messagesIn(DEFAULT_IDS.channel).map((m) => [m.content, m.flags])).toEqual([['Markets: calm.', 0]]);
    await interaction.followUp({ content: 'Sources: 3' });
    expect(fake.messagesIn(DEFAULT_IDS.channel).map((m) => m.via)).toEqual(['interaction-reply', 'follow-up']);
  });

  it('refuses a second initial reply with 40060', async () => {
    const { fake, client } = await connect();
    const first = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    await (await first).reply({ content: 'first' });

    // The same interaction delivered again (a second bot process would see this): discord.js
    // has a fresh object, so only Discord can say it was answered already.
    const again = nextCommand(client);
    fake.dispatch('INTERACTION_CREATE', sent.payload);
    const error = await apiError((await again).reply({ content: 'second' }));

    expect(error.code).toBe(40060);
    expect(error.status).toBe(400);
    expect(fake.callbacksFor(sent.id).map((r) => r.status)).toEqual([204, 400]);
  });

  it('answers a reply after the deadline with 10062 Unknown interaction', async () => {
    const { fake, client } = await connect({ interactionDeadlineMs: 200 });
    const arriving = nextCommand(client);
    fake.sendCommand('summary', { topic: 'iran' });
    const interaction = await arriving;
    await sleep(300);

    const error = await apiError(interaction.reply({ content: 'too late' }));

    expect(error.code).toBe(10062);
    expect(error.status).toBe(404);
  });

  it('rejects 2001 characters of content with 50035, and the interaction can still be answered', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    const interaction = await arriving;

    const error = await apiError(interaction.reply({ content: 'x'.repeat(2001) }));

    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    // A refused reply is not an acknowledgement: the bot may still answer within the deadline.
    await interaction.reply({ content: 'x'.repeat(2000) });
    expect((await sent.firstCallback()).data?.content).toHaveLength(2000);
    expect(fake.callbacksFor(sent.id).map((r) => r.status)).toEqual([400, 204]);
  });

  it('waits out a 429 with Retry-After on the callback, and the reply lands', async () => {
    const { fake, client } = await connect();
    fake.rateLimitNext('POST /interactions/*/*/callback', { retryAfterSeconds: 1 });
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });

    await (await arriving).reply({ content: 'after the limit' });

    const [limited, landed] = fake.callbacksFor(sent.id);
    expect(limited).toMatchObject({ status: 429, faulted: true });
    expect(landed?.status).toBe(204);
    expect((landed?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((await sent.firstCallback()).latencyMs).toBeGreaterThanOrEqual(1_000);
  });

  it('passes a button click to the client with its custom_id, and applies the update', async () => {
    const { fake, client } = await connect();
    const arriving = nextInteraction(client);
    const sent = fake.sendButton('brief:more:iran');
    const interaction = await arriving;
    if (!interaction.isButton()) throw new Error('expected a button interaction');
    expect(interaction.customId).toBe('brief:more:iran');
    expect(interaction.message.id).toBe((sent.payload.message as { id: string }).id);

    await interaction.update({ content: 'Iran, in depth.', components: [] });

    expect((await sent.firstCallback()).type).toBe(7);
    expect(fake.messagesIn(DEFAULT_IDS.channel)[0]).toMatchObject({ content: 'Iran, in depth.', components: [] });
  });

  it('sends autocomplete with the focused option and records the choices', async () => {
    const { fake, client } = await connect();
    const arriving = nextInteraction(client);
    const sent = fake.sendAutocomplete('summary', { topic: 'ir' }, 'topic');
    const interaction = await arriving;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused()).toBe('ir');

    await interaction.respond([{ name: 'Iran', value: 'iran' }]);

    expect(await sent.firstCallback()).toMatchObject({ type: 8, data: { choices: [{ name: 'Iran', value: 'iran' }] } });
  });

  it('refuses follow-ups before the first callback (10015) and after the token expires (50027)', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    const interaction = await arriving;
    const followUp = (): Promise<unknown> =>
      client.rest.post(Routes.webhook(fake.applicationId, sent.token), {
        body: { content: 'more' },
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      });

    expect((await apiError(followUp())).code).toBe(10015);
    await interaction.deferReply();
    await followUp(); // fills in the "thinking..." reply
    fake.setTokenLifetime(50);
    await sleep(100);
    const expired = await apiError(followUp());

    expect([expired.code, expired.status]).toEqual([50027, 401]);
    expect(fake.messagesIn(DEFAULT_IDS.channel).map((m) => m.content)).toEqual(['more']);
  });

  it('sends an interaction from a DM when guildId is null', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    fake.sendCommand(
      'summary',
      { topic: 'iran' },
      { guildId: null, channelId: '1400000000000000001', user: { id: '1400000000000000002' } },
    );
    const interaction = await arriving;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.id).toBe('1400000000000000002');
    await interaction.reply({ content: 'in private' });
  });

  it('gives member permissions as configured', async () => {
    const { fake, client } = await connect();
    const arriving = nextCommand(client);
    fake.sendCommand('admin', {}, { permissions: '8', subcommand: 'reload' });
    const interaction = await arriving;
    expect(interaction.memberPermissions?.has('Administrator')).toBe(true);
    expect(interaction.options.getSubcommand()).toBe('reload');
    await interaction.reply({ content: 'ok' });
  });
});

describe('gateway trouble', () => {
  it('resumes after RECONNECT and answers a later interaction', async () => {
    const { fake, client } = await connect();
    fake.sendReconnect();
    await fake.waitForResume();
    expect(fake.identifyCount).toBe(1);

    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    await (await arriving).reply({ content: 'still here' });
    expect((await sent.firstCallback()).type).toBe(4);
  });

  it('replays an interaction sent while the connection was down, after RESUME', async () => {
    const { fake, client } = await connect();
    fake.dropConnection();
    expect(fake.gatewayConnected).toBe(false);
    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'missed' });
    await fake.waitForResume();

    await (await arriving).reply({ content: 'caught up' });

    expect((await sent.firstCallback()).data?.content).toBe('caught up');
  });

  it('identifies again after INVALID_SESSION(false)', async () => {
    // discord.js waits ~5 s between IDENTIFYs of one shard (client-side pacing, nothing the
    // fake enforces); a no-op throttler keeps this test about the protocol, not the clock.
    const { fake, client } = await connect({}, { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } });
    fake.sendInvalidSession(false);
    await fake.waitForIdentify(2);
    expect(fake.resumeCount).toBe(0);

    const arriving = nextCommand(client);
    const sent = fake.sendCommand('summary', { topic: 'iran' });
    await (await arriving).reply({ content: 'new session' });
    expect((await sent.firstCallback()).type).toBe(4);
  });
});

describe('REST', () => {
  it('registers commands with a standalone REST, as the deploy script does', async () => {
    fake = await DiscordFake.start();
    const body = [
      new SlashCommandBuilder()
        .setName('summary')
        .setDescription('Brief me on a topic')
        .addStringOption((o) => o.setName('topic').setDescription('What about').setRequired(true))
        .toJSON(),
    ];
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);

    const stored = (await rest.put(Routes.applicationCommands(fake.applicationId), { body })) as { id: string; name: string }[];

    expect(stored).toMatchObject([{ name: 'summary' }]);
    expect(stored[0]?.id).toMatch(/^\d{17,19}$/);
    expect(await rest.get(Routes.applicationCommands(fake.applicationId))).toEqual(stored);
    expect(fake.sendCommand('summary', { topic: 'iran' }).payload.data).toMatchObject({ id: stored[0]?.id });
    await rest.put(Routes.applicationGuildCommands(fake.applicationId, DEFAULT_IDS.guild), { body });
    expect(fake.commands(DEFAULT_IDS.guild)).toHaveLength(1);
  });

  it('posts to channels, refusing unknown ones (10003) and ones the bot may not post in (50013)', async () => {
    fake = await DiscordFake.start({
      channels: [
        { id: '1300000000000000001', guildId: DEFAULT_IDS.guild },
        { id: '1300000000000000002', canPost: false },
      ],
    });
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);

    await rest.post(Routes.channelMessages('1300000000000000001'), { body: { content: 'Morning brief', allowed_mentions: { parse: [] } } });
    const unknown = await apiError(rest.post(Routes.channelMessages('1300000000000000009'), { body: { content: 'x' } }));
    const forbidden = await apiError(rest.post(Routes.channelMessages('1300000000000000002'), { body: { content: 'x' } }));

    expect(fake.messagesIn('1300000000000000001')).toMatchObject([
      { content: 'Morning brief', via: 'channel', allowedMentions: { parse: [] } },
    ]);
    expect([unknown.code, unknown.status]).toEqual([10003, 404]);
    expect([forbidden.code, forbidden.status, forbidden.message]).toEqual([50013, 403, 'Missing Permissions']);
  });

  it('rejects embeds over 6000 characters in total, which discord.js does not check', async () => {
    fake = await DiscordFake.start();
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    const embeds = [1, 2].map(() => ({ description: 'y'.repeat(3001) }));
    const error = await apiError(rest.post(Routes.channelMessages(DEFAULT_IDS.channel), { body: { embeds } }));
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
  });

  it('retries a scripted 500 and lands the post', async () => {
    fake = await DiscordFake.start();
    fake.failNext('POST /channels/*/messages', { status: 500 });
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    await rest.post(Routes.channelMessages(DEFAULT_IDS.channel), { body: { content: 'eventually' } });
    expect(fake.requestsMatching('POST /channels/*/messages').map((r) => r.status)).toEqual([500, 200]);
  });

  it('answers an unknown route 404 with a JSON body', async () => {
    fake = await DiscordFake.start();
    const response = await fetch(`${fake.apiBase}/v10/guilds/1/bans`, { headers: { Authorization: `Bot ${fake.token}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ code: 0, message: '404: Not Found' });
  });
});
