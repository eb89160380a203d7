/**
 * The openai SDK's errors, read for the shared pipeline: which a retry may cure, how long the server
 * asked to wait, and which failure reason users see. No other part of the summarizer knows these classes.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { type Deadline, type RetryErrors, SummarizerFailure } from '../llm/index.js';

/** True for errors a second try may cure: connection trouble, 408/409/429, 5xx, or an error frame inside a stream. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) return false;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError)) return false;
  const status = error.status;
  // A stream's error frame has no status: the server broke off mid-answer.
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait the server asked for (retry-after-ms, or retry-after in seconds or as a date), if any. */
export function retryAfterMs(error: unknown, now: () => number = Date.now): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const ms = Number(error.headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = error.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now()) : null;
}

/** The SDK's errors as the retry loop reads them. */
export const OPENAI_ERRORS: RetryErrors = { isRetryable, retryAfterMs: (error) => retryAfterMs(error) };

/** Any error from a call, as one of the failure reasons users may see. Endpoint messages are dropped: they can echo keys. */
export function toFailure(error: unknown, deadline: Deadline, deadlineMs: number): SummarizerFailure {
  if (error instanceof SummarizerFailure) return error;
  if (deadline.expired() || error instanceof APIConnectionTimeoutError)
    return new SummarizerFailure('timeout', `no answer within ${deadlineMs} ms`);
  if (error instanceof APIError && error.status === 429) return new SummarizerFailure('rate-limited', 'HTTP 429');
  if (error instanceof APIError && error.status !== undefined) return new SummarizerFailure('error', `HTTP ${error.status}`);
  if (error instanceof APIConnectionError) return new SummarizerFailure('error', 'could not connect to the endpoint');
  if (error instanceof APIError) return new SummarizerFailure('error', 'the stream reported an error');
  return new SummarizerFailure('error', error instanceof Error ? error.name : 'unknown error');
}
