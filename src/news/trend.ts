/**
 * /trend: how many stories on a topic were reported each UTC day over the last N days, and the
 * busiest days' most-reported stories. Topics read as /headlines reads them (ADR 25); undated
 * articles are never counted (ADR 12).
 */
import { UsageError } from '../errors.js';
import type { ArticleRef, Store } from '../store/store.js';
import { expandTopic } from './topics.js';

export const DEFAULT_TREND_DAYS = 30;
export const MAX_TREND_DAYS = 365;
/** How many of the busiest days are listed, and how many stories under each. */
export const BUSIEST_DAYS = 3;
export const STORIES_PER_DAY = 3;
const DAY_MS = 86_400_000;

export interface TrendQuery {
  topic: string;
  days?: number;
  /** Whose articles: as in HeadlinesQuery. */
  guildId?: string | null;
}

/** A story on a busy day: its newest report that day, and how many of its reports that day match. */
export type TrendStory = ArticleRef & { reports: number };

export interface TrendResult {
  topic: string;
  days: number;
  /** The first and last day counted (YYYY-MM-DD, UTC); the last is today. */
  from: string;
  to: string;
  /** Every day from `from` to `to`, oldest first, with its number of stories (0 included). */
  counts: { day: string; stories: number }[];
  /** The busiest days, busiest first (the later of equals first), each with its most-reported stories. */
  busiest: { day: string; stories: number; headlines: TrendStory[] }[];
}

/** The days option as a whole number from 1 to MAX_TREND_DAYS; else one line saying what was expected. */
export function trendDays(value: unknown): number {
  if (value === undefined) return DEFAULT_TREND_DAYS;
  const days = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TREND_DAYS) {
    throw new UsageError(`days: expected a whole number from 1 to ${MAX_TREND_DAYS}, got ${String(value)}`);
  }
  return days;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Every day of the window with its count, zeros filled in. */
function everyDay(firstDay: number, days: number, counted: Map<string, number>): { day: string; stories: number }[] {
  return Array.from({ length: days }, (_, i) => {
    const day = isoDay(firstDay + i * DAY_MS);
    return { day, stories: counted.get(day) ?? 0 };
  });
}

/** The days with the most stories, busiest first, the later of equals first; days without any are never busy. */
export function busiestDays(counts: readonly { day: string; stories: number }[], limit = BUSIEST_DAYS): { day: string; stories: number }[] {
  return counts
    .filter((c) => c.stories > 0)
    .sort((x, y) => y.stories - x.stories || y.day.localeCompare(x.day))
    .slice(0, limit);
}

export async function storyTrend(store: Store, query: TrendQuery, now: number): Promise<TrendResult> {
  const topic = query.topic.trim();
  if (!topic) throw new UsageError('topic: expected something to look for, e.g. iran');
  const days = trendDays(query.days);
  const expanded = expandTopic(topic);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const firstDay = today - (days - 1) * DAY_MS;
  const scope = query.guildId === undefined ? {} : { guildId: query.guildId };
  const window = { from: new Date(firstDay).toISOString(), to: new Date(today + DAY_MS).toISOString(), ...scope };
  const counted = new Map((await store.storyCountsByDay(expanded, window)).map((c) => [c.day, c.stories]));
  const counts = everyDay(firstDay, days, counted);
  const busiest: TrendResult['busiest'] = [];
  for (const busy of busiestDays(counts)) {
    const from = Date.parse(`${busy.day}T00:00:00Z`);
    const stories = await store.topStories(expanded, {
      from: new Date(from).toISOString(),
      to: new Date(from + DAY_MS).toISOString(),
      limit: STORIES_PER_DAY,
      ...scope,
    });
    busiest.push({ ...busy, headlines: stories.map(({ lead, reports }) => ({ ...lead, reports })) });
  }
  return { topic, days, from: isoDay(firstDay), to: isoDay(today), counts, busiest };
}
