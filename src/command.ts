/** The shape of a command module in commands/: a definition both faces read, and a handler that returns a view. */

import { UsageError } from './errors.js';
import type { News } from './news/news.js';
import type { SourcesService } from './news/sources.js';
import type { FollowService } from './schedule/follows.js';
import type { BriefingService } from './schedule/service.js';
import type { View } from './view.js';

export { UsageError } from './errors.js';

/** Option types as Discord numbers them (ApplicationCommandOptionType). */
export const OptionType = { Subcommand: 1, String: 3, Integer: 4, Boolean: 5, Channel: 7, Number: 10, Attachment: 11 } as const;

export interface CommandOptionJson {
  name: string;
  description: string;
  type: number;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  /** A subcommand's own options. */
  options?: CommandOptionJson[];
}

export interface CommandJson {
  name: string;
  description: string;
  options?: CommandOptionJson[];
  /** Permission bits a member needs by default (Discord's default_member_permissions), as a decimal string. */
  default_member_permissions?: string | null;
}

/** Options as parsed from an interaction or a console line, by name. */
export type CommandOptions = Record<string, string | number | boolean>;

/** Who asked, and where. Absent in the console, where the operator may do anything. */
export interface Caller {
  guildId: string | null;
  channelId: string | null;
  userId: string | null;
  /** The member's permission bits in that channel; null outside a guild. */
  permissions: bigint | null;
}

export interface CommandContext {
  news: News;
  caller?: Caller;
  /** Scheduled briefings (/briefing). */
  briefings?: BriefingService;
  /** Follow alerts (/follow). */
  follows?: FollowService;
  /** Feeds (/source); absent where feeds are not wired. */
  sources?: SourcesService;
}

const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;

/** A permission a command may require of its caller. */
export type Requirement = 'manageGuild';

const REQUIREMENTS: Record<Requirement, { bits: bigint; name: string }> = {
  manageGuild: { bits: MANAGE_GUILD, name: 'Manage Server' },
};

/** Suggestions for an option as the user types it (Discord's autocomplete): at most `limit` values. */
export type Suggest = (typed: string, context: CommandContext, limit: number) => Promise<string[]>;

/** Topics the caller's server can see, frequent and recent first: for any option that names a topic. */
export const suggestTopics: Suggest = (typed, { news, caller }, limit) => news.suggestTopics(typed, limit, caller?.guildId ?? null);

export interface Command {
  /** A SlashCommandBuilder (or anything that serialises to the same JSON). */
  definition: { toJSON(): CommandJson };
  handle(options: CommandOptions, context: CommandContext): Promise<View>;
  /** True when answers may take over a second: the face acknowledges first, then answers. */
  defer?: boolean;
  /**
   * Answers a button this command put on one of its views (custom id `<command>:...`);
   * null when the id is stale or malformed.
   */
  button?(customId: string, context: CommandContext): Promise<View | null>;
  /** A permission the caller must hold: every face checks it before the handler runs; deploy makes it Discord's default. */
  requires?: Requirement;
  /** Suggestions per option name; each such option is defined with autocomplete. */
  autocomplete?: Record<string, Suggest>;
}

/** Whether the caller holds the command's permission (Administrator holds all); no caller is the operator, who may do anything. */
export function allows(command: Pick<Command, 'requires'>, caller: Caller | undefined): boolean {
  if (!command.requires || !caller) return true;
  return ((caller.permissions ?? 0n) & (ADMINISTRATOR | REQUIREMENTS[command.requires].bits)) !== 0n;
}

/** Refuses a caller the command does not allow, saying which permission it needs. */
export function checkRequirement(command: Pick<Command, 'requires'>, caller: Caller | undefined): void {
  if (!allows(command, caller)) throw new UsageError(`This needs the ${REQUIREMENTS[command.requires!].name} permission.`);
}

/** Runs a command as every face does: its requirement checked first, then its handler. */
export async function runCommand(command: Command, options: CommandOptions, context: CommandContext): Promise<View> {
  checkRequirement(command, context.caller);
  return command.handle(options, context);
}

/** The definition as Discord registers it: members need the command's permission by default. */
export function commandJson(command: Pick<Command, 'definition' | 'requires'>): CommandJson {
  const json = command.definition.toJSON();
  return command.requires ? { ...json, default_member_permissions: REQUIREMENTS[command.requires].bits.toString() } : json;
}

/** An optional string option, or undefined when not given. */
export function optionalString(options: CommandOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** What a server's numbered subscriptions (briefings, follows) offer to remove, pause and resume. */
export interface SubscriptionService {
  remove(id: number, guildId: string): Promise<void>;
  setPaused(id: number, guildId: string, paused: boolean): Promise<void>;
}

/**
 * The guild a server-only command runs in; else a UsageError saying where to run it ("Briefings",
 * "/briefing").
 */
export function serverOf(context: CommandContext, things: string, command: string): string {
  const guildId = context.caller?.guildId;
  if (!guildId) throw new UsageError(`${things} belong to a server: use ${command} in a server channel.`);
  return guildId;
}

/** Removes, pauses or resumes subscription `id` of a server; the line that says it was done ("Follow #3 paused."). */
export async function manageSubscription(
  service: SubscriptionService,
  action: 'remove' | 'pause' | 'resume',
  subscription: { name: string; id: number; guildId: string },
): Promise<string> {
  const { name, id, guildId } = subscription;
  if (action === 'remove') {
    await service.remove(id, guildId);
    return `Removed ${name.toLowerCase()} #${id}.`;
  }
  await service.setPaused(id, guildId, action === 'pause');
  return `${name} #${id} ${action === 'pause' ? 'paused' : 'resumed'}.`;
}

/** The `id` option as a positive whole number; else a UsageError naming where the number is shown. */
export function idOption(options: CommandOptions, shownBy: string): number {
  const id = Number(options.id);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`id: give the ${shownBy}`);
  return id;
}
