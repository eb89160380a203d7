/** Follows and their post records in PostgreSQL; a story is posted once because of the posts' primary key, as in SQLite. */
import type pg from 'pg';
import {
  type ClaimOutcome,
  type ClaimPost,
  type Follow,
  type FollowMatch,
  type FollowMatchQuery,
  type FollowPost,
  type FollowPostState,
  type FollowStatus,
  type FollowStore,
  type NewFollow,
  OVER_LIMIT,
} from '../follows.js';
import { type FollowPostRow, type FollowRow, sourcesColumn, toFollow, toFollowPost } from '../sql-rows.js';
import type { ArticleRef } from '../store.js';
import { inTransaction } from './pool.js';
import { Params, REF_COLUMNS, scopeFilter, sourceFilter, topicTsquery } from './search.js';

const HOUR_MS = 3_600_000;
const HEAD = 'SELECT coalesce(max(rid), 0) AS head FROM articles';

export class PostgresFollowStore implements FollowStore {
  constructor(private readonly pool: pg.Pool) {}

  async addFollow(f: NewFollow, now: number): Promise<Follow> {
    const result = await this.pool.query<FollowRow>(
      `INSERT INTO follows (guild_id, channel_id, topic, max_per_hour, quiet, timezone, mention_role, sources, created_by, created_at, start_row, last_row)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, head, head FROM (${HEAD}) h RETURNING *`,
      [f.guildId, f.channelId, f.topic, f.maxPerHour, f.quiet, f.timezone, f.mentionRole, sourcesColumn(f.sources), f.createdBy, now],
    );
    return toFollow(result.rows[0]!);
  }

  async listFollows(guildId?: string): Promise<Follow[]> {
    const result =
      guildId === undefined
        ? await this.pool.query<FollowRow>('SELECT * FROM follows ORDER BY id')
        : await this.pool.query<FollowRow>('SELECT * FROM follows WHERE guild_id = $1 ORDER BY id', [guildId]);
    return result.rows.map(toFollow);
  }

  async getFollow(id: number): Promise<Follow | null> {
    const result = await this.pool.query<FollowRow>('SELECT * FROM follows WHERE id = $1', [id]);
    return result.rows[0] ? toFollow(result.rows[0]) : null;
  }

  async removeFollow(id: number, guildId: string | null): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM follows WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)', [id, guildId]);
    return (result.rowCount ?? 0) > 0;
  }

  async setFollowStatus(id: number, guildId: string | null, status: FollowStatus, reason: string | null): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE follows SET status = $1, status_reason = $2,
         last_row = CASE WHEN $1 = 'active' THEN greatest(last_row, (${HEAD})) ELSE last_row END
       WHERE id = $3 AND ($4::text IS NULL OR guild_id = $4)`,
      [status, reason, id, guildId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async articleHead(): Promise<number> {
    return (await this.pool.query<{ head: number }>(HEAD)).rows[0]!.head;
  }

  async newMatches(q: FollowMatchQuery): Promise<FollowMatch[]> {
    const params = new Params();
    const tsquery = topicTsquery(q.query, params);
    if (!tsquery) return [];
    // Rows are numbered in commit order: inserts take turns under the writers' advisory lock (ADR 20).
    const text = `SELECT a.rid AS row, ${REF_COLUMNS} FROM articles a
      WHERE a.rid > ${params.add(q.afterRow)} AND a.rid <= ${params.add(q.upTo)} AND a.search @@ (${tsquery})
        AND ${scopeFilter({ guildId: q.guildId }, params)} AND ${sourceFilter(q.sources, params)}
      ORDER BY a.rid LIMIT ${params.add(q.limit)}`;
    const rows = (await this.pool.query<ArticleRef & { row: number; story: number }>(text, params.values)).rows;
    return rows.map(({ row, ...article }) => ({ row, article }));
  }

  async claimPost(c: ClaimPost): Promise<ClaimOutcome> {
    return inTransaction(this.pool, async (client) => {
      // The follow's row lock makes claims of one follow take turns, so the hourly count holds across processes.
      const follow = await client.query('SELECT id FROM follows WHERE id = $1 FOR UPDATE', [c.followId]);
      if (follow.rowCount === 0) return 'taken';
      const taken = await client.query('SELECT 1 FROM follow_posts WHERE follow_id = $1 AND story = $2', [c.followId, c.story]);
      if ((taken.rowCount ?? 0) > 0) return 'taken';
      const recent = await client.query<{ n: number }>(
        `SELECT count(*) AS n FROM follow_posts WHERE follow_id = $1 AND claimed_at > $2 AND state IN ('claimed', 'posted')`,
        [c.followId, c.now - HOUR_MS],
      );
      const skip = c.skip ?? (recent.rows[0]!.n >= c.maxPerHour ? OVER_LIMIT : null);
      await client.query(
        `INSERT INTO follow_posts (follow_id, story, article_id, state, claimed_by, claimed_at, finished_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.followId, c.story, c.articleId, skip ? 'skipped' : 'claimed', c.claimant, c.now, skip ? c.now : null, skip],
      );
      return skip ? 'skipped' : 'claimed';
    });
  }

  async finishPost(followId: number, story: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void> {
    await this.pool.query('UPDATE follow_posts SET state = $1, detail = $2, finished_at = $3 WHERE follow_id = $4 AND story = $5', [
      state,
      detail,
      now,
      followId,
      story,
    ]);
  }

  async advanceMark(followId: number, row: number): Promise<void> {
    await this.pool.query('UPDATE follows SET last_row = greatest(last_row, $1) WHERE id = $2', [row, followId]);
  }

  async tallyPosts(followId: number, since: number): Promise<{ state: FollowPostState; detail: string | null; count: number }[]> {
    const result = await this.pool.query<{ state: FollowPostState; detail: string | null; count: number }>(
      `SELECT state, CASE WHEN state = 'skipped' THEN detail END AS detail, count(*) AS count FROM follow_posts
       WHERE follow_id = $1 AND claimed_at >= $2 GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`,
      [followId, since],
    );
    return result.rows;
  }

  async postsOf(followId: number): Promise<FollowPost[]> {
    const result = await this.pool.query<FollowPostRow>('SELECT * FROM follow_posts WHERE follow_id = $1 ORDER BY claimed_at, story', [
      followId,
    ]);
    return result.rows.map(toFollowPost);
  }
}
