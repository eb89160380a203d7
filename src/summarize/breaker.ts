/** Skips an endpoint for a while after repeated failures, so users are not kept waiting on a dead server. */

export interface BreakerOptions {
  /** Consecutive failed summaries before the endpoint is skipped. */
  threshold: number;
  /** How long it is skipped; afterwards one request is let through to try it again. */
  cooldownMs: number;
  now: () => number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 3, cooldownMs: 5 * 60_000, now: Date.now };

export class EndpointBreaker {
  private failures = 0;
  private openUntil = 0;
  private readonly options: BreakerOptions;

  constructor(options: Partial<BreakerOptions> = {}) {
    this.options = {
      threshold: options.threshold ?? DEFAULT_BREAKER.threshold,
      cooldownMs: options.cooldownMs ?? DEFAULT_BREAKER.cooldownMs,
      now: options.now ?? DEFAULT_BREAKER.now,
    };
  }

  /** Milliseconds the endpoint is still skipped for; 0 when it may be called. */
  skippedForMs(): number {
    return Math.max(0, this.openUntil - this.options.now());
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  recordFailure(): void {
    this.failures++;
    // Past the threshold, a failed trial after the cooldown reopens it at once.
    if (this.failures >= this.options.threshold) this.openUntil = this.options.now() + this.options.cooldownMs;
  }
}
