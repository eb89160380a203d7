/** The Discord face: the real discord.js Client, logged in, answering interactions through the commands. */
import { Client, DefaultRestOptions, Events, GatewayIntentBits, Routes } from 'discord.js';
import type { Command, CommandContext } from '../command.js';
import { describeError, type Logger } from '../log.js';
import { discordStep, failOnLongRateLimit } from './api-errors.js';
import { handleInteraction } from './interactions.js';

export interface BotOptions {
  token: string;
  /** REST base such as http://127.0.0.1:PORT/api (a REST proxy, or the tests' loopback Discord). */
  apiBase?: string;
  commands: Map<string, Command>;
  context: CommandContext;
  log: Logger;
  /** Stops a login still in progress (a signal to shut down): startBot then rejects with LoginStopped. */
  signal?: AbortSignal;
  /** The shards this process connects (SHARD_COUNT, SHARD_IDS); absent, one shard. */
  shards?: { count: number | 'auto'; ids?: number[] };
}

/**
 * Shard options as discord.js takes them. discord.js reads SHARD_COUNT from the environment itself when
 * shardCount is left at its default of 1; with 'auto' the count is Discord's (fetched at login, which
 * replaces this placeholder), so an explicit value keeps it from reading "auto" as a number.
 */
function shardOptions(shards: BotOptions['shards']): { shards?: number[] | 'auto'; shardCount?: number } {
  if (!shards) return {};
  if (shards.count === 'auto') return { shards: 'auto', shardCount: AUTO_SHARD_COUNT_PLACEHOLDER };
  return { shardCount: shards.count, ...(shards.ids ? { shards: shards.ids } : {}) };
}
const AUTO_SHARD_COUNT_PLACEHOLDER = 2;

/** The login was given up because the bot is shutting down (BotOptions.signal), not because Discord refused it. */
export class LoginStopped extends Error {
  override name = 'LoginStopped';
  constructor() {
    super('the login to Discord was stopped');
  }
}

/**
 * Discord's requests, made as usual until the stop signal: then a request in flight is aborted, and
 * the next try (discord.js retries an aborted request, and one that waited out a rate limit) fails
 * with LoginStopped, which it does not retry.
 */
function stoppableRequests(signal: AbortSignal | undefined): typeof DefaultRestOptions.makeRequest {
  if (!signal) return DefaultRestOptions.makeRequest;
  return async (url, init) => {
    if (signal.aborted) throw new LoginStopped();
    return DefaultRestOptions.makeRequest(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal });
  };
}

export interface Bot {
  client: Client;
  stop(): Promise<void>;
}

/** Logs in and serves until stopped. Resolves once the client is ready; rejects with LoginStopped when the signal comes first. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const client = new Client({
    ...shardOptions(options.shards),
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot posts may ping anyone, whatever a message says.
    allowedMentions: { parse: [] },
    // Login (GET /gateway/bot) fails at once on a long rate limit; the bot's own calls wait as usual.
    rest: {
      ...(options.apiBase ? { api: options.apiBase } : {}),
      rejectOnRateLimit: failOnLongRateLimit([Routes.gatewayBot()]),
      makeRequest: stoppableRequests(options.signal),
    },
  });
  const deps = { commands: options.commands, context: options.context, log: options.log };
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, deps));
  client.on(Events.Error, (error) => options.log.error(`discord client error: ${describeError(error)}`));
  client.on(Events.Warn, (message) => options.log.warn(`discord: ${message}`));
  if (options.signal?.aborted) {
    await client.destroy();
    throw new LoginStopped();
  }
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  // A login that Discord keeps answering with short rate limits retries for ever: the stop signal
  // ends it at once (the request waiting to retry fails when its wait is over, at most 10 s later).
  const stopped = new Promise<'stopped'>((resolve) => {
    if (options.signal?.aborted) resolve('stopped');
    options.signal?.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const loggedIn = (async () => {
    await client.login(options.token);
    await ready;
    return 'ready' as const;
  })();
  loggedIn.catch(() => {}); // after a stop, its failure is expected and unread
  const outcome = await discordStep('could not log in to Discord', options, async () => {
    try {
      return await Promise.race([loggedIn, stopped]);
    } catch (error) {
      await client.destroy();
      throw error;
    }
  });
  if (outcome === 'stopped') {
    await client.destroy();
    throw new LoginStopped();
  }
  options.log.info(`logged in to Discord as ${client.user?.tag ?? 'unknown'}`);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}

/**
 * A client that only calls Discord's REST API (no gateway connection): enough for a process that
 * posts briefings but does not answer commands (the briefings role without the discord role).
 */
export function restClient(options: Pick<BotOptions, 'token' | 'apiBase' | 'log'>): Bot {
  const client = new Client({
    intents: [],
    allowedMentions: { parse: [] },
    rest: options.apiBase ? { api: options.apiBase } : {},
  });
  client.rest.setToken(options.token);
  client.on(Events.Error, (error) => options.log.error(`discord client error: ${describeError(error)}`));
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
