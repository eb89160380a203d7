/**
 * The project's own bounded retry: a total deadline, honoured (and capped) retry-after, and sleeps that
 * stop on abort. Which errors are worth a second try is the provider's to say (RetryErrors).
 */
import type { Deadline } from './deadline.js';

/** How a provider's errors read to the retry loop; its transport file maps its own error classes. */
export interface RetryErrors {
  /** True for errors a second try may cure. */
  isRetryable(error: unknown): boolean;
  /** The wait the server asked for, if any. */
  retryAfterMs(error: unknown): number | null;
}

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

/** How long to wait before attempt `attempt + 1`: what the server asked, else exponential back-off with jitter; capped. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, errors: RetryErrors): number {
  const asked = errors.retryAfterMs(error);
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
  return Math.min(policy.maxDelayMs, asked ?? backoff);
}

/** Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the next wait would pass the deadline. */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  deadline: Deadline,
  errors: RetryErrors,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.maxAttempts || !errors.isRetryable(error) || deadline.expired()) throw error;
      const delay = retryDelayMs(error, n, policy, errors);
      // Waiting past the deadline would only turn this error into a timeout.
      if (delay >= deadline.remainingMs()) throw error;
      await policy.sleep(delay, deadline.signal);
    }
  }
}
