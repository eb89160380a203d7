/** Follows and their post records in the SQLite database; a story is posted once because of the posts' primary key. */
import type Database from 'better-sqlite3';
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
} from './follows.js';
import { SQLITE_SOURCE_FILTER, sqliteSourceParameters } from './source-filter.js';
import { type FollowPostRow, type FollowRow, sourcesColumn, toFollow, toFollowPost } from './sql-rows.js';
import { SCOPE_FILTER, scopeParameters } from './sqlite-feeds.js';
import { firstPendingStory } from './sqlite-loads.js';
import { REF_COLUMNS, toFtsQuery } from './sqlite-search.js';
import type { ArticleRef } from './store.js';

const HOUR_MS = 3_600_000;
const HEAD = 'SELECT coalesce(max(rowid), 0) AS head FROM articles';

/** New rows first by row number (few), each checked against the topic by its own full-text key. */
const NEW_MATCHES = `SELECT a.rowid AS row, ${REF_COLUMNS} FROM articles a
  WHERE a.rowid > @after AND a.rowid <= @upTo
    AND EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH @match AND articles_fts.rowid = a.time_key)
    AND ${SCOPE_FILTER} AND ${SQLITE_SOURCE_FILTER}
  ORDER BY a.rowid LIMIT @limit`;

export class SqliteFollowStore implements FollowStore {
  constructor(private readonly db: Database.Database) {}

  async addFollow(f: NewFollow, now: number): Promise<Follow> {
    const result = this.db
      .prepare(
        `INSERT INTO follows (guild_id, channel_id, topic, max_per_hour, quiet, timezone, mention_role, sources, created_by, created_at, start_row, last_row)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, head, head FROM (${HEAD})`,
      )
      .run(f.guildId, f.channelId, f.topic, f.maxPerHour, f.quiet, f.timezone, f.mentionRole, sourcesColumn(f.sources), f.createdBy, now);
    return (await this.getFollow(Number(result.lastInsertRowid)))!;
  }

  async listFollows(guildId?: string): Promise<Follow[]> {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM follows ORDER BY id').all()
        : this.db.prepare('SELECT * FROM follows WHERE guild_id = ? ORDER BY id').all(guildId)
    ) as FollowRow[];
    return rows.map(toFollow);
  }

  async getFollow(id: number): Promise<Follow | null> {
    const row = this.db.prepare('SELECT * FROM follows WHERE id = ?').get(id) as FollowRow | undefined;
    return row ? toFollow(row) : null;
  }

  async removeFollow(id: number, guildId: string | null): Promise<boolean> {
    return this.db.prepare('DELETE FROM follows WHERE id = ? AND (? IS NULL OR guild_id = ?)').run(id, guildId, guildId).changes > 0;
  }

  async setFollowStatus(id: number, guildId: string | null, status: FollowStatus, reason: string | null): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE follows SET status = ?, status_reason = ?,
           last_row = CASE WHEN ? = 'active' THEN max(last_row, (${HEAD})) ELSE last_row END
         WHERE id = ? AND (? IS NULL OR guild_id = ?)`,
      )
      .run(status, reason, status, id, guildId, guildId);
    return result.changes > 0;
  }

  /** The newest row, or the row before the first whose story a bulk load is still settling (ADR 19): a story is posted once it is whole. */
  async articleHead(): Promise<number> {
    const head = (this.db.prepare(HEAD).get() as { head: number }).head;
    return Math.min(head, firstPendingStory(this.db) - 1);
  }

  async newMatches(q: FollowMatchQuery): Promise<FollowMatch[]> {
    const match = toFtsQuery(q.query);
    if (!match) return [];
    const rows = this.db.prepare(NEW_MATCHES).all({
      match,
      after: q.afterRow,
      upTo: q.upTo,
      limit: q.limit,
      ...scopeParameters({ guildId: q.guildId }),
      ...sqliteSourceParameters(q.sources),
    }) as (ArticleRef & { row: number; story: number })[];
    return rows.map(({ row, ...article }) => ({ row, article }));
  }

  private readonly claim = (c: ClaimPost) =>
    this.db
      .transaction((): ClaimOutcome => {
        // A follow removed meanwhile has nothing left to post (as PostgreSQL's row lock finds).
        if (!this.db.prepare('SELECT 1 FROM follows WHERE id = ?').get(c.followId)) return 'taken';
        if (this.db.prepare('SELECT 1 FROM follow_posts WHERE follow_id = ? AND story = ?').get(c.followId, c.story)) return 'taken';
        const recent = (
          this.db
            .prepare(`SELECT count(*) AS n FROM follow_posts WHERE follow_id = ? AND claimed_at > ? AND state IN ('claimed', 'posted')`)
            .get(c.followId, c.now - HOUR_MS) as { n: number }
        ).n;
        const skip = c.skip ?? (recent >= c.maxPerHour ? OVER_LIMIT : null);
        this.db
          .prepare(
            `INSERT INTO follow_posts (follow_id, story, article_id, state, claimed_by, claimed_at, finished_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(c.followId, c.story, c.articleId, skip ? 'skipped' : 'claimed', c.claimant, c.now, skip ? c.now : null, skip);
        return skip ? 'skipped' : 'claimed';
      })
      .immediate();

  async claimPost(claim: ClaimPost): Promise<ClaimOutcome> {
    return this.claim(claim);
  }

  async finishPost(followId: number, story: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void> {
    this.db
      .prepare('UPDATE follow_posts SET state = ?, detail = ?, finished_at = ? WHERE follow_id = ? AND story = ?')
      .run(state, detail, now, followId, story);
  }

  async advanceMark(followId: number, row: number): Promise<void> {
    this.db.prepare('UPDATE follows SET last_row = max(last_row, ?) WHERE id = ?').run(row, followId);
  }

  async tallyPosts(followId: number, since: number): Promise<{ state: FollowPostState; detail: string | null; count: number }[]> {
    return this.db
      .prepare(
        `SELECT state, CASE WHEN state = 'skipped' THEN detail END AS detail, count(*) AS count FROM follow_posts
         WHERE follow_id = ? AND claimed_at >= ? GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(followId, since) as { state: FollowPostState; detail: string | null; count: number }[];
  }

  async postsOf(followId: number): Promise<FollowPost[]> {
    const rows = this.db
      .prepare('SELECT * FROM follow_posts WHERE follow_id = ? ORDER BY claimed_at, story')
      .all(followId) as FollowPostRow[];
    return rows.map(toFollowPost);
  }
}
