/**
 * Whether a publication date can be believed, and which of a page's dates to keep. Every article is
 * built through buildArticles (article.ts), which keeps a date only through pickPublished: no path
 * stores a placeholder ("0001-01-01"), a typo year or a date from the future.
 */
import type { DateOrigin } from './model.js';

/** Dates before this are placeholders or typos, not publication dates of pages we index. */
export const EARLIEST_TRUSTED_MS = Date.UTC(1990, 0, 1);
/** How far past its ingestion an article may claim to be published (time zones, clock skew). */
export const FUTURE_SLACK_MS = 86_400_000;

/** A date as found, and where. */
export interface DateCandidate {
  date: string | null;
  from: DateOrigin;
}

/** The chosen date and its origin; both null when none can be trusted. */
export interface PublishedDate {
  published: string | null;
  publishedFrom: DateOrigin | null;
}

const UNDATED: PublishedDate = { published: null, publishedFrom: null };
const HAS_TIME = /T\d{2}:\d{2}/;

/** Whether a date reads as an instant from 1990 on: what a page's metadata must give to count at all. */
export function isPlausibleDate(iso: string | null | undefined): iso is string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) && ms >= EARLIEST_TRUSTED_MS;
}

/** The instant (ms) a trustworthy date names, or null: unreadable, before 1990, or over a day after ingestion. */
export function trustedTime(iso: string | null | undefined, ingestedAt: string): number | null {
  if (!isPlausibleDate(iso)) return null;
  const ms = Date.parse(iso);
  const ingested = Date.parse(ingestedAt);
  return Number.isFinite(ingested) && ms > ingested + FUTURE_SLACK_MS ? null : ms;
}

/** The date itself when it can be trusted (see trustedTime), else null. */
export function trustedDate(iso: string | null | undefined, ingestedAt: string): string | null {
  return trustedTime(iso, ingestedAt) === null ? null : iso!;
}

/**
 * The most trusted of the candidates (given most trusted first) that passes trustedTime. A bare day
 * (a URL's /2019/11/19/) takes its time of day from a less trusted candidate naming the same day,
 * so articles of one day still order by the hour.
 */
export function pickPublished(candidates: readonly DateCandidate[], ingestedAt: string): PublishedDate {
  const trusted = candidates.filter((c) => trustedTime(c.date, ingestedAt) !== null);
  const first = trusted[0];
  if (!first) return UNDATED;
  if (!HAS_TIME.test(first.date!)) {
    const timed = trusted.find((c) => HAS_TIME.test(c.date!) && c.date!.startsWith(first.date!.slice(0, 10)));
    if (timed) return { published: timed.date, publishedFrom: timed.from };
  }
  return { published: first.date, publishedFrom: first.from };
}
