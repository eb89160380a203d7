/**
 * Posts each new story on a followed topic as it is indexed: every follow keeps a high-water mark
 * over article rows, and a story is claimed in the database (one post record per follow and story)
 * before it is posted, so it is posted once across restarts and processes, whichever outlet's
 * report comes first (docs/adr/0027-follows.md).
 */
import type { Logger } from '../log.js';
import { describeError } from '../log.js';
import { expandTopic } from '../news/topics.js';
import { type Follow, type FollowMatch, type FollowStore, OVER_LIMIT } from '../store/follows.js';
import type { ArticleRef } from '../store/store.js';
import { isQuietAt } from './follow-spec.js';
import { QUIET_HOURS } from './follows.js';
import { type Clock, PostFailure, systemClock } from './scheduler.js';

/** One story to post for a follow: its first matching report. */
export interface FollowAlert {
  topic: string;
  article: ArticleRef;
}

export interface FollowPoster {
  /** Posts the alert into the follow's channel (pinging its role, if any); throws PostFailure saying how to treat a failure. */
  post(follow: Follow, alert: FollowAlert, story: number): Promise<void>;
}

export interface FollowWatcherOptions {
  store: FollowStore;
  poster: FollowPoster;
  log: Logger;
  /** Names this process in post records. */
  claimant: string;
  /** How often new articles are looked for. */
  intervalMs: number;
  clock?: Clock;
  /** True when this process (shard) owns the guild's follows; all guilds by default. */
  owns?: (guildId: string) => boolean;
  /** Posting attempts for retryable failures (5xx), with exponential back-off from `retryBaseMs`. */
  attempts?: number;
  retryBaseMs?: number;
}

/** New matches read per query; a follow behind by more reads again. */
const BATCH = 100;

export class FollowWatcher {
  private readonly clock: Clock;
  private timer: unknown = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(private readonly options: FollowWatcherOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async start(): Promise<void> {
    this.running = true;
    await this.tick();
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    await this.current;
  }

  private arm(): void {
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      if (!this.running) return;
      void this.tick().finally(() => {
        if (this.running) this.arm();
      });
    }, this.options.intervalMs);
  }

  /** Looks at every owned active follow once; a tick already running is joined, not doubled. */
  tick(): Promise<void> {
    this.current ??= this.checkAll().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async checkAll(): Promise<void> {
    const { store, log } = this.options;
    const owns = this.options.owns ?? (() => true);
    const head = await store.articleHead();
    const due = (await store.listFollows()).filter((f) => f.status === 'active' && owns(f.guildId) && f.lastRow < head);
    // Follows run side by side: a slow channel does not hold back the others.
    await Promise.all(
      due.map((follow) =>
        this.checkFollow(follow, head).catch((error: unknown) => log.error(`follow ${follow.id}: ${describeError(error)}`)),
      ),
    );
  }

  /** Handles the follow's matches stored after its mark, oldest first, then moves the mark to `head`. */
  private async checkFollow(follow: Follow, head: number): Promise<void> {
    const query = expandTopic(follow.topic);
    let mark = follow.lastRow;
    for (;;) {
      const matches = await this.options.store.newMatches({
        query,
        afterRow: mark,
        upTo: head,
        guildId: follow.guildId,
        sources: follow.sources,
        limit: BATCH,
      });
      for (const match of matches) {
        if (!(await this.handle(follow, match))) {
          await this.options.store.advanceMark(follow.id, match.row);
          return;
        }
      }
      mark = matches.length < BATCH ? head : matches.at(-1)!.row;
      await this.options.store.advanceMark(follow.id, mark);
      if (matches.length < BATCH) return;
    }
  }

  /** Claims and posts one match's story, unless it is older than the follow or already handled; false when the follow was paused. */
  private async handle(follow: Follow, match: FollowMatch): Promise<boolean> {
    // A story founded before the follow was added is not new, whichever outlet reports it now.
    if (match.article.story <= follow.startRow) return true;
    const now = this.clock.now();
    const quiet = isQuietAt(follow.quiet, follow.timezone, now);
    const outcome = await this.options.store.claimPost({
      followId: follow.id,
      story: match.article.story,
      articleId: match.article.id,
      claimant: this.options.claimant,
      now,
      maxPerHour: follow.maxPerHour,
      ...(quiet ? { skip: QUIET_HOURS } : {}),
    });
    if (outcome === 'skipped')
      this.options.log.info(`follow ${follow.id}: skipped story ${match.article.story} (${quiet ? QUIET_HOURS : OVER_LIMIT})`);
    if (outcome !== 'claimed') return true;
    return this.deliver(follow, match);
  }

  /** Posts a claimed story, retrying server errors; a failure that needs someone pauses the follow. */
  private async deliver(follow: Follow, match: FollowMatch): Promise<boolean> {
    const { store, poster, log } = this.options;
    const story = match.article.story;
    const attempts = this.options.attempts ?? 4;
    let failure: PostFailure | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await poster.post(follow, { topic: follow.topic, article: match.article }, story);
        await store.finishPost(follow.id, story, 'posted', null, this.clock.now());
        return true;
      } catch (error) {
        failure = error instanceof PostFailure ? error : new PostFailure('fail', describeError(error));
        if (failure.kind !== 'retry' || attempt === attempts) break;
        await new Promise<void>((resolve) => this.clock.setTimer(() => resolve(), (this.options.retryBaseMs ?? 2000) * 4 ** (attempt - 1)));
      }
    }
    await store.finishPost(follow.id, story, 'failed', failure?.message ?? null, this.clock.now());
    if (failure?.kind === 'pause') {
      await store.setFollowStatus(follow.id, null, 'paused', failure.message);
      log.warn(`follow ${follow.id}: paused: ${failure.message}`);
      return false;
    }
    log.warn(`follow ${follow.id}: story ${story} failed: ${failure?.message}`);
    return true;
  }
}
