/** When a briefing fires: a daily HH:MM or a cron expression, in an IANA time zone, validated with zod. */
import { Cron } from 'croner';
import { z } from 'zod';

const DAILY_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
export const MAX_TOPICS = 5;
export const MAX_SCHEDULES_PER_GUILD = 25;
// Briefings are digests: firing more often than this would spam channels and spend summarizer calls.
export const MIN_INTERVAL_MINUTES = 15;

/** True when the runtime knows the IANA time zone. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Turns "HH:MM" into a daily cron pattern; any other text is taken as a 5-part cron pattern. */
export function toCronPattern(time: string): string {
  const daily = DAILY_TIME.exec(time.trim());
  return daily ? `${Number(daily[2])} ${Number(daily[1])} * * *` : time.trim().replace(/\s+/g, ' ');
}

/** A croner job that never runs by itself: only asked for its next instants. */
export function cronOf(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { timezone, paused: true, mode: '5-part' });
}

/** The smallest gap between the pattern's next slots (a year of daily slots is checked at most). */
function smallestGapMinutes(job: Cron): number {
  const slots = job.nextRuns(400).map((d) => d.getTime());
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < slots.length; i++) smallest = Math.min(smallest, (slots[i]! - slots[i - 1]!) / 60_000);
  return smallest;
}

/** The reason a pattern is not a usable 5-part cron expression, or null when it is. */
function cronProblem(pattern: string): string | null {
  try {
    const job = cronOf(pattern, 'UTC');
    if (!job.nextRun()) return 'it never fires';
    if (smallestGapMinutes(job) < MIN_INTERVAL_MINUTES) return `briefings can fire at most every ${MIN_INTERVAL_MINUTES} minutes`;
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern:\s*/, '');
  }
}

export const TopicsSchema = z
  .string()
  .transform((text) => [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string().max(80, 'each topic must be at most 80 characters'))
      .min(1, 'give at least one topic, e.g. "iran, oil"')
      .max(MAX_TOPICS, `at most ${MAX_TOPICS} topics per briefing`),
  );

export const ScheduleInputSchema = z
  .object({
    topics: TopicsSchema,
    time: z.string().trim().min(1, 'give a time such as 08:00 or a cron expression such as "0 8 * * 1-5"'),
    timezone: z
      .string()
      .trim()
      .default('UTC')
      .refine(isKnownTimeZone, { message: 'unknown time zone: use an IANA name such as Europe/Berlin or America/New_York' }),
  })
  .transform((input, ctx) => {
    const cron = toCronPattern(input.time);
    const problem = cronProblem(cron);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['time'],
        message: `"${input.time}" is neither HH:MM nor a valid cron expression (${problem})`,
      });
      return z.NEVER;
    }
    return { topics: input.topics, cron, timezone: input.timezone };
  });

export type ScheduleInput = z.output<typeof ScheduleInputSchema>;

/** The first slot strictly after `after`, or null when the pattern never fires again. */
export function nextSlot(cron: string, timezone: string, after: number): number | null {
  return cronOf(cron, timezone).nextRun(new Date(after))?.getTime() ?? null;
}

/** Slots in (from, to], oldest first, at most `limit` of them (the newest when there are more). */
export function slotsBetween(cron: string, timezone: string, from: number, to: number, limit = 1000): number[] {
  const job = cronOf(cron, timezone);
  const slots: number[] = [];
  let cursor = new Date(from);
  for (;;) {
    const next = job.nextRun(cursor);
    if (!next || next.getTime() > to) break;
    slots.push(next.getTime());
    if (slots.length > limit) slots.shift();
    cursor = next;
  }
  return slots;
}
