/** The shape of a command module in commands/: a definition both faces read, and a handler that returns a view. */
import type { News } from './news/news.js';
import type { View } from './view.js';

/** Option types as Discord numbers them (ApplicationCommandOptionType). */
export const OptionType = { Subcommand: 1, String: 3, Integer: 4, Boolean: 5, Number: 10 } as const;

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
}

export interface CommandJson {
  name: string;
  description: string;
  options?: CommandOptionJson[];
}

/** Options as parsed from an interaction or a console line, by name. */
export type CommandOptions = Record<string, string | number | boolean>;

export interface CommandContext {
  news: News;
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

/** Raised for options a user got wrong; the message says which and how. */
export class UsageError extends Error {
  override name = 'UsageError';
}
