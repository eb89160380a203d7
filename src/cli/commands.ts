/**
 * `newsbrief <command> [TEXT] [--option VALUE]... [--json]` for any command in commands/ that has no
 * verb of its own: its definition says which flags it takes, its handler answers, the console's
 * renderer prints the view (--json: the view itself). A new command file needs no change here.
 */
import type { ParseArgsConfig } from 'node:util';
import { type Command, type CommandJson, type CommandOptionJson, type CommandOptions, OptionType, runCommand } from '../command.js';
import type { Config } from '../config.js';
import { parseOptions } from '../console/parse.js';
import { renderText } from '../console/render.js';
import { CliError, type CliIo, requireDatabase, withApp, writeLine } from './shared.js';

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Flags every command line takes, never a command's option. */
const GLOBAL_FLAGS: ReadonlySet<string> = new Set(['json', 'db', 'help']);

const subcommandsOf = (definition: CommandJson): CommandOptionJson[] =>
  (definition.options ?? []).filter((o) => o.type === OptionType.Subcommand);

/** Every option the command takes, its subcommands' included. */
function optionsOf(definition: CommandJson): CommandOptionJson[] {
  const subcommands = subcommandsOf(definition);
  return subcommands.length > 0 ? subcommands.flatMap((s) => s.options ?? []) : (definition.options ?? []);
}

/** The flags a command's options become (`--outlet BBC`, a boolean option `--quiet`), for parseArgs. */
export function flagsOf(command: Command): NonNullable<ParseArgsConfig['options']> {
  const flags: NonNullable<ParseArgsConfig['options']> = {};
  for (const option of optionsOf(command.definition.toJSON())) {
    flags[option.name] = { type: option.type === OptionType.Boolean ? 'boolean' : 'string' };
  }
  return flags;
}

/** The options this call may name: the chosen subcommand's (its name is the first word), else the command's. */
function allowedOptions(definition: CommandJson, args: string[]): CommandOptionJson[] {
  const subcommands = subcommandsOf(definition);
  if (subcommands.length === 0) return definition.options ?? [];
  return subcommands.find((s) => s.name === args[0]?.toLowerCase())?.options ?? [];
}

/**
 * The command's options from the words and flags given, read as the console reads a typed line
 * (`newsbrief source add --url U` is `/source add url:U`), so both check them the same way.
 */
export function cliOptions(definition: CommandJson, args: string[], flags: FlagValues): CommandOptions {
  const allowed = new Set(allowedOptions(definition, args).map((o) => o.name));
  const named: string[] = [];
  for (const [flag, value] of Object.entries(flags)) {
    if (value === undefined || GLOBAL_FLAGS.has(flag)) continue;
    if (!allowed.has(flag))
      throw new CliError(`--${flag} is not an option of newsbrief ${[definition.name, ...args.slice(0, 1)].join(' ')}`);
    named.push(`${flag}:${String(Array.isArray(value) ? value.at(-1) : value)}`);
  }
  return parseOptions(definition, [...args, ...named].join(' '));
}

/** Runs a command module once, as the operator (no caller), on the existing database. */
export async function commandFromModule(command: Command, config: Config, args: string[], flags: FlagValues, io: CliIo): Promise<number> {
  const options = cliOptions(command.definition.toJSON(), args, flags);
  requireDatabase(config);
  const view = await withApp(config, (app) => runCommand(command, options, app), { commands: false });
  writeLine(io.stdout, flags.json ? JSON.stringify(view) : renderText(view));
  return 0;
}
