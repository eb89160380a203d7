/** The Discord face: the real discord.js Client, logged in, answering interactions through the commands. */
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
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
}

export interface Bot {
  client: Client;
  stop(): Promise<void>;
}

/** Logs in and serves until stopped. Resolves once the client is ready. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot posts may ping anyone, whatever a message says.
    allowedMentions: { parse: [] },
    // Login (GET /gateway/bot) fails at once on a long rate limit; the bot's own calls wait as usual.
    rest: { ...(options.apiBase ? { api: options.apiBase } : {}), rejectOnRateLimit: failOnLongRateLimit([Routes.gatewayBot()]) },
  });
  const deps = { commands: options.commands, context: options.context, log: options.log };
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, deps));
  client.on(Events.Error, (error) => options.log.error(`discord client error: ${describeError(error)}`));
  client.on(Events.Warn, (message) => options.log.warn(`discord: ${message}`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await discordStep('could not log in to Discord', options, async () => {
    try {
      await client.login(options.token);
      await ready;
    } catch (error) {
      await client.destroy();
      throw error;
    }
  });
  options.log.info(`logged in to Discord as ${client.user?.tag ?? 'unknown'}`);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
