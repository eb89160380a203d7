/** The console face: commands typed as in Discord, answered as text. */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Command, type CommandContext, runCommand } from '../command.js';
import { describeForUser, IN_CONSOLE } from '../errors.js';
import { parseOptions, splitCommandLine, usageLine } from './parse.js';
import { renderText } from './render.js';

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  /** Show a prompt (true on a terminal). */
  prompt?: boolean;
}

function helpText(commands: Map<string, Command>): string {
  const lines = [...commands.values()].map((c) => `  ${usageLine(c.definition.toJSON())}`);
  return ['Commands (typed as in Discord):', ...lines, '  help — this list', '  exit — quit', '', 'Example: /summary iran'].join('\n');
}

/** Answers one console line; returns the text to print, or null to quit. */
export async function answerLine(line: string, commands: Map<string, Command>, context: CommandContext): Promise<string | null> {
  const trimmed = line.trim();
  if (trimmed === '') return '';
  if (/^\/?(exit|quit)$/i.test(trimmed)) return null;
  if (/^\/?(help|\?)$/i.test(trimmed)) return helpText(commands);
  const parsed = splitCommandLine(trimmed);
  const command = parsed && commands.get(parsed.name);
  if (!parsed || !command) return `Unknown command "${trimmed.split(/\s/)[0]}". Type help for the list.`;
  try {
    const options = parseOptions(command.definition.toJSON(), parsed.rest);
    const view = await runCommand(command, options, context);
    const next = view.buttons?.find((b) => b.label === 'Next' && !b.disabled);
    return next ? `${renderText(view)}\n(more: add page:N)` : renderText(view);
  } catch (error) {
    return `Error: ${describeForUser(error, IN_CONSOLE)}`;
  }
}

export async function runConsole(commands: Map<string, Command>, context: CommandContext, io: ConsoleIo): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.prompt ? io.output : undefined, terminal: io.prompt ?? false });
  const write = (text: string) => io.output.write(text.endsWith('\n') ? text : `${text}\n`);
  rl.setPrompt('newsbrief> ');
  if (io.prompt) rl.prompt();
  try {
    for await (const line of rl) {
      const answer = await answerLine(line, commands, context);
      if (answer === null) break;
      if (answer) write(answer);
      if (io.prompt) rl.prompt();
    }
  } finally {
    rl.close();
  }
}
