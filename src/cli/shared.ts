/** What every `newsbrief` command shares: its streams and flags, one-line errors, terminal-safe lines, the app it opens. */

import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { type App, type OpenOptions, openApp } from '../app.js';
import type { Config } from '../config.js';
import { OperatorError } from '../errors.js';
import { isPostgresLocation } from '../store/open.js';
import { escapeControls, guardTerminalOutput } from '../text-safety.js';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
}

export type Flags = {
  json?: boolean;
  db?: string;
  limit?: string;
  sentences?: string;
  words?: string;
  topic?: string;
  together?: boolean;
  speaker?: string;
  guild?: string;
  'older-than'?: string;
  once?: boolean;
  roles?: string;
  days?: string;
  png?: string;
  help?: boolean;
};

/** A command line the CLI cannot run as given; the message says what to type instead. */
export class CliError extends OperatorError {
  override name = 'CliError';
}

export function positiveInt(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${flag} expects a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

/** Writes one line (or a rendered block); no control character in it reaches the terminal raw. */
export function writeLine(stream: Writable, text: string): void {
  stream.write(`${guardTerminalOutput(text)}\n`);
}

/** Shows "ingesting 120/1000" on a terminal once a run has taken over a second. */
export function progressReporter(stderr: CliIo['stderr']): { onProgress: (done: number, total: number) => void; finish: () => void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    onProgress(done, total) {
      const now = Date.now();
      if (!stderr.isTTY || now - started < 1000 || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      drawn = true;
      stderr.write(`\ringesting ${done}/${total}`);
    },
    finish() {
      if (drawn) stderr.write('\n');
    },
  };
}

/**
 * "failed: FILE: reason", without the file named twice when the reason already starts with it; a
 * control character in either (a newline or ESC in a file name) is shown escaped, never obeyed.
 */
export function failureLine(f: { file: string; reason: string }): string {
  const reason = f.reason.startsWith(`${f.file}: `) ? f.reason.slice(f.file.length + 2) : f.reason;
  return `failed: ${escapeControls(f.file)}: ${escapeControls(reason)}`;
}

export async function withApp<T>(config: Config, run: (app: App) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const app = await openApp(config, options);
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/**
 * One-shot commands that only read or delete work on an index that exists: on a path that holds no
 * database they say so and create nothing (a mistyped --db never becomes an empty index).
 */
export function requireDatabase(config: Config): void {
  // A PostgreSQL URL names a server's database: opening it says whether it is one.
  if (config.dbPath !== ':memory:' && !isPostgresLocation(config.dbPath) && !existsSync(config.dbPath)) {
    throw new CliError(`no database at ${config.dbPath} (index articles into it first: newsbrief ingest PATH --db ${config.dbPath})`);
  }
}

/**
 * The app for a command that only reads: its database opened read-only (a read-only file or folder
 * works, nothing is written); a database it cannot read so is a StoreOpenError, one line saying why.
 */
export async function withReadingApp<T>(config: Config, run: (app: App) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  return withApp(config, run, { ...options, readonly: true });
}
