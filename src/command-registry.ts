/** Finds the command modules in commands/: adding a command is adding one file there. */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command, CommandOptionJson } from './command.js';

const COMMANDS_DIR = fileURLToPath(new URL('../commands/', import.meta.url));

function isCommand(value: unknown): value is Command {
  const candidate = value as Partial<Command> | undefined;
  return typeof candidate?.handle === 'function' && typeof candidate.definition?.toJSON === 'function';
}

/** The options (subcommands' included) a definition marks for autocomplete. */
function autocompleted(options: readonly CommandOptionJson[] = []): string[] {
  return options.flatMap((o) => (o.options ? autocompleted(o.options) : o.autocomplete ? [o.name] : []));
}

/** A command's declarations agree with its definition: every autocompleted option has suggestions, and no suggestions go unused. */
export function checkDeclarations(command: Command, file: string): void {
  const marked = new Set(autocompleted(command.definition.toJSON().options));
  const declared = new Set(Object.keys(command.autocomplete ?? {}));
  const missing = [...marked].filter((name) => !declared.has(name));
  const unused = [...declared].filter((name) => !marked.has(name));
  if (missing.length)
    throw new Error(
      `commands/${file}: option ${missing.join(', ')} is marked for autocomplete but the command declares no suggestions for it`,
    );
  if (unused.length)
    throw new Error(`commands/${file}: suggestions declared for ${unused.join(', ')}, which no option marks for autocomplete`);
}

/** Loads every `commands/*.ts|js` module exporting `command`, keyed by command name. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir))
    .filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('_'))
    .sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const module = (await import(pathToFileURL(`${dir}/${file}`).href)) as { command?: unknown };
    if (!isCommand(module.command)) throw new Error(`commands/${file} does not export a command`);
    checkDeclarations(module.command, file);
    commands.set(module.command.definition.toJSON().name, module.command);
  }
  return commands;
}
