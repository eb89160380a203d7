/**
 * Story grouping on a thread of its own, for bulk loads: the writing thread is the one an ingest
 * waits on (it cannot hand its writes to another), so grouping there slowed ingest by what it cost.
 * Here the writer sends each committed transaction's new articles, and the thread answers, in the
 * order sent, which of them joined a story: the writer stores those a transaction later
 * (docs/adr/0019-story-grouping.md, "Off the writing thread").
 */
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { isModuleWorker, startModuleWorker } from '../module-worker.js';
import type { StoryInput } from './story-index.js';
import { StoryKeeper } from './story-keeper.js';

/** An article as the thread groups it: its row in the store and what grouping reads. */
export interface StoryRow extends StoryInput {
  rowid: number;
}

/** An article grouped before (read back from the store), with its story's number. */
export interface StoredStoryRow extends StoryRow {
  story: number;
}

type Message = { kind: 'restore'; rows: StoredStoryRow[] } | { kind: 'add'; rows: StoryRow[] };

/** The articles of one `add` that joined a story (rows and story numbers, in pairs), and its last row. */
interface Answer {
  joined: number[];
  upTo: number;
}

const ROLE = 'newsbrief:stories';

/** The thread's side: one keeper, fed in the order the writer sends. */
function serve(): void {
  const keeper = new StoryKeeper();
  parentPort!.on('message', (message: Message) => {
    if (message.kind === 'restore') {
      for (const row of message.rows) keeper.restore(row, row.story);
      return;
    }
    const joined: number[] = [];
    for (const row of message.rows) {
      const story = keeper.join(row);
      if (story === null) keeper.founded(row.rowid);
      else joined.push(row.rowid, story);
    }
    parentPort!.postMessage({ joined, upTo: message.rows[message.rows.length - 1]!.rowid } satisfies Answer);
  });
}

if (!isMainThread && isModuleWorker(workerData, ROLE)) serve();

/**
 * The writer's side. A thread that fails (out of memory) groups nothing more: the articles it did
 * not answer for stay their own stories, which is what every reader already makes of a NULL story.
 */
export class StoryThread {
  private readonly worker: Worker;
  private sent = 0;
  private answered = 0;
  private joined: number[] = [];
  /** The last row of the newest `add` answered: every article sent up to it is grouped. */
  private grouped = 0;
  private failed: Error | null = null;
  private waiters: (() => void)[] = [];

  constructor() {
    this.worker = startModuleWorker(import.meta.url, ROLE);
    this.worker.on('message', (answer: Answer) => {
      this.answered++;
      for (const value of answer.joined) this.joined.push(value);
      this.grouped = Math.max(this.grouped, answer.upTo);
      this.wake();
    });
    this.worker.on('error', (error: Error) => {
      this.failed = error;
      this.wake();
    });
  }

  /** Holds stored articles in their stories (before any `add` they may be joined by). */
  restore(rows: StoredStoryRow[]): void {
    if (rows.length > 0 && !this.failed) this.worker.postMessage({ kind: 'restore', rows } satisfies Message);
  }

  /** Groups committed new articles, in row order. */
  add(rows: StoryRow[]): void {
    if (rows.length === 0 || this.failed) return;
    this.sent++;
    this.worker.postMessage({ kind: 'add', rows } satisfies Message);
  }

  /** The last row sent whose article (and every one before it) is grouped: its join, if any, is among those taken. */
  get groupedUpTo(): number {
    return this.grouped;
  }

  /** The joins answered since the last call: [row, story, row, story, ...]. */
  take(): number[] {
    const joined = this.joined;
    this.joined = [];
    return joined;
  }

  /** Joins taken but not stored (their transaction rolled back): taken again first. */
  putBack(joined: number[]): void {
    if (joined.length > 0) this.joined = joined.concat(this.joined);
  }

  /** Resolves once every `add` sent is answered (or the thread has failed). */
  async drained(): Promise<void> {
    while (this.answered < this.sent && !this.failed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
