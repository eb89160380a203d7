/** The shape of a command module in commands/: a definition both faces read, and a handler that returns a view. */
import type { News } from './news/news.js';
import type { FollowService } from './schedule/follows.js';
import type { BriefingService } from './schedule/service.js';
import type { SourcesService } from './news/sources.js';
import type { View } from './view.js';
import { UsageError } from './errors.js';

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

/** Refuses callers without Manage Server (or Administrator); the console (no caller) is the operator. */
export function requireManageGuild(caller: Caller | undefined): void {
  if (!caller) return;
  const bits = caller.permissions ?? 0n;
  if ((bits & (ADMINISTRATOR | MANAGE_GUILD)) === 0n) {
    throw new UsageError('This needs the Manage Server permission.');
  }
}

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
}


/** An optional string option, or undefined when not given. */
export function optionalString(options: CommandOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The `id` option as a positive whole number; else a UsageError naming where the number is shown. */
export function idOption(options: CommandOptions, shownBy: string): number {
  const id = Number(options.id);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`id: give the ${shownBy}`);
  return id;
}
