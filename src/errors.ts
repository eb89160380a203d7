/**
 * One error language (ADR 31): errors whose message is written for people extend ShownError, and
 * every face turns any error into words through describeForUser. Nothing here imports a stage of
 * the pipeline, so every stage may import it.
 */
import { redactUrl } from './redact.js';

/** Who may read an error's message as is: anyone who asked (a server member), or only the operator. */
export type ShownTo = 'anyone' | 'operator';

/**
 * An error whose message is safe to show as is: one line, written for the reader, no secret (a URL
 * in it is redacted again on the way out all the same).
 */
export class ShownError extends Error {
  override name = 'ShownError';
  /** Operator errors (a database path, a setting) read as a generic line to anyone else. */
  readonly shownTo: ShownTo = 'anyone';
  /** Words for the public when they must say less than the message (which the operator still sees). */
  get publicMessage(): string | undefined {
    return undefined;
  }
}

/** An error about the process's own setup (a setting, a database, Discord's answer to the token): the operator's to fix. */
export class OperatorError extends ShownError {
  override name = 'OperatorError';
  override readonly shownTo: ShownTo = 'operator';
}

/** Raised for options a user got wrong; the message says which and how. */
export class UsageError extends ShownError {
  override name = 'UsageError';
}

/** How a face words an error: whom it speaks to, and its line for errors not written for people. */
export interface Wording {
  audience: ShownTo;
  /** The line for any other error (a bug, a library's failure). */
  otherwise: string;
  /** The operator also gets such an error's first line after it ("otherwise: what it said"). */
  withDetail?: boolean;
}

/** Discord: a member reads usage errors and source problems, never an operator's or a bug's detail. */
export const IN_DISCORD: Wording = {
  audience: 'anyone',
  otherwise: 'Sorry, something went wrong while answering. Please try again in a moment.',
};
/** The operator (the `newsbrief` command line, poll logs): with the detail of anything unexpected. */
export const FOR_OPERATOR: Wording = { audience: 'operator', otherwise: 'unexpected error', withDetail: true };
/** The console face: the operator, at a prompt. */
export const IN_CONSOLE: Wording = { audience: 'operator', otherwise: 'could not answer', withDetail: true };
/** A file, page or feed item that failed, in an ingest or import report. */
export const IN_REPORT: Wording = { audience: 'operator', otherwise: 'could not be processed', withDetail: true };
/** A feed's state, stored and shown in /source list to the server that reads it. */
export const IN_FEED_STATUS: Wording = { audience: 'anyone', otherwise: 'unexpected error' };

/** Node's own argument errors (util.parseArgs) say what was wrong with the command line. */
function isArgumentError(error: unknown): error is Error {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** An error's message, or what a non-Error throw says, cut to its first line. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? '';
}

/** The message this audience may read as is, or null when the error is not written for it. */
function shownMessage(error: unknown, audience: ShownTo): string | null {
  if (error instanceof ShownError) {
    if (audience === 'operator') return error.message;
    if (error.shownTo === 'anyone') return error.publicMessage ?? error.message;
    return null;
  }
  return audience === 'operator' && isArgumentError(error) ? error.message : null;
}

/** The one translator every face uses: an error in words for its reader, never a stack, never a credential. */
export function describeForUser(error: unknown, wording: Wording): string {
  const shown = shownMessage(error, wording.audience);
  if (shown !== null) return redactUrl(shown);
  return wording.withDetail ? redactUrl(`${wording.otherwise}: ${firstLine(error)}`) : wording.otherwise;
}

/** Whether describeForUser shows this error's own words (rather than the wording's generic line). */
export function isShown(error: unknown, audience: ShownTo): boolean {
  return shownMessage(error, audience) !== null;
}

/** An error's one-line description for logs (its class and first line, URLs redacted); never for users. */
export function describeForLog(error: unknown): string {
  if (error instanceof Error) return redactUrl(`${error.name}: ${firstLine(error)}`);
  return redactUrl(String(error));
}
