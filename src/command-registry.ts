/** Finds the command modules in commands/: adding a command is adding one file there. */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from './command.js';

const COMMANDS_DIR = fileURLToPath(new URL('../commands/', import.meta.url));

function isCommand(value: unknown): value is Command {
  const candidate = value as Partial<Command> | undefined;
  return typeof candidate?.handle === 'function' && typeof candidate.definition?.toJSON === 'function';
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
    commands.set(module.command.definition.toJSON().name, module.command);
  }
  return commands;
}
