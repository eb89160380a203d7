/**
 * Fires briefings at their slots, exactly once per (schedule, slot) even across restarts and
 * processes: a slot is claimed in a transaction before posting and completed after. Slots come from
 * croner in each schedule's own time zone; timers come from an injectable clock, so tests never wait.
 */

import type { Logger } from '../log.js';
import { describeError } from '../log.js';
import type { Briefing } from '../news/briefing.js';
import type { Schedule, ScheduleStore } from '../store/schedules.js';
import { nextSlot, slotsBetween } from './spec.js';

export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How a failed post should be treated: pause the schedule, retry later in this run, or give up on the slot. */
export type PostFailureKind = 'pause' | 'retry' | 'fail';

export class PostFailure extends Error {
  override name = 'PostFailure';
  /**
   * @param posted how many of the briefing's messages this attempt delivered before failing, so a
   *   retry continues after them instead of posting them twice
   */
  constructor(
    readonly kind: PostFailureKind,
    message: string,
    readonly posted = 0,
  ) {
    super(message);
  }
}

/** Which slot a post is for, and how many of its messages earlier attempts already delivered. */
export interface Delivery {
  slot: number;
  alreadyPosted: number;
}

export interface BriefingPoster {
  /** Posts a briefing into the schedule's channel; throws PostFailure saying how to treat a failure. */
  post(schedule: Schedule, briefing: Briefing, delivery: Delivery): Promise<void>;
}

export type ComposeBriefing = (schedule: Schedule, since: string | undefined, exclude: ReadonlySet<string>) => Promise<Briefing>;

export interface SchedulerOptions {
  store: ScheduleStore;
  compose: ComposeBriefing;
  poster: BriefingPoster;
  log: Logger;
  /** A missed slot younger than this is posted late; an older one is skipped with a log line. */
  graceMs: number;
  /** Names this process in run records. */
  claimant: string;
  clock?: Clock;
  /** True when this process (shard) owns the guild's schedules; all guilds by default. */
  owns?: (guildId: string) => boolean;
  /** Posting attempts for retryable failures (5xx), with exponential back-off from `retryBaseMs`. */
  attempts?: number;
  retryBaseMs?: number;
}

// A briefing considers articles published up to this long before the previous one, because feeds
// index a story some minutes after it is published; what was already shown is excluded by id.
export const SINCE_LOOKBACK_MS = 24 * 3_600_000;
// Never look further back than this for missed slots, however long the bot was down.
const MAX_LOOKBACK_MS = 7 * 24 * 3_600_000;
// Re-check at least this often, so clock jumps and schedules added elsewhere are noticed.
const MAX_TIMER_MS = 60_000;

/** The shard that owns a guild, as Discord assigns them: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class BriefingScheduler {
  private readonly clock: Clock;
  private timer: unknown = null;
  private running = false;
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Posts (or skips) what was missed while down, then fires each slot as it comes. */
  async start(): Promise<void> {
    this.running = true;
    await this.tick();
    await this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Call after schedules change, so the timer matches them. */
  async refresh(): Promise<void> {
    if (this.running) await this.arm();
  }

  private async ownedActiveSchedules(): Promise<Schedule[]> {
    const owns = this.options.owns ?? (() => true);
    return (await this.options.store.listSchedules()).filter((s) => s.status === 'active' && owns(s.guildId));
  }

  /** The next instant any owned schedule fires, or null when none will. */
  async nextFireAt(): Promise<number | null> {
    const now = this.clock.now();
    const next = (await this.ownedActiveSchedules())
      .map((s) => nextSlot(s.cron, s.timezone, Math.max(now, s.lastSlot ?? 0)))
      .filter((t): t is number => t !== null);
    return next.length ? Math.min(...next) : null;
  }

  private async arm(): Promise<void> {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    const next = await this.nextFireAt();
    const delay = next === null ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(0, next - this.clock.now()));
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      if (!this.running) return;
      // Schedules run independently: a slow or failing one does not hold the timer back.
      void this.tick();
      void this.arm();
    }, delay);
  }

  /** Handles every due slot of every owned schedule; resolves when the work it started is done. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const started: Promise<void>[] = [];
    for (const schedule of await this.ownedActiveSchedules()) {
      if (this.inFlight.has(schedule.id)) continue;
      const work = this.runDueSlots(schedule, now)
        .catch((error: unknown) => this.options.log.error(`briefing ${schedule.id}: ${describeError(error)}`))
        .finally(() => this.inFlight.delete(schedule.id));
      this.inFlight.set(schedule.id, work);
      started.push(work);
    }
    await Promise.all(started);
  }

  private async runDueSlots(schedule: Schedule, now: number): Promise<void> {
    const { store, claimant, graceMs, log } = this.options;
    const from = Math.max(schedule.lastSlot ?? schedule.createdAt, schedule.createdAt, now - MAX_LOOKBACK_MS);
    for (const slot of slotsBetween(schedule.cron, schedule.timezone, from, now)) {
      const late = now - slot;
      if (late > graceMs) {
        if (await store.skipRun(schedule.id, slot, claimant, now, `missed by ${Math.round(late / 60_000)} min`)) {
          log.info(
            `briefing ${schedule.id}: skipped the ${new Date(slot).toISOString()} slot, missed by ${Math.round(late / 60_000)} min (grace ${Math.round(graceMs / 60_000)} min)`,
          );
        }
        continue;
      }
      // Whoever inserts the run record owns the slot; everyone else leaves it alone.
      if (!(await store.claimRun(schedule.id, slot, claimant, now))) continue;
      await this.postSlot(schedule, slot);
    }
  }

  private async postSlot(schedule: Schedule, slot: number): Promise<void> {
    const { store, poster, compose, log } = this.options;
    const previous = await store.lastPostedRun(schedule.id);
    const sinceMs = previous ? previous.slot - SINCE_LOOKBACK_MS : null;
    // Every article shown by a briefing since then: anything new enough to qualify was shown by one of these.
    const shownRuns = sinceMs === null ? [] : await store.postedRunsSince(schedule.id, sinceMs);
    const shownBefore = new Set(
      shownRuns.flatMap((run) => (run.detail ? (JSON.parse(run.detail) as { articleIds: string[] }).articleIds : [])),
    );
    const since = sinceMs === null ? undefined : new Date(sinceMs).toISOString();
    const attempts = this.options.attempts ?? 4;
    let failure: PostFailure | null = null;
    let briefing: Briefing | null = null;
    let alreadyPosted = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        // Composed once: a retry re-sends the same briefing, continuing after what was delivered.
        briefing ??= await compose(schedule, since, shownBefore);
        await poster.post(schedule, briefing, { slot, alreadyPosted });
        await store.finishRun(schedule.id, slot, 'posted', JSON.stringify({ articleIds: briefing.articleIds }), this.clock.now());
        log.info(`briefing ${schedule.id}: posted the ${new Date(slot).toISOString()} slot to channel ${schedule.channelId}`);
        return;
      } catch (error) {
        failure = error instanceof PostFailure ? error : new PostFailure('fail', describeError(error));
        alreadyPosted += failure.posted;
        if (failure.kind !== 'retry' || attempt === attempts) break;
        await this.sleep((this.options.retryBaseMs ?? 2000) * 4 ** (attempt - 1));
      }
    }
    await store.finishRun(schedule.id, slot, 'failed', failure?.message ?? null, this.clock.now());
    if (failure?.kind === 'pause') {
      await store.setScheduleStatus(schedule.id, null, 'paused', failure.message);
      log.warn(`briefing ${schedule.id}: paused: ${failure.message}`);
    } else {
      log.warn(`briefing ${schedule.id}: the ${new Date(slot).toISOString()} slot failed: ${failure?.message}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimer(resolve, ms));
  }
}
