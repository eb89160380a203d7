/** A total time limit for one summary, whatever model answers it (no SDK needed to read one). */

/** A total time limit for one summary: a signal that fires at the end, and how much time is left. */
export interface Deadline {
  signal: AbortSignal;
  remainingMs(): number;
  /** True when the deadline itself (not the caller) stopped the work. */
  expired(): boolean;
}

export function createDeadline(ms: number, now: () => number = Date.now): Deadline & { dispose(): void } {
  const end = now() + ms;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('deadline exceeded', 'TimeoutError')), ms);
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(0, end - now()),
    expired: () => controller.signal.aborted,
    dispose: () => clearTimeout(timer),
  };
}
