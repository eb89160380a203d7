/** What both backends share for counting over time: a window's bounds in ms, and a day number as a date. */
import type { TimeWindow } from './store.js';

export const DAY_MS = 86_400_000;

/**
 * A window's bounds in ms. Publication times before 1970 are left out: no believable date is that
 * old (ADR 12), and undated articles sit far below it, so day numbers never go negative.
 */
export function windowBounds(window: TimeWindow): { from: number; to: number } {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new RangeError(`a time window needs two ISO date-times, got ${window.from} and ${window.to}`);
  return { from: Math.max(0, from), to };
}

/** Day number (whole days since 1970-01-01 UTC) as YYYY-MM-DD. */
export function dayOf(dayNumber: number | string): string {
  return new Date(Number(dayNumber) * DAY_MS).toISOString().slice(0, 10);
}
