/** Schedules and briefing runs in the SQLite database; exactly-once claims rest on the runs' primary key. */
import type Database from 'better-sqlite3';
import type { BriefingRun, NewSchedule, Schedule, ScheduleStatus, ScheduleStore } from './schedules.js';
import { type RunRow, type ScheduleRow, sourcesColumn, toRun, toSchedule } from './sql-rows.js';

export class SqliteScheduleStore implements ScheduleStore {
  constructor(private readonly db: Database.Database) {}

  async addSchedule(s: NewSchedule, now: number): Promise<Schedule> {
    const result = this.db
      .prepare(
        `INSERT INTO schedules (guild_id, channel_id, topics, cron, timezone, created_by, created_at, mention_role, sources)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.guildId,
        s.channelId,
        JSON.stringify(s.topics),
        s.cron,
        s.timezone,
        s.createdBy,
        now,
        s.mentionRole ?? null,
        sourcesColumn(s.sources),
      );
    return (await this.getSchedule(Number(result.lastInsertRowid)))!;
  }

  async listSchedules(guildId?: string): Promise<Schedule[]> {
    const rows = (
      guildId === undefined
        ? this.db.prepare('SELECT * FROM schedules ORDER BY id').all()
        : this.db.prepare('SELECT * FROM schedules WHERE guild_id = ? ORDER BY id').all(guildId)
    ) as ScheduleRow[];
    return rows.map(toSchedule);
  }

  async getSchedule(id: number): Promise<Schedule | null> {
    const row = this.db.prepare('SELECT * FROM schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
    return row ? toSchedule(row) : null;
  }

  async removeSchedule(id: number, guildId: string | null): Promise<boolean> {
    const result = this.db.prepare('DELETE FROM schedules WHERE id = ? AND (? IS NULL OR guild_id = ?)').run(id, guildId, guildId);
    return result.changes > 0;
  }

  async setScheduleStatus(
    id: number,
    guildId: string | null,
    status: ScheduleStatus,
    reason: string | null,
    handledUntil?: number,
  ): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE schedules SET status = ?, status_reason = ?, last_slot = max(coalesce(last_slot, 0), ?)
         WHERE id = ? AND (? IS NULL OR guild_id = ?)`,
      )
      .run(status, reason, handledUntil ?? 0, id, guildId, guildId);
    return result.changes > 0;
  }

  private readonly recordRun = (
    scheduleId: number,
    slot: number,
    state: 'claimed' | 'skipped',
    claimant: string,
    now: number,
    detail: string | null,
  ) =>
    this.db
      .transaction((): boolean => {
        // The primary key (schedule_id, slot) lets exactly one process insert a given slot.
        const inserted = this.db
          .prepare(
            `INSERT INTO briefing_runs (schedule_id, slot, state, claimed_by, claimed_at, finished_at, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(scheduleId, slot, state, claimant, now, state === 'skipped' ? now : null, detail);
        if (inserted.changes === 0) return false;
        this.db.prepare('UPDATE schedules SET last_slot = max(coalesce(last_slot, 0), ?) WHERE id = ?').run(slot, scheduleId);
        return true;
      })
      .immediate();

  async claimRun(scheduleId: number, slot: number, claimant: string, now: number): Promise<boolean> {
    return this.recordRun(scheduleId, slot, 'claimed', claimant, now, null);
  }

  async skipRun(scheduleId: number, slot: number, claimant: string, now: number, reason: string): Promise<boolean> {
    return this.recordRun(scheduleId, slot, 'skipped', claimant, now, reason);
  }

  async finishRun(scheduleId: number, slot: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void> {
    this.db
      .prepare('UPDATE briefing_runs SET state = ?, detail = ?, finished_at = ? WHERE schedule_id = ? AND slot = ?')
      .run(state, detail, now, scheduleId, slot);
  }

  async lastPostedRun(scheduleId: number): Promise<BriefingRun | null> {
    const row = this.db
      .prepare(`SELECT * FROM briefing_runs WHERE schedule_id = ? AND state = 'posted' ORDER BY slot DESC LIMIT 1`)
      .get(scheduleId) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  async postedRunsSince(scheduleId: number, fromSlot: number): Promise<BriefingRun[]> {
    const rows = this.db
      .prepare(`SELECT * FROM briefing_runs WHERE schedule_id = ? AND state = 'posted' AND slot >= ? ORDER BY slot`)
      .all(scheduleId, fromSlot) as RunRow[];
    return rows.map(toRun);
  }

  async runsOf(scheduleId: number): Promise<BriefingRun[]> {
    const rows = this.db.prepare('SELECT * FROM briefing_runs WHERE schedule_id = ? ORDER BY slot').all(scheduleId) as RunRow[];
    return rows.map(toRun);
  }
}
