/** Why an LLM summary was not used: a small closed set of reasons, safe to show users (never an endpoint's message or a key). */
import { redactUrl } from '../../redact.js';

export type FailureReason = 'timeout' | 'rate-limited' | 'error' | 'refusal' | 'length' | 'invalid-output' | 'unverified' | 'skipped';

/** A summarizer gave up; `reason` goes into the generator name, `detail` (e.g. "HTTP 503") into the notes. */
export class SummarizerFailure extends Error {
  override name = 'SummarizerFailure';
  readonly detail?: string;

  constructor(
    readonly reason: FailureReason,
    detail?: string,
  ) {
    // The detail is shown to users and logged: an address in it keeps no credentials.
    const shown = detail === undefined ? undefined : redactUrl(detail);
    super(shown ? `${reason}: ${shown}` : reason);
    this.detail = shown;
  }
}

/** True for failures that say something about the endpoint's health rather than one answer's quality. */
export function isEndpointFailure(reason: FailureReason): boolean {
  return reason === 'timeout' || reason === 'rate-limited' || reason === 'error';
}

/** The abort error the caller expects when it cancelled the request itself. */
export function callerAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
