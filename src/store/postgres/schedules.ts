/** Schedules and briefing runs in PostgreSQL; exactly-once claims rest on the runs' primary key, as in SQLite. */
import type pg from 'pg';
import type { BriefingRun, NewSchedule, Schedule, ScheduleStatus, ScheduleStore } from '../schedules.js';
import { type RunRow, type ScheduleRow, sourcesColumn, toRun, toSchedule } from '../sql-rows.js';
import { inTransaction } from './pool.js';

export class PostgresScheduleStore implements ScheduleStore {
  constructor(private readonly pool: pg.Pool) {}

  async addSchedule(s: NewSchedule, now: number): Promise<Schedule> {
    const result = await this.pool.query<ScheduleRow>(
      `INSERT INTO schedules (guild_id, channel_id, topics, cron, timezone, created_by, created_at, mention_role, sources)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        s.guildId,
        s.channelId,
        JSON.stringify(s.topics),
        s.cron,
        s.timezone,
        s.createdBy,
        now,
        s.mentionRole ?? null,
        sourcesColumn(s.sources),
      ],
    );
    return toSchedule(result.rows[0]!);
  }

  async listSchedules(guildId?: string): Promise<Schedule[]> {
    const result =
      guildId === undefined
        ? await this.pool.query<ScheduleRow>('SELECT * FROM schedules ORDER BY id')
        : await this.pool.query<ScheduleRow>('SELECT * FROM schedules WHERE guild_id = $1 ORDER BY id', [guildId]);
    return result.rows.map(toSchedule);
  }

  async getSchedule(id: number): Promise<Schedule | null> {
    const result = await this.pool.query<ScheduleRow>('SELECT * FROM schedules WHERE id = $1', [id]);
    return result.rows[0] ? toSchedule(result.rows[0]) : null;
  }

  async removeSchedule(id: number, guildId: string | null): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM schedules WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)', [id, guildId]);
    return (result.rowCount ?? 0) > 0;
  }

  async setScheduleStatus(
    id: number,
    guildId: string | null,
    status: ScheduleStatus,
    reason: string | null,
    handledUntil?: number,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE schedules SET status = $1, status_reason = $2, last_slot = greatest(coalesce(last_slot, 0), $3)
       WHERE id = $4 AND ($5::text IS NULL OR guild_id = $5)`,
      [status, reason, handledUntil ?? 0, id, guildId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Inserts the run row: the primary key (schedule_id, slot) lets exactly one caller, in any process, have it. */
  private async recordRun(
    scheduleId: number,
    slot: number,
    state: 'claimed' | 'skipped',
    claimant: string,
    now: number,
    detail: string | null,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO briefing_runs (schedule_id, slot, state, claimed_by, claimed_at, finished_at, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [scheduleId, slot, state, claimant, now, state === 'skipped' ? now : null, detail],
      );
      if ((inserted.rowCount ?? 0) === 0) return false;
      await client.query('UPDATE schedules SET last_slot = greatest(coalesce(last_slot, 0), $1) WHERE id = $2', [slot, scheduleId]);
      return true;
    });
  }

  async claimRun(scheduleId: number, slot: number, claimant: string, now: number): Promise<boolean> {
    return this.recordRun(scheduleId, slot, 'claimed', claimant, now, null);
  }

  async skipRun(scheduleId: number, slot: number, claimant: string, now: number, reason: string): Promise<boolean> {
    return this.recordRun(scheduleId, slot, 'skipped', claimant, now, reason);
  }

  async finishRun(scheduleId: number, slot: number, state: 'posted' | 'failed', detail: string | null, now: number): Promise<void> {
    await this.pool.query('UPDATE briefing_runs SET state = $1, detail = $2, finished_at = $3 WHERE schedule_id = $4 AND slot = $5', [
      state,
      detail,
      now,
      scheduleId,
      slot,
    ]);
  }

  async lastPostedRun(scheduleId: number): Promise<BriefingRun | null> {
    const result = await this.pool.query<RunRow>(
      `SELECT * FROM briefing_runs WHERE schedule_id = $1 AND state = 'posted' ORDER BY slot DESC LIMIT 1`,
      [scheduleId],
    );
    return result.rows[0] ? toRun(result.rows[0]) : null;
  }

  async postedRunsSince(scheduleId: number, fromSlot: number): Promise<BriefingRun[]> {
    const result = await this.pool.query<RunRow>(
      `SELECT * FROM briefing_runs WHERE schedule_id = $1 AND state = 'posted' AND slot >= $2 ORDER BY slot`,
      [scheduleId, fromSlot],
    );
    return result.rows.map(toRun);
  }

  async runsOf(scheduleId: number): Promise<BriefingRun[]> {
    const result = await this.pool.query<RunRow>('SELECT * FROM briefing_runs WHERE schedule_id = $1 ORDER BY slot', [scheduleId]);
    return result.rows.map(toRun);
  }
}
