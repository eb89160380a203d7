/** The project's own bounded retry: a total deadline, honoured (and capped) retry-after, and sleeps that stop on abort. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Deadline } from './deadline.js';

// The deadline lives in its own file so summarizers without the openai SDK can use it.
export { createDeadline, type Deadline } from './deadline.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First back-off delay; doubles each retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever retry-after asks. */
  maxDelayMs: number;
  /** Waits `ms` or until the signal aborts. Injectable so tests do not wait. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 5000,
  sleep: abortableSleep,
};

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

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

/** How long to wait before attempt `attempt + 1`: what the server asked, else exponential back-off with jitter; capped. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number {
  const asked = retryAfterMs(error);
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
  return Math.min(policy.maxDelayMs, asked ?? backoff);
}

/** Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the next wait would pass the deadline. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, deadline: Deadline): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.maxAttempts || !isRetryable(error) || deadline.expired()) throw error;
      const delay = retryDelayMs(error, n, policy);
      // Waiting past the deadline would only turn this error into a timeout.
      if (delay >= deadline.remainingMs()) throw error;
      await policy.sleep(delay, deadline.signal);
    }
  }
}
