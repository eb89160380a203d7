import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import type { Briefing } from '../src/news/briefing.js';
import type { News } from '../src/news/news.js';
import { type BriefingPoster, BriefingScheduler, PostFailure, shardOf } from '../src/schedule/scheduler.js';
import { BriefingService } from '../src/schedule/service.js';
import { MAX_SCHEDULES_PER_GUILD, ScheduleInputSchema, slotsBetween } from '../src/schedule/spec.js';
import type { Schedule } from '../src/store/schedules.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { SqliteScheduleStore } from '../src/store/sqlite-schedules.js';
import { FakeClock } from './support/fake-clock.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
let dbPath: string;
const opened: SqliteStore[] = [];
let logLines: string[];

function openSchedules(): SqliteScheduleStore {
  const store = new SqliteStore(dbPath);
  opened.push(store);
  return new SqliteScheduleStore(store.database);
}

class RecordingPoster implements BriefingPoster {
  posts: { scheduleId: number; at: string; briefing: Briefing }[] = [];
  failures: PostFailure[] = [];
  constructor(private readonly clock: FakeClock) {}
  async post(schedule: Schedule, briefing: Briefing): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posts.push({ scheduleId: schedule.id, at: new Date(this.clock.now()).toISOString(), briefing });
  }
}

const briefingOf = (ids: string[]): Briefing => ({ topics: [{ topic: 't', headlines: [], summary: null }], articleIds: ids });

function scheduler(
  schedules: SqliteScheduleStore,
  clock: FakeClock,
  poster: BriefingPoster,
  extra: Partial<ConstructorParameters<typeof BriefingScheduler>[0]> = {},
) {
  const log = createLogger('info', new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }));
  return new BriefingScheduler({
    store: schedules,
    compose: async () => briefingOf([]),
    poster,
    log,
    graceMs: HOUR,
    claimant: 'test',
    clock,
    retryBaseMs: 1000,
    ...extra,
  });
}

beforeEach(() => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'nb-sched-')), 'sched.db');
  logLines = [];
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

describe('schedule input', () => {
  it('turns HH:MM into a daily cron and keeps a valid cron expression', () => {
    expect(ScheduleInputSchema.parse({ topics: 'iran, oil', time: '08:05', timezone: 'Europe/Berlin' })).toEqual({
      topics: ['iran', 'oil'],
      cron: '5 8 * * *',
      timezone: 'Europe/Berlin',
    });
    expect(ScheduleInputSchema.parse({ topics: 'iran', time: '0 7 * * 1-5' }).timezone).toBe('UTC');
  });

  it('refuses a bad cron, an unknown zone and missing topics with a message naming the option', () => {
    const problems = (input: Record<string, string>) =>
      ScheduleInputSchema.safeParse(input).error?.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(problems({ topics: 'iran', time: '61 * * * *' })?.[0]).toMatch(
      /^time: "61 \* \* \* \*" is neither HH:MM nor a valid cron expression/,
    );
    expect(problems({ topics: 'iran', time: '25:00' })?.[0]).toMatch(/^time:/);
    expect(problems({ topics: 'iran', time: '08:00', timezone: 'Mars/Olympus' })?.[0]).toMatch(/^timezone: unknown time zone/);
    expect(problems({ topics: ' , ', time: '08:00' })?.[0]).toMatch(/^topics: give at least one topic/);
    expect(problems({ topics: 'iran', time: '* * * * *' })?.[0]).toMatch(/briefings can fire at most every 15 minutes/);
    expect(problems({ topics: 'iran', time: '0,5 8 * * *' })?.[0]).toMatch(/briefings can fire at most every 15 minutes/);
    expect(problems({ topics: 'iran', time: '*/15 * * * *' })).toBeUndefined();
  });
});

describe('briefing scheduler', () => {
  async function runDaily(zone: string, start: string, end: string): Promise<string[]> {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse(start));
    const poster = new RecordingPoster(clock);
    await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: zone, createdBy: null },
      clock.now(),
    );
    const s = scheduler(schedules, clock, poster);
    await s.start();
    await clock.advanceTo(Date.parse(end));
    await s.stop();
    return poster.posts.map((p) => p.at);
  }

  it('fires 08:00 Europe/Berlin at the right instants across the spring DST change', async () => {
    expect(await runDaily('Europe/Berlin', '2025-03-28T12:00:00Z', '2025-04-01T00:00:00Z')).toEqual([
      '2025-03-29T07:00:00.000Z', // CET, UTC+1
      '2025-03-30T06:00:00.000Z', // CEST from 02:00 that morning, UTC+2
      '2025-03-31T06:00:00.000Z',
    ]);
  });

  it('fires 08:00 America/New_York at the right instants across the autumn DST change', async () => {
    expect(await runDaily('America/New_York', '2025-10-31T15:00:00Z', '2025-11-04T00:00:00Z')).toEqual([
      '2025-11-01T12:00:00.000Z', // EDT, UTC-4
      '2025-11-02T13:00:00.000Z', // EST from 02:00 that morning, UTC-5
      '2025-11-03T13:00:00.000Z',
    ]);
  });

  it('after a restart posts a missed slot within the grace window once, and skips an older one with a log line', async () => {
    const cron = '0 8,10,12 * * *';
    const day = Date.parse('2025-05-05T00:00:00Z');
    // First process: up from 07:00 to 09:00, posts the 08:00 slot.
    const schedules = openSchedules();
    const clock = new FakeClock(day + 7 * HOUR);
    const { id } = await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron, timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const first = new RecordingPoster(clock);
    const a = scheduler(schedules, clock, first);
    await a.start();
    await clock.advanceTo(day + 9 * HOUR);
    await a.stop();
    expect(first.posts.map((p) => p.at)).toEqual(['2025-05-05T08:00:00.000Z']);

    // Down until 12:30: the 10:00 slot is 150 min late (skipped), the 12:00 slot 30 min (posted late, once).
    const restartedClock = new FakeClock(day + 12 * HOUR + 30 * MINUTE);
    const second = new RecordingPoster(restartedClock);
    const b = scheduler(openSchedules(), restartedClock, second);
    await b.start();
    await b.stop();
    expect(second.posts.map((p) => p.at)).toEqual(['2025-05-05T12:30:00.000Z']);
    expect(logLines.join('')).toContain('skipped the 2025-05-05T10:00:00.000Z slot, missed by 150 min (grace 60 min)');

    // Another restart a few minutes later posts nothing again.
    const thirdClock = new FakeClock(day + 12 * HOUR + 40 * MINUTE);
    const third = new RecordingPoster(thirdClock);
    const c = scheduler(openSchedules(), thirdClock, third);
    await c.start();
    await c.stop();
    expect(third.posts).toEqual([]);
    const runs = await schedules.runsOf(id);
    expect(runs.map((r) => [new Date(r.slot).toISOString().slice(11, 16), r.state])).toEqual([
      ['08:00', 'posted'],
      ['10:00', 'skipped'],
      ['12:00', 'posted'],
    ]);
  });

  it('posts each slot once when two schedulers share one database', async () => {
    const start = Date.parse('2025-05-05T07:59:00Z');
    const setup = openSchedules();
    await setup.addSchedule({ guildId: '1', channelId: '2', topics: ['t'], cron: '*/15 * * * *', timezone: 'UTC', createdBy: null }, start);
    const clockA = new FakeClock(start);
    const clockB = new FakeClock(start);
    const posterA = new RecordingPoster(clockA);
    const posterB = new RecordingPoster(clockB);
    const a = scheduler(openSchedules(), clockA, posterA, { claimant: 'a' });
    const b = scheduler(openSchedules(), clockB, posterB, { claimant: 'b' });
    await Promise.all([a.start(), b.start()]);
    for (let t = start; t <= start + 2 * HOUR; t += 7 * MINUTE) await Promise.all([clockA.advanceTo(t), clockB.advanceTo(t)]);
    await Promise.all([a.stop(), b.stop()]);
    const posted = [...posterA.posts, ...posterB.posts].map((p) => p.at.slice(11, 16)).sort();
    expect(posted).toEqual(['08:00', '08:15', '08:30', '08:45', '09:00', '09:15', '09:30', '09:45']);
  });

  it("never repeats last time's articles: the next briefing is told what was shown", async () => {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:00:00Z'));
    await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const calls: { since: string | undefined; exclude: string[] }[] = [];
    const s = scheduler(schedules, clock, new RecordingPoster(clock), {
      compose: async (_schedule, since, exclude) => {
        calls.push({ since, exclude: [...exclude] });
        return briefingOf([`a${calls.length}`]);
      },
    });
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-07T09:00:00Z'));
    await s.stop();
    // Articles published up to a day before the previous briefing still count (feeds index them late);
    // everything the briefings in that window showed is left out.
    expect(calls).toEqual([
      { since: undefined, exclude: [] },
      { since: '2025-05-04T08:00:00.000Z', exclude: ['a1'] },
      { since: '2025-05-05T08:00:00.000Z', exclude: ['a1', 'a2'] },
    ]);
  });

  it('retries a server error with back-off and posts the slot once', async () => {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:59:00Z'));
    const { id } = await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const poster = new RecordingPoster(clock);
    poster.failures.push(new PostFailure('retry', 'Discord answered 502'), new PostFailure('retry', 'Discord answered 503'));
    const s = scheduler(schedules, clock, poster);
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-05T08:10:00Z'));
    await s.stop();
    // Back-off of 1 s then 4 s after the 08:00 slot.
    expect(poster.posts.map((p) => p.at)).toEqual(['2025-05-05T08:00:05.000Z']);
    expect((await schedules.runsOf(id)).map((r) => r.state)).toEqual(['posted']);
  });

  it('pauses a schedule the bot may not post for, with the reason, and keeps the others running', async () => {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:59:00Z'));
    const blocked = await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const fine = await schedules.addSchedule(
      { guildId: '1', channelId: '3', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const poster: BriefingPoster = {
      post: async (schedule) => {
        if (schedule.id === blocked.id)
          throw new PostFailure('pause', 'the bot is missing permissions to post in the channel (Discord error 50013)');
        posted.push(schedule.id);
      },
    };
    const posted: number[] = [];
    const s = scheduler(schedules, clock, poster);
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-06T09:00:00Z'));
    await s.stop();
    expect(posted).toEqual([fine.id, fine.id]);
    expect(await schedules.getSchedule(blocked.id)).toMatchObject({
      status: 'paused',
      statusReason: 'the bot is missing permissions to post in the channel (Discord error 50013)',
    });
  });

  it('does not let a schedule stuck in retries hold back another one due at the same time', async () => {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:59:00Z'));
    const slow = await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    await schedules.addSchedule(
      { guildId: '1', channelId: '3', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const postedAt: Record<number, string> = {};
    const poster: BriefingPoster = {
      post: async (schedule) => {
        if (schedule.id === slow.id && clock.now() < Date.parse('2025-05-05T08:05:00Z'))
          throw new PostFailure('retry', 'Discord answered 500');
        postedAt[schedule.id] = new Date(clock.now()).toISOString();
      },
    };
    const s = scheduler(schedules, clock, poster, { retryBaseMs: 60_000 });
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-05T09:00:00Z'));
    await s.stop();
    expect(postedAt[slow.id + 1]).toBe('2025-05-05T08:00:00.000Z');
    expect(postedAt[slow.id]).toBe('2025-05-05T08:05:00.000Z');
  });

  it('fires a schedule only in the shard that owns its guild', async () => {
    // Discord's rule: shard = (guild_id >> 22) % shard_count.
    const onShard0 = ((1_000_000n << 22n) | 12345n).toString();
    const onShard1 = ((1_000_001n << 22n) | 12345n).toString();
    expect([shardOf(onShard0, 2), shardOf(onShard1, 2)]).toEqual([0, 1]);
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:59:00Z'));
    const mine = await schedules.addSchedule(
      { guildId: onShard0, channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    await schedules.addSchedule(
      { guildId: onShard1, channelId: '3', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const poster = new RecordingPoster(clock);
    const s = scheduler(schedules, clock, poster, { owns: (guildId) => shardOf(guildId, 2) === 0 });
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-05T09:00:00Z'));
    await s.stop();
    expect(poster.posts.map((p) => p.scheduleId)).toEqual([mine.id]);
  });

  it('lists slots in a range in order, oldest first', () => {
    const from = Date.parse('2025-05-05T00:00:00Z');
    expect(slotsBetween('0 */6 * * *', 'UTC', from, from + 24 * HOUR).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '06:00',
      '12:00',
      '18:00',
      '00:00',
    ]);
  });

  it('does not post a slot that fell inside a pause when the briefing is resumed', async () => {
    const schedules = openSchedules();
    const clock = new FakeClock(Date.parse('2025-05-05T07:40:00Z'));
    const service = new BriefingService({ store: opened[0]!, schedules, news: {} as News, now: () => clock.now() });
    const { id } = await schedules.addSchedule(
      { guildId: '1', channelId: '2', topics: ['t'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
      clock.now(),
    );
    const poster = new RecordingPoster(clock);
    const s = scheduler(schedules, clock, poster);
    service.attach({ onChange: () => s.refresh() });
    await s.start();
    await clock.advanceTo(Date.parse('2025-05-05T07:50:00Z'));
    await service.setPaused(id, '1', true);
    await clock.advanceTo(Date.parse('2025-05-05T08:30:00Z'));
    await service.setPaused(id, '1', false);
    await clock.advanceTo(Date.parse('2025-05-06T08:30:00Z'));
    await s.stop();
    expect(poster.posts.map((p) => p.at)).toEqual(['2025-05-06T08:00:00.000Z']);
  });

  it('caps the number of briefings a server may have', async () => {
    const schedules = openSchedules();
    const service = new BriefingService({ store: opened[0]!, schedules, news: {} as News });
    for (let i = 0; i < MAX_SCHEDULES_PER_GUILD; i++)
      await service.add({ guildId: '9', channelId: '2', topics: 'iran', time: '08:00', createdBy: null });
    await expect(service.add({ guildId: '9', channelId: '2', topics: 'iran', time: '08:00', createdBy: null })).rejects.toThrow(
      `this server already has ${MAX_SCHEDULES_PER_GUILD} briefings`,
    );
    await expect(service.add({ guildId: '10', channelId: '2', topics: 'iran', time: '08:00', createdBy: null })).resolves.toBeDefined();
  });
});
