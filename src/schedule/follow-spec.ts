/** What /follow add accepts: a topic, an hourly limit, optional quiet hours in a time zone; validated with zod. */
import { z } from 'zod';
import { isKnownTimeZone } from './spec.js';

export const MAX_FOLLOWS_PER_GUILD = 25;
export const DEFAULT_MAX_PER_HOUR = 6;
export const MAX_PER_HOUR_LIMIT = 60;

const QUIET = /^([01]?\d|2[0-3])(?::([0-5]\d))?\s*-\s*([01]?\d|2[0-3])(?::([0-5]\d))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** "22-07" or "22:30-07:00" -> "22:00-07:00"; null when it is not a range of two different times. */
export function normaliseQuiet(text: string): string | null {
  const m = QUIET.exec(text.trim());
  if (!m) return null;
  const start = `${pad(Number(m[1]))}:${m[2] ?? '00'}`;
  const end = `${pad(Number(m[3]))}:${m[4] ?? '00'}`;
  return start === end ? null : `${start}-${end}`;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The minute of the day (0-1439) at an instant in a time zone. */
function minuteOfDay(ms: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/** True when an instant falls in quiet hours ("HH:MM-HH:MM", start included, end not; may span midnight). */
export function isQuietAt(quiet: string | null, timezone: string, ms: number): boolean {
  if (!quiet) return false;
  const [start, end] = quiet.split('-').map(minutesOf) as [number, number];
  const now = minuteOfDay(ms, timezone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

export const FollowInputSchema = z.object({
  topic: z.string().trim().min(1, 'give a topic, e.g. "iran -trump"').max(200, 'at most 200 characters'),
  max_per_hour: z
    .number()
    .int('a whole number')
    .min(1, 'at least 1')
    .max(MAX_PER_HOUR_LIMIT, `at most ${MAX_PER_HOUR_LIMIT}`)
    .default(DEFAULT_MAX_PER_HOUR),
  quiet: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return null;
      const quiet = normaliseQuiet(text);
      if (!quiet)
        ctx.addIssue({ code: 'custom', message: `expected two different hours such as 22-07 or 22:30-06:45, got "${text.slice(0, 40)}"` });
      return quiet;
    }),
  timezone: z
    .string()
    .trim()
    .default('UTC')
    .refine(isKnownTimeZone, { message: 'unknown time zone: use an IANA name such as Europe/Berlin or America/New_York' }),
});

export type FollowInput = z.output<typeof FollowInputSchema>;
