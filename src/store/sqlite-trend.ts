/**
 * Stories over time in the SQLite store (/trend): the topic's matches in a window of publication
 * time, counted per story. The full-text index is keyed by publication time (ADR 10), so FTS5 reads
 * no match published before the window.
 */
import type Database from 'better-sqlite3';
import { SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import { REF_COLUMNS, timeKey, toFtsQuery } from './sqlite-search.js';
import type { ArticleRef, DayCount, TimeWindow, TopicQuery, WindowStory } from './store.js';
import { dayOf, windowBounds } from './trend-window.js';

/**
 * The window's matches with their story (an article without one is its own). An article's key is at
 * least timeKey(its time), so keys below timeKey(from) hold nothing published in the window.
 */
const WINDOW_MATCHES = `SELECT a.rowid AS rid, coalesce(a.story, a.rowid) AS story, a.sort_ts
  FROM articles_fts JOIN articles a ON a.time_key = articles_fts.rowid
  WHERE articles_fts MATCH @match AND articles_fts.rowid >= @fromKey
    AND a.sort_ts >= @from AND a.sort_ts < @to AND ${SCOPE_FILTER}`;

// sort_ts may be stored as a real: the day is cast to a whole number before rows are grouped by it.
const COUNTS_BY_DAY = `SELECT CAST(m.sort_ts / 86400000 AS INTEGER) AS day, count(DISTINCT m.story) AS stories
  FROM (${WINDOW_MATCHES}) m GROUP BY day ORDER BY day`;

// Most reports first, then the story reported last, then the later story: a total order.
const TOP_STORIES = `WITH m AS (${WINDOW_MATCHES}),
  s AS (SELECT story, count(*) AS reports, max(sort_ts) AS newest FROM m GROUP BY story
        ORDER BY reports DESC, newest DESC, story DESC LIMIT @limit),
  l AS (SELECT m.rid, m.story, row_number() OVER (PARTITION BY m.story ORDER BY m.sort_ts DESC, m.rid DESC) AS nth
        FROM m JOIN s ON s.story = m.story)
  SELECT ${REF_COLUMNS}, s.reports
  FROM s JOIN l ON l.story = s.story AND l.nth = 1 JOIN articles a ON a.rowid = l.rid
  ORDER BY s.reports DESC, s.newest DESC, s.story DESC`;

type Statements = (sql: string) => Database.Statement;

/** The parameters every window query takes; null when the topic holds no word. */
function windowParameters(query: TopicQuery, window: TimeWindow): Record<string, string | number | null> | null {
  const match = toFtsQuery(query);
  if (!match) return null;
  const { from, to } = windowBounds(window);
  return { match, from, to, fromKey: timeKey(from), ...scopeParameters(window) };
}

export function storyCountsByDay(sql: Statements, query: TopicQuery, window: TimeWindow): DayCount[] {
  const params = windowParameters(query, window);
  if (!params) return [];
  const rows = sql(COUNTS_BY_DAY).all(params) as { day: number; stories: number }[];
  return rows.map((row) => ({ day: dayOf(row.day), stories: row.stories }));
}

export function topStories(sql: Statements, query: TopicQuery, window: TimeWindow & { limit: number }): WindowStory[] {
  const params = windowParameters(query, window);
  if (!params) return [];
  const rows = sql(TOP_STORIES).all({ ...params, limit: window.limit }) as (ArticleRef & { reports: number })[];
  return rows.map(({ reports, ...lead }) => ({ lead, reports }));
}
