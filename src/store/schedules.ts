/** Briefing schedules and their run records, as the store keeps them. */
import type { SourceFilter } from './store.js';

export type ScheduleStatus = 'active' | 'paused';

export interface Schedule {
  id: number;
  guildId: string;
  channelId: string;
  topics: string[];
  /** A 5-part cron pattern, read in `timezone`. */
  cron: string;
  /** IANA time zone. */
  timezone: string;
  status: ScheduleStatus;
  /** Why it is paused, when a failure paused it. */
  statusReason: string | null;
  createdBy: string | null;
  createdAt: number;
  /** The latest slot (ms) handled: posted, skipped or failed. */
  lastSlot: number | null;
  /** The one role a briefing pings, or null (mention-free). */
  mentionRole: string | null;
  /** Outlets the briefing keeps or leaves out. */
  sources: SourceFilter;
}

export type NewSchedule = Pick<Schedule, 'guildId' | 'channelId' | 'topics' | 'cron' | 'timezone' | 'createdBy'> &
  Partial<Pick<Schedule, 'mentionRole' | 'sources'>>;

export type RunState = 'claimed' | 'posted' | 'failed' | 'skipped';

export interface BriefingRun {
  scheduleId: number;
  slot: number;
  state: RunState;
  claimedBy: string;
  claimedAt: number;
  finishedAt: number | null;
  detail: string | null;
}

/** A schedule with every run it has had: what newsbrief copy carries (a slot already handled stays handled). */
export interface ScheduleExport {
  schedule: Schedule;
  runs: BriefingRun[];
}

export interface ScheduleStore {
  addSchedule(schedule: NewSchedule, now: number): Promise<Schedule>;
  /** Every schedule, or one guild's. */
  listSchedules(guildId?: string): Promise<Schedule[]>;
  getSchedule(id: number): Promise<Schedule | null>;
  /** Removes a guild's schedule; false when the id is not one of that guild's. */
  removeSchedule(id: number, guildId: string | null): Promise<boolean>;
  /**
   * Pauses or resumes a schedule (of that guild, when given); false when there is no such schedule.
   * `handledUntil` marks slots up to that instant as handled, so resuming never posts a slot that fell in the pause.
   */
  setScheduleStatus(
    id: number,
    guildId: string | null,
    status: ScheduleStatus,
    reason: string | null,
    handledUntil?: number,
  ): Promise<boolean>;
  /**
   * Claims a slot for posting, atomically: true for exactly one caller per (schedule, slot), across
   * processes sharing the database. Advances the schedule's last slot in the same transaction.
   */
  claimRun(scheduleId: number, slot: number, claimant: string, now: number): Promise<boolean>;
  /** Records a slot as skipped (too old to post); false when it was already handled. */
  skipRun(scheduleId: number, slot: number, claimant: string, now: number, reason: string): Promise<boolean>;
  finishRun(scheduleId: number, slot: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void>;
  /** The latest posted run of a schedule (its detail holds what was posted). */
  lastPostedRun(scheduleId: number): Promise<BriefingRun | null>;
  /** Posted runs of a schedule at or after a slot, oldest first. */
  postedRunsSince(scheduleId: number, fromSlot: number): Promise<BriefingRun[]>;
  runsOf(scheduleId: number): Promise<BriefingRun[]>;
}
