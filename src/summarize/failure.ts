/** Why an LLM summary was not used: a small closed set of reasons, safe to show users (never an endpoint's message or a key). */

export type FailureReason =
  | 'timeout'
  | 'rate-limited'
  | 'error'
  | 'refusal'
  | 'length'
  | 'invalid-output'
  | 'unverified'
  | 'skipped';

/** A summarizer gave up; `reason` goes into the generator name, `detail` (e.g. "HTTP 503") into the notes. */
export class SummarizerFailure extends Error {
  override name = 'SummarizerFailure';
  constructor(
    readonly reason: FailureReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
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
