/** Publishes the slash command definitions from commands/ to Discord: to one guild (instant) or globally. */
import { REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from 'discord.js';
import { type Command, commandJson } from '../command.js';
import { discordStep, failOnLongRateLimit } from './api-errors.js';

export interface DeployOptions {
  token: string;
  apiBase?: string;
  /** Defaults to the bot user's id, which is the application id for bot applications. */
  applicationId?: string;
  /** Register in this guild only (instant, for testing); global otherwise (may take a while to show). */
  guildId?: string;
  commands: Map<string, Command>;
  /** Per-request timeout; discord.js' 15 s (and its 3 retries) when unset. */
  timeoutMs?: number;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  names: string[];
}

/** Throws a DiscordFailure whose one-line message says what to fix (token, invite scopes, ids). */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  return discordStep('could not register the slash commands', options, () => publish(options));
}

async function publish(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST({
    ...(options.apiBase ? { api: options.apiBase } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    // A one-shot command should say "retry in 1 h", not sit out the wait.
    rejectOnRateLimit: failOnLongRateLimit(),
  }).setToken(options.token);
  const applicationId = options.applicationId ?? ((await rest.get(Routes.user())) as { id: string }).id;
  // A command that requires a permission is hidden from members without it until a server's admins say otherwise.
  const body = [...options.commands.values()].map((c) => commandJson(c) as RESTPostAPIApplicationCommandsJSONBody);
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body })) as { name: string }[];
  return { scope: options.guildId ? 'guild' : 'global', applicationId, names: registered.map((c) => c.name) };
}
