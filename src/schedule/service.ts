/** What /briefing does, face-neutral: validate and save schedules, list them with their next run, preview. */
import { UsageError } from '../errors.js';
import { type Briefing, composeBriefing } from '../news/briefing.js';
import type { News } from '../news/news.js';
import type { Schedule, ScheduleStore } from '../store/schedules.js';
import type { Store } from '../store/store.js';
import { MAX_SCHEDULES_PER_GUILD, nextSlot, ScheduleInputSchema, TopicsSchema } from './spec.js';
import { checkDelivery, parseMentionRole, parseSourceFilter, type SubscriptionChecks } from './subscription-options.js';

export interface BriefingServiceDeps extends SubscriptionChecks {
  store: Store;
  schedules: ScheduleStore;
  news: News;
  now?: () => number;
  /** Told when schedules change, so timers follow. */
  onChange?: () => Promise<void>;
}

export interface AddBriefing {
  guildId: string;
  channelId: string;
  topics: string;
  time: string;
  timezone?: string;
  /** A role id to ping with each briefing. */
  mention?: string;
  /** Comma-separated outlets to keep (only) or leave out (except). */
  only?: string;
  except?: string;
  createdBy: string | null;
}

export interface ListedSchedule {
  schedule: Schedule;
  nextRun: number | null;
}

/** The first problem zod found, as one sentence naming the option. */
function firstProblem(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue ? `${String(issue.path[0] ?? 'input')}: ${issue.message}` : 'invalid input';
}

export class BriefingService {
  constructor(private deps: BriefingServiceDeps) {}

  /** The face that posts briefings plugs in its channel check and its scheduler here. */
  attach(hooks: Pick<BriefingServiceDeps, 'checkChannel' | 'checkMention' | 'onChange' | 'now'>): void {
    this.deps = { ...this.deps, ...hooks };
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** Validates everything first; nothing is saved unless all of it is right. */
  async add(input: AddBriefing): Promise<ListedSchedule> {
    const parsed = ScheduleInputSchema.safeParse({ topics: input.topics, time: input.time, timezone: input.timezone ?? undefined });
    if (!parsed.success) throw new UsageError(firstProblem(parsed.error.issues));
    const sources = parseSourceFilter(input.only, input.except);
    const mentionRole = parseMentionRole(input.mention, input.guildId);
    if ((await this.deps.schedules.listSchedules(input.guildId)).length >= MAX_SCHEDULES_PER_GUILD) {
      throw new UsageError(`this server already has ${MAX_SCHEDULES_PER_GUILD} briefings; remove one first`);
    }
    await checkDelivery(this.deps, input.channelId, input.guildId, mentionRole);
    const schedule = await this.deps.schedules.addSchedule(
      { guildId: input.guildId, channelId: input.channelId, createdBy: input.createdBy, mentionRole, sources, ...parsed.data },
      this.now(),
    );
    await this.deps.onChange?.();
    return { schedule, nextRun: nextSlot(schedule.cron, schedule.timezone, this.now()) };
  }

  async list(guildId: string): Promise<ListedSchedule[]> {
    const schedules = await this.deps.schedules.listSchedules(guildId);
    return schedules.map((schedule) => ({
      schedule,
      nextRun: schedule.status === 'active' ? nextSlot(schedule.cron, schedule.timezone, this.now()) : null,
    }));
  }

  async remove(id: number, guildId: string): Promise<void> {
    if (!(await this.deps.schedules.removeSchedule(id, guildId))) throw new UsageError(`no briefing #${id} in this server`);
    await this.deps.onChange?.();
  }

  async setPaused(id: number, guildId: string, paused: boolean): Promise<void> {
    // Resuming starts from now: slots that fell in the pause are not posted late.
    const ok = paused
      ? await this.deps.schedules.setScheduleStatus(id, guildId, 'paused', 'paused by a moderator')
      : await this.deps.schedules.setScheduleStatus(id, guildId, 'active', null, this.now());
    if (!ok) throw new UsageError(`no briefing #${id} in this server`);
    await this.deps.onChange?.();
  }

  /** What a briefing on these topics (from these outlets) would post now. */
  async preview(topics: string, guildId?: string | null, outlets: { only?: string; except?: string } = {}): Promise<Briefing> {
    const parsed = TopicsSchema.safeParse(topics);
    if (!parsed.success) throw new UsageError(`topics: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const sources = parseSourceFilter(outlets.only, outlets.except);
    return composeBriefing(
      { store: this.deps.store, news: this.deps.news },
      { topics: parsed.data, sources, ...(guildId !== undefined ? { guildId } : {}) },
    );
  }
}
