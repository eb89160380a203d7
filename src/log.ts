/** A small leveled logger to stderr. Callers pass messages, never secrets. */
import type { Writable } from 'node:stream';
import { redactUrl } from './redact.js';
import { escapeControls } from './text-safety.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(level: LogLevel, stream: Writable = process.stderr): Logger {
  const at = (wanted: LogLevel) => (message: string) => {
    // The last line of defence: a URL's credentials never reach the log, whoever forgot to redact them.
    // One call, one line: a newline or terminal escape in a message (a file name, a feed title) is shown escaped.
    if (ORDER[wanted] >= ORDER[level]) stream.write(`${new Date().toISOString()} ${wanted} ${escapeControls(redactUrl(message))}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An error's one-line description, for logs (src/errors.ts words errors for every reader). */
export { describeForLog as describeError } from './errors.js';
