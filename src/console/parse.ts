/** Parses a line typed as in Discord ("/summary iran", "/headlines topic:iran limit:5") against a command's definition. */

import { type CommandJson, type CommandOptionJson, type CommandOptions, OptionType } from '../command.js';
import { UsageError } from '../errors.js';

/** Splits "/name rest" into the command name and the rest of the line. */
export function splitCommandLine(line: string): { name: string; rest: string } | null {
  const match = /^\/?([\w-]+)\s*([\s\S]*)$/.exec(line.trim());
  return match ? { name: match[1]!.toLowerCase(), rest: match[2]!.trim() } : null;
}

function coerce(option: CommandOptionJson, raw: string): string | number | boolean {
  const value = raw.trim();
  if (option.type === OptionType.Integer || option.type === OptionType.Number) {
    const number = Number(value);
    const valid = value !== '' && Number.isFinite(number) && (option.type === OptionType.Number || Number.isInteger(number));
    if (!valid)
      throw new UsageError(
        `option ${option.name} expects ${option.type === OptionType.Integer ? 'a whole number' : 'a number'}, got "${value}"`,
      );
    if (option.min_value !== undefined && number < option.min_value)
      throw new UsageError(`option ${option.name} must be at least ${option.min_value}`);
    if (option.max_value !== undefined && number > option.max_value)
      throw new UsageError(`option ${option.name} must be at most ${option.max_value}`);
    return number;
  }
  if (option.type === OptionType.Boolean) {
    if (/^(true|yes|1)$/i.test(value)) return true;
    if (/^(false|no|0)$/i.test(value)) return false;
    throw new UsageError(`option ${option.name} expects true or false, got "${value}"`);
  }
  if (value === '') throw new UsageError(`option ${option.name} needs a value`);
  if (option.max_length !== undefined && value.length > option.max_length) {
    throw new UsageError(`option ${option.name} is longer than ${option.max_length} characters`);
  }
  return value;
}

/**
 * Reads options from the text after the command name. Named options are `name:value` (a value runs
 * until the next `name:`); text before any name goes to the first string option.
 */
export function parseOptions(definition: CommandJson, rest: string): CommandOptions {
  const subcommands = (definition.options ?? []).filter((o) => o.type === OptionType.Subcommand);
  if (subcommands.length > 0) {
    // "/briefing preview topics:iran": the first word picks the subcommand.
    const [, word = '', remainder = ''] = /^(\S*)\s*([\s\S]*)$/.exec(rest) ?? [];
    const sub = subcommands.find((s) => s.name === word.toLowerCase());
    if (!sub) throw new UsageError(`/${definition.name} needs one of: ${subcommands.map((s) => s.name).join(', ')}`);
    const name = `${definition.name} ${sub.name}`;
    return { subcommand: sub.name, ...parseOptions({ name, description: sub.description, options: sub.options ?? [] }, remainder) };
  }
  const options = definition.options ?? [];
  const byName = new Map(options.map((o) => [o.name, o]));
  const names = options.map((o) => o.name).join('|');
  const parts = names ? rest.split(new RegExp(`(?:^|\\s)(${names}):`, 'i')) : [rest];
  const parsed: CommandOptions = {};
  const leading = parts[0]!.trim();
  if (leading) {
    const positional = options.find((o) => o.type === OptionType.String);
    if (!positional) throw new UsageError(`/${definition.name} takes no free text; try: help`);
    parsed[positional.name] = coerce(positional, leading);
  }
  for (let i = 1; i < parts.length; i += 2) {
    const option = byName.get(parts[i]!.toLowerCase())!;
    parsed[option.name] = coerce(option, parts[i + 1] ?? '');
  }
  for (const option of options) {
    if (option.required && parsed[option.name] === undefined) {
      throw new UsageError(`/${definition.name} needs ${option.name}, e.g. /${definition.name} ${option.name}:iran`);
    }
  }
  return parsed;
}

/** One line of usage per command, from its definition. */
export function usageLine(definition: CommandJson): string {
  const subcommands = (definition.options ?? []).filter((o) => o.type === OptionType.Subcommand);
  if (subcommands.length > 0) return `/${definition.name} ${subcommands.map((s) => s.name).join('|')} … — ${definition.description}`;
  const args = (definition.options ?? []).map((o) => (o.required ? `${o.name}:…` : `[${o.name}:…]`));
  return `/${[definition.name, ...args].join(' ')} — ${definition.description}`;
}
