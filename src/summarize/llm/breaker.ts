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
  /** A request is trying the endpoint after a cooldown: everyone else waits for its outcome. */
  private trialInFlight = false;
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

  /**
   * Asks to call the endpoint. Closed: yes. Open: no. Past the cooldown: yes for exactly one caller (the
   * trial), no for everyone else until it reports success or failure (or `release`s its turn).
   */
  tryAcquire(): boolean {
    if (this.openUntil === 0) return true;
    if (this.skippedForMs() > 0 || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** True while a trial request is out: the endpoint is neither known good nor skipped for a time. */
  isTrialInFlight(): boolean {
    return this.trialInFlight;
  }

  /** The caller gave up before the endpoint answered: the next caller may try instead. */
  release(): void {
    this.trialInFlight = false;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures++;
    this.trialInFlight = false;
    // Past the threshold, a failed trial after the cooldown reopens it at once.
    if (this.failures >= this.options.threshold) this.openUntil = this.options.now() + this.options.cooldownMs;
  }
}
