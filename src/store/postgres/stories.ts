/**
 * Stories in the PostgreSQL store, as sqlite-stories.ts does them (docs/adr/0019-story-grouping.md):
 * each new article is grouped as it is written, articles.story holds the founding article's row
 * (NULL for a founder), and the index lives in memory, read back from the newest articles and kept
 * up with other processes' writes. Grouping needs every earlier article committed and seen, so
 * transactions that insert articles take turns under an advisory lock held until they commit, as
 * SQLite's single writer does; a transaction that fails leaves the index to be read back anew.
 */
import type { Article } from '../../articles/model.js';
import type { StoryInput } from '../../stories/story-index.js';
import { STORIES_HELD_MAX, STORIES_READ_BACK, StoryKeeper } from '../../stories/story-keeper.js';
import { PARAGRAPH_SEPARATOR } from '../sql-rows.js';
import type { Queryable } from './pool.js';

/** The advisory lock writers of new articles take turns under ("stories" in ASCII, cut to 32 bits). */
export const STORY_LOCK = 0x73746f72;

interface StoredRow {
  rid: number;
  story: number;
  title: string;
  body: string;
  published: string | null;
}

/** One write transaction's part: whether it holds the lock and has read what others wrote. */
export interface StoryTurn {
  caughtUp: boolean;
}

export class PostgresStories {
  private keeper: StoryKeeper | null = null;
  /** The highest article row the keeper has seen (read back, or written here). */
  private seen = 0;

  /**
   * The story a new article joins (its number), or null when it founds one; inside the write
   * transaction, before the article is inserted. Call `written` with its row once inserted.
   */
  async storyOf(db: Queryable, article: Article, turn: StoryTurn): Promise<number | null> {
    if (!turn.caughtUp) {
      await db.query('SELECT pg_advisory_xact_lock($1)', [STORY_LOCK]);
      await this.catchUp(db);
      turn.caughtUp = true;
    }
    return this.keeper!.join(article);
  }

  /** The story of the next new article in a turn `storyOf` has begun (no database read). */
  joinNext(article: Article): number | null {
    return this.keeper!.join(article);
  }

  /** After the insert of an article `storyOf` was asked about: a founder numbers its story. */
  written(rid: number, story: number | null): void {
    if (story === null) this.keeper!.founded(rid);
    this.seen = Math.max(this.seen, rid);
  }

  /** A write transaction failed: what the keeper learnt in it may not be stored, so it is read back next time. */
  forget(): void {
    this.keeper = null;
  }

  private async catchUp(db: Queryable): Promise<void> {
    const last = (await db.query<{ n: number | null }>('SELECT max(rid) AS n FROM articles')).rows[0]?.n ?? 0;
    if (!this.keeper || this.keeper.size >= STORIES_HELD_MAX) {
      this.keeper = new StoryKeeper();
      this.seen = Math.max(0, last - STORIES_READ_BACK);
    }
    if (last > this.seen) await this.readBack(db, this.keeper, this.seen, last);
  }

  /** Adds the stored articles after row `after` (up to `last`) to the keeper, in row order, in their stories. */
  private async readBack(db: Queryable, keeper: StoryKeeper, after: number, last: number): Promise<void> {
    const rows = await db.query<StoredRow>(
      `SELECT a.rid, coalesce(a.story, a.rid) AS story, a.title, a.body, a.published FROM articles a
       WHERE a.rid > $1 AND a.rid <= $2 ORDER BY a.rid`,
      [after, last],
    );
    const names = await namesAfter(db, after, last);
    for (const row of rows.rows) {
      const input: StoryInput = {
        title: row.title,
        paragraphs: row.body.split(PARAGRAPH_SEPARATOR),
        published: row.published,
        entities: names.get(row.rid) ?? [],
      };
      keeper.restore(input, row.story);
    }
    this.seen = last;
  }
}

/** The names of the articles in a row range, in the order each article gave them. */
async function namesAfter(db: Queryable, after: number, last: number): Promise<Map<number, string[]>> {
  const rows = await db.query<{ rid: number; name: string }>(
    `SELECT article_rid AS rid, name FROM article_entities WHERE article_rid > $1 AND article_rid <= $2 ORDER BY article_rid, position`,
    [after, last],
  );
  const names = new Map<number, string[]>();
  for (const { rid, name } of rows.rows) {
    const list = names.get(rid);
    if (list) list.push(name);
    else names.set(rid, [name]);
  }
  return names;
}
