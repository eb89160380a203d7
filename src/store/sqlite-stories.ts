/**
 * Stories in the SQLite store: each new article is grouped as it is written (src/stories/), and
 * articles.story holds the number of its story's founding article (NULL for a founder: its own
 * number, so `coalesce(story, rowid)` is every article's story). The index lives in memory, built
 * on the first write from the newest articles and kept up with other processes' writes
 * (docs/adr/0019-story-grouping.md).
 */
import type Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
import { StoryKeeper } from '../stories/story-keeper.js';
import type { StoryInput } from '../stories/story-index.js';
import { PARAGRAPH_SEPARATOR } from './sqlite-writes.js';

/** Articles read back into a new index: the newest this many (a story window's worth on a busy bot). */
export const STORIES_READ_BACK = 20_000;
/** The index is read back anew (newest only) once it holds this many, so memory stays bounded. */
export const STORIES_HELD_MAX = 120_000;

/** Every article's story, in a query over `articles a`. */
export const STORY_COLUMN = 'coalesce(a.story, a.rowid) AS story';

/** The articles of the given stories, in the SQL of a query over `articles a` with @stories a JSON array. */
export const IN_STORIES = `(a.story IN (SELECT value FROM json_each(@stories))
  OR (a.story IS NULL AND a.rowid IN (SELECT value FROM json_each(@stories))))`;

type Statements = (sql: string) => Database.Statement;

interface StoredRow {
  rid: number;
  story: number;
  title: string;
  body: string;
  published: string | null;
}

export class SqliteStories {
  private keeper: StoryKeeper | null = null;
  /** The highest article row the keeper has seen (read back, or written here). */
  private seen = 0;
  /** Whether this write transaction has read what other processes wrote before it. */
  private caughtUp = false;

  constructor(private readonly sql: Statements) {}

  /** A write transaction begins: other processes may have written since the last one. */
  beginWrites(): void {
    this.caughtUp = false;
  }

  /**
   * The story a new article joins (its number), or null when it founds one; inside the write
   * transaction, before the article is inserted. Call `written` with its row once inserted.
   */
  storyOf(article: Article): number | null {
    if (!this.caughtUp) {
      this.catchUp();
      this.caughtUp = true;
    }
    return this.keeper!.join(article);
  }

  /** After the insert of an article `storyOf` was asked about: it is the keeper's, and a founder numbers its story. */
  written(rowid: number, story: number | null): void {
    if (story === null) this.keeper!.founded(rowid);
    this.seen = Math.max(this.seen, rowid);
  }

  /** Reads back the newest articles on first use (and anew when the keeper grew too big), then every article written since. */
  private catchUp(): void {
    const last = (this.sql('SELECT max(rowid) AS n FROM articles').get() as { n: number | null }).n ?? 0;
    if (!this.keeper || this.keeper.size >= STORIES_HELD_MAX) {
      this.keeper = new StoryKeeper();
      this.seen = Math.max(0, last - STORIES_READ_BACK);
    }
    if (last > this.seen) this.readBack(this.keeper, this.seen, last);
  }

  /** Adds the stored articles after row `after` (up to `last`) to the keeper, in row order, in their stories. */
  private readBack(keeper: StoryKeeper, after: number, last: number): void {
    const rows = this.sql(
      `SELECT a.rowid AS rid, ${STORY_COLUMN}, a.title, a.body, a.published FROM articles a
       WHERE a.rowid > ? AND a.rowid <= ? ORDER BY a.rowid`,
    ).all(after, last) as StoredRow[];
    const names = this.namesAfter(after, last);
    for (const row of rows) {
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

  /** The names of the articles in a row range, in the order each article gave them (ADR 19 reads its first ones). */
  private namesAfter(after: number, last: number): Map<number, string[]> {
    const rows = this.sql(
      `SELECT article_rowid AS rid, name FROM article_entities
       WHERE article_rowid > ? AND article_rowid <= ? ORDER BY article_rowid, position`,
    ).all(after, last) as { rid: number; name: string }[];
    const names = new Map<number, string[]>();
    for (const { rid, name } of rows) {
      const list = names.get(rid);
      if (list) list.push(name);
      else names.set(rid, [name]);
    }
    return names;
  }
}
