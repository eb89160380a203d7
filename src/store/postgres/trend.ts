/** Stories over time on PostgreSQL (/trend): the same questions as sqlite-trend.ts, as SQL over tsquery matches. */

import type { ArticleRef, DayCount, TimeWindow, TopicQuery, WindowStory } from '../store.js';
import { DAY_MS, dayOf, windowBounds } from '../trend-window.js';
import type { Queryable } from './pool.js';
import { Params, REF_COLUMNS, scopeFilter, topicTsquery } from './search.js';

/** The window's matches with their story (an article without one is its own), as a CTE named m; null when the topic holds no word. */
function windowMatches(query: TopicQuery, window: TimeWindow, params: Params): string | null {
  const tsquery = topicTsquery(query, params);
  if (!tsquery) return null;
  const { from, to } = windowBounds(window);
  return `m AS (SELECT a.rid, coalesce(a.story, a.rid) AS story, a.sort_ts FROM articles a
    WHERE a.search @@ (${tsquery}) AND a.sort_ts >= ${params.add(from)} AND a.sort_ts < ${params.add(to)}
      AND ${scopeFilter(window, params)})`;
}

export async function storyCountsByDay(db: Queryable, query: TopicQuery, window: TimeWindow): Promise<DayCount[]> {
  const params = new Params();
  const matches = windowMatches(query, window, params);
  if (!matches) return [];
  const text = `WITH ${matches}
    SELECT (m.sort_ts / ${DAY_MS})::bigint AS day, count(DISTINCT m.story)::int AS stories FROM m GROUP BY 1 ORDER BY 1`;
  const rows = (await db.query<{ day: string; stories: number }>(text, params.values)).rows;
  return rows.map((row) => ({ day: dayOf(row.day), stories: row.stories }));
}

// Most reports first, then the story reported last, then the later story (sqlite-trend.ts's order).
export async function topStories(db: Queryable, query: TopicQuery, window: TimeWindow & { limit: number }): Promise<WindowStory[]> {
  const params = new Params();
  const matches = windowMatches(query, window, params);
  if (!matches) return [];
  const text = `WITH ${matches},
    s AS (SELECT story, count(*)::int AS reports, max(sort_ts) AS newest FROM m GROUP BY story
          ORDER BY reports DESC, newest DESC, story DESC LIMIT ${params.add(window.limit)}),
    l AS (SELECT m.rid, m.story, row_number() OVER (PARTITION BY m.story ORDER BY m.sort_ts DESC, m.rid DESC) AS nth
          FROM m JOIN s ON s.story = m.story)
    SELECT ${REF_COLUMNS}, s.reports
    FROM s JOIN l ON l.story = s.story AND l.nth = 1 JOIN articles a ON a.rid = l.rid
    ORDER BY s.reports DESC, s.newest DESC, s.story DESC`;
  const rows = (await db.query<ArticleRef & { reports: number }>(text, params.values)).rows;
  return rows.map(({ reports, ...lead }) => ({ lead, reports }));
}
