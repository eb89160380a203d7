/**
 * Stories in the SQLite store: each new article is grouped as it is written (src/stories/), and
 * articles.story holds the number of its story's founding article (NULL for a founder: its own
 * number, so `coalesce(story, rowid)` is every article's story). The index lives in memory, built
 * on the first write from the newest articles and kept up with other processes' writes
 * (docs/adr/0019-story-grouping.md).
 */
import type Database from 'better-sqlite3';
import type { Article } from '../articles/model.js';
import { STORIES_HELD_MAX, STORIES_READ_BACK, StoryKeeper } from '../stories/story-keeper.js';
import { type StoredStoryRow, type StoryRow, StoryThread } from '../stories/story-thread.js';
import { storyTerms } from '../stories/terms.js';
import { notePendingStories, pendingStoriesKey } from './sqlite-loads.js';
import { PARAGRAPH_SEPARATOR } from './sqlite-writes.js';

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

/** The grouping of a bulk load, on its own thread (story-thread.ts). */
interface Deferred {
  thread: StoryThread;
  /** Loads running (a load inside a load shares the thread). */
  depth: number;
  /** The highest article row sent to the thread (read back, or written here and committed). */
  seen: number;
  /** This transaction's new articles, sent once it commits. */
  written: StoryRow[];
  /** `seen` when this transaction began, for a rollback. */
  seenBefore: number;
  /** Joins stored by this transaction: answered again if it rolls back. */
  applied: number[];
  /** Its note in store_state of the first row whose story may still change (follows stop before it). */
  pendingKey: string;
  /** The row that note gives, and gave when this transaction began. */
  pendingFrom: number;
  pendingBefore: number;
  /** The load's last transaction: it stores the last joins and removes the note. */
  ending: boolean;
}

export class SqliteStories {
  private keeper: StoryKeeper | null = null;
  /** The highest article row the keeper has seen (read back, or written here). */
  private seen = 0;
  /** Whether this write transaction has read what other processes wrote before it. */
  private caughtUp = false;
  /** Set while a bulk load groups on its own thread: articles are stored as their own story, and joined a transaction later. */
  private deferred: Deferred | null = null;

  constructor(private readonly sql: Statements) {}

  /**
   * A bulk load begins: from here its articles are grouped on a thread of their own, which holds the
   * newest stored articles first, as the keeper would. The keeper here is read back anew afterwards.
   */
  beginBulk(): void {
    if (this.deferred) {
      this.deferred.depth++;
      return;
    }
    const last = this.lastRow();
    const thread = new StoryThread();
    const pendingKey = pendingStoriesKey();
    notePendingStories(this.sql, pendingKey, last + 1);
    this.deferred = {
      thread,
      depth: 1,
      seen: last,
      written: [],
      seenBefore: last,
      applied: [],
      pendingKey,
      pendingFrom: last + 1,
      pendingBefore: last + 1,
      ending: false,
    };
    this.keeper = null;
    this.seen = 0;
    this.sendStored(thread, Math.max(0, last - STORIES_READ_BACK), last);
  }

  /**
   * A bulk load ends: every article it wrote is grouped, and the joins the thread answered are stored
   * by `store` (one write transaction calling `beginWrites`, which stores them).
   */
  async endBulk(store: () => void): Promise<void> {
    const deferred = this.deferred;
    if (!deferred || --deferred.depth > 0) return;
    try {
      await deferred.thread.drained();
      deferred.ending = true;
      store();
    } finally {
      this.deferred = null;
      await deferred.thread.close();
      if (!deferred.ending) this.dropPendingNote(deferred.pendingKey);
    }
  }

  /** A write transaction begins: other processes may have written since the last one. */
  beginWrites(): void {
    this.caughtUp = false;
    const deferred = this.deferred;
    if (!deferred) return;
    deferred.written = [];
    deferred.seenBefore = deferred.seen;
    deferred.pendingBefore = deferred.pendingFrom;
    deferred.applied = deferred.thread.take();
    const setStory = this.sql('UPDATE articles SET story = ? WHERE rowid = ? AND story IS NULL');
    for (let i = 0; i < deferred.applied.length; i += 2) setStory.run(deferred.applied[i + 1], deferred.applied[i]);
    this.movePendingNote(deferred);
    const last = this.lastRow();
    if (last > deferred.seen) {
      this.sendStored(deferred.thread, deferred.seen, last);
      deferred.seen = last;
    }
  }

  /** The write transaction committed: its new articles go to the thread. */
  committed(): void {
    const deferred = this.deferred;
    if (!deferred) return;
    deferred.thread.add(deferred.written);
    deferred.written = [];
    deferred.applied = [];
  }

  /** The write transaction rolled back: its articles were never stored, and the joins it stored wait for the next one. */
  rolledBack(): void {
    const deferred = this.deferred;
    if (!deferred) return;
    deferred.written = [];
    deferred.seen = deferred.seenBefore;
    deferred.pendingFrom = deferred.pendingBefore;
    deferred.thread.putBack(deferred.applied);
    deferred.applied = [];
  }

  /**
   * The story a new article joins (its number), or null when it founds one; inside the write
   * transaction, before the article is inserted. Call `written` with its row once inserted. During a
   * bulk load every article is stored as its own story here, and joined later.
   */
  storyOf(article: Article): number | null {
    if (this.deferred) return null;
    if (!this.caughtUp) {
      this.catchUp();
      this.caughtUp = true;
    }
    return this.keeper!.join(article);
  }

  /** After the insert of an article `storyOf` was asked about: it is the keeper's, and a founder numbers its story. */
  written(rowid: number, story: number | null, article: Article): void {
    const deferred = this.deferred;
    if (deferred) {
      // Only the terms cross to the thread (read on a build thread when the ingest built it there), not the text.
      deferred.written.push({
        rowid,
        title: '',
        paragraphs: [],
        published: article.published,
        storyTerms: article.storyTerms ?? storyTerms(article),
      });
      deferred.seen = Math.max(deferred.seen, rowid);
      return;
    }
    if (story === null) this.keeper!.founded(rowid);
    this.seen = Math.max(this.seen, rowid);
  }

  /** Rows up to the last one grouped have their stories stored now (this transaction): the note moves past them, or goes. */
  private movePendingNote(deferred: Deferred): void {
    if (deferred.ending) {
      this.sql('DELETE FROM store_state WHERE key = ?').run(deferred.pendingKey);
      return;
    }
    const from = Math.max(deferred.pendingFrom, deferred.thread.groupedUpTo + 1);
    if (from === deferred.pendingFrom) return;
    notePendingStories(this.sql, deferred.pendingKey, from);
    deferred.pendingFrom = from;
  }

  /** A load that could not store its last joins leaves no note behind (its unjoined articles stay their own stories). */
  private dropPendingNote(key: string): void {
    try {
      this.sql('DELETE FROM store_state WHERE key = ?').run(key);
    } catch {
      // The database takes no writes (a full disk): the note names this process, and is passed over once it has ended.
    }
  }

  private lastRow(): number {
    return (this.sql('SELECT max(rowid) AS n FROM articles').get() as { n: number | null }).n ?? 0;
  }

  /** Sends the stored articles after row `after` (up to `last`) to the thread, in row order, in their stories. */
  private sendStored(thread: StoryThread, after: number, last: number): void {
    if (last > after) thread.restore(this.storedRows(after, last));
  }

  /**
   * Reads back the newest articles on first use (and anew when the keeper grew too big, or when more
   * was written elsewhere than a read-back holds), then every article written since.
   */
  private catchUp(): void {
    const last = this.lastRow();
    if (!this.keeper || this.keeper.size >= STORIES_HELD_MAX || last - this.seen > STORIES_READ_BACK) {
      this.keeper = new StoryKeeper();
      this.seen = Math.max(0, last - STORIES_READ_BACK);
    }
    if (last > this.seen) {
      for (const row of this.storedRows(this.seen, last)) this.keeper.restore(row, row.story);
      this.seen = last;
    }
  }

  /** The stored articles after row `after` (up to `last`), in row order, with their stories. */
  private storedRows(after: number, last: number): StoredStoryRow[] {
    const rows = this.sql(
      `SELECT a.rowid AS rid, ${STORY_COLUMN}, a.title, a.body, a.published FROM articles a
       WHERE a.rowid > ? AND a.rowid <= ? ORDER BY a.rowid`,
    ).all(after, last) as StoredRow[];
    const names = this.namesAfter(after, last);
    return rows.map((row) => ({
      rowid: row.rid,
      story: row.story,
      title: row.title,
      paragraphs: row.body.split(PARAGRAPH_SEPARATOR),
      published: row.published,
      entities: names.get(row.rid) ?? [],
    }));
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
