import { randomUUID } from 'node:crypto';
import { Events } from '@roster/contracts';
import type { Outbox } from '@roster/messaging';
import { execute, query, type EntityManager } from '@roster/persistence';
import { COUNT_KEYS, type Counts } from '../domain/counts';
import type { Rejection } from '../domain/plan';

export type RunKind = 'full' | 'events';
export type RunTrigger = 'initial' | 'schedule' | 'manual' | 'cursor_expired' | 'resync_request' | 'events';
export type RunStatus = 'queued' | 'running' | 'completed' | 'held' | 'failed' | 'rejected';
export type FullPhase = 'districts' | 'schools' | 'users' | 'sections' | 'removals';

export interface RunRow {
  id: string;
  clever_district_id: string;
  kind: RunKind;
  trigger: RunTrigger;
  status: RunStatus;
  not_before: string;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  phase: FullPhase | null;
  phase_after: string | null;
  cursor_fetched: boolean;
  cursor_at_start: string | null;
  removal_decision: 'apply' | 'hold' | null;
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  restored: number;
  ignored: number;
  rejected: number;
  held_removals: number | null;
  active_users: number | null;
  threshold_percent: string | number | null;
  error_code: string | null;
  error_message: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export function countsOf(run: RunRow): Counts {
  return { created: run.created, updated: run.updated, unchanged: run.unchanged, archived: run.archived, restored: run.restored, ignored: run.ignored, rejected: run.rejected };
}

const iso = (t: string | Date | null | undefined): string => new Date(t ?? Date.now()).toISOString();

/** Sync runs, their rejected records and their `roster.sync-runs.v1` events. */
export class RunsRepository {
  constructor(private readonly outbox: Outbox) {}

  async get(em: EntityManager, runId: string): Promise<RunRow | undefined> {
    const [row] = await query<RunRow>(em, `select * from sync_run where id = ?`, [runId]);
    return row;
  }

  /** Locks the run row for the rest of the transaction. */
  async getForUpdate(em: EntityManager, runId: string): Promise<RunRow | undefined> {
    const [row] = await query<RunRow>(em, `select * from sync_run where id = ? for update`, [runId]);
    return row;
  }

  /**
   * Queues a full run unless one is queued or running for the district (then that one's id comes back,
   * `created: false`): "sync now", nightly and DLQ resync requests coalesce.
   */
  async queueFull(em: EntityManager, districtId: string, trigger: RunTrigger, notBeforeMs = 0): Promise<{ runId: string; created: boolean }> {
    const id = randomUUID();
    const inserted = await query<{ id: string }>(
      em,
      `insert into sync_run (id, clever_district_id, kind, trigger, status, not_before)
       values (?, ?, 'full', ?, 'queued', now() + (? * interval '1 millisecond'))
       on conflict (clever_district_id) where kind = 'full' and status in ('queued', 'running') do nothing returning id`,
      [id, districtId, trigger, notBeforeMs],
    );
    if (inserted.length > 0) return { runId: id, created: true };
    const active = await this.activeFull(em, districtId);
    if (active) {
      // Joining a queued run that waits (debounce, retry delay): it starts no later than this request asks.
      await execute(em, `update sync_run set not_before = least(not_before, now() + (? * interval '1 millisecond')) where id = ? and status = 'queued'`, [notBeforeMs, active.id]);
      return { runId: active.id, created: false };
    }
    return this.queueFull(em, districtId, trigger, notBeforeMs); // it finished in between
  }

  async activeFull(em: EntityManager, districtId: string): Promise<RunRow | undefined> {
    const [row] = await query<RunRow>(em, `select * from sync_run where clever_district_id = ? and kind = 'full' and status in ('queued', 'running')`, [districtId]);
    return row;
  }

  /** The district's run waiting for a safeguard decision, if any. */
  async heldRun(em: EntityManager, districtId: string): Promise<RunRow | undefined> {
    const [row] = await query<RunRow>(em, `select * from sync_run where clever_district_id = ? and status = 'held' order by queued_at desc limit 1`, [districtId]);
    return row;
  }

  /** Runs waiting for a worker: queued and due, or running (interrupted when nobody holds the lock). */
  async pending(em: EntityManager): Promise<Pick<RunRow, 'id' | 'clever_district_id' | 'status' | 'kind'>[]> {
    return query(
      em,
      `select r.id, r.clever_district_id, r.status, r.kind from sync_run r
       join district_connection c on c.clever_district_id = r.clever_district_id and c.state = 'connected'
       where r.status in ('queued', 'running') and r.not_before <= now() order by r.queued_at limit 100`,
    );
  }

  async createEventsRun(em: EntityManager, districtId: string): Promise<RunRow> {
    const [row] = await query<RunRow>(
      em,
      `insert into sync_run (id, clever_district_id, kind, trigger, status, started_at) values (?, ?, 'events', 'events', 'running', now()) returning *`,
      [randomUUID(), districtId],
    );
    await this.publish(em, row, 'started');
    return row;
  }

  /** queued → running, with its `started` event (same transaction). */
  async markRunning(em: EntityManager, run: RunRow): Promise<RunRow> {
    const [row] = await query<RunRow>(
      em,
      `update sync_run set status = 'running', started_at = coalesce(started_at, now()) where id = ? and status = 'queued' returning *`,
      [run.id],
    );
    if (!row) return (await this.get(em, run.id))!;
    await this.publish(em, row, 'started');
    return row;
  }

  async update(em: EntityManager, runId: string, fields: Partial<Record<keyof RunRow, unknown>>): Promise<void> {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    await execute(em, `update sync_run set ${keys.map((k) => `"${k}" = ?`).join(', ')} where id = ?`, [...keys.map((k) => (fields as Record<string, unknown>)[k]), runId]);
  }

  async addCounts(em: EntityManager, runId: string, counts: Counts, extra: Partial<Pick<RunRow, 'phase' | 'phase_after'>> = {}): Promise<void> {
    const sets = COUNT_KEYS.map((k) => `"${k}" = "${k}" + ?`);
    const params: unknown[] = COUNT_KEYS.map((k) => counts[k]);
    for (const [k, v] of Object.entries(extra)) {
      sets.push(`"${k}" = ?`);
      params.push(v);
    }
    await execute(em, `update sync_run set ${sets.join(', ')} where id = ?`, [...params, runId]);
  }

  async addRejections(em: EntityManager, run: Pick<RunRow, 'id' | 'clever_district_id'>, rejections: readonly Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await execute(
      em,
      `insert into sync_rejection (run_id, clever_district_id, record_type, clever_id, reason)
       select ?, ?, r.t, r.i, r.reason from jsonb_to_recordset(?::jsonb) as r(t text, i text, reason text)`,
      [run.id, run.clever_district_id, JSON.stringify(rejections.map((r) => ({ t: r.recordType, i: r.cleverId ?? null, reason: r.reason })))],
    );
  }

  /** A newer full run reached its removal decision: an older held run's removals no longer apply. */
  async supersedeHeld(em: EntityManager, districtId: string, byRunId: string): Promise<void> {
    await execute(
      em,
      `update sync_run set status = 'rejected', note = ?, decided_at = now() where clever_district_id = ? and status = 'held' and id <> ?`,
      [`superseded by run ${byRunId}`, districtId, byRunId],
    );
  }

  /** Ends a run (completed / held / failed) and publishes the matching event in the same transaction. */
  async finish(
    em: EntityManager,
    runId: string,
    status: 'completed' | 'held' | 'failed',
    fields: Partial<Record<keyof RunRow, unknown>> = {},
  ): Promise<RunRow> {
    const keys = Object.keys(fields);
    const [row] = await query<RunRow>(
      em,
      `update sync_run set status = ?, finished_at = now()${keys.map((k) => `, "${k}" = ?`).join('')} where id = ? returning *`,
      [status, ...keys.map((k) => (fields as Record<string, unknown>)[k]), runId],
    );
    await this.publish(em, row, status);
    return row;
  }

  /** `roster.sync-run.*` for the run, keyed by district; the version moves on per district. */
  async publish(em: EntityManager, run: RunRow, what: 'started' | 'completed' | 'held' | 'failed'): Promise<void> {
    const [{ v }] = await query<{ v: string }>(
      em,
      `update district_connection set run_events_version = run_events_version + 1 where clever_district_id = ? returning run_events_version as v`,
      [run.clever_district_id],
    );
    const base = {
      runId: run.id,
      cleverDistrictId: run.clever_district_id,
      kind: run.kind,
      trigger: run.trigger,
      startedAt: iso(run.started_at ?? run.queued_at),
    };
    const event = { id: `run:${run.id}:${what}`, subject: run.clever_district_id, districtId: run.clever_district_id, version: Number(v) };
    const counts = countsOf(run);
    switch (what) {
      case 'started':
        return this.outbox.add(em, Events.syncRunStarted, { ...event, data: base });
      case 'completed':
        return this.outbox.add(em, Events.syncRunCompleted, { ...event, data: { ...base, finishedAt: iso(run.finished_at), counts } });
      case 'held':
        return this.outbox.add(em, Events.syncRunHeld, {
          ...event,
          data: {
            ...base,
            heldAt: iso(run.finished_at),
            counts,
            heldRemovals: run.held_removals ?? 0,
            activeUsers: run.active_users ?? 0,
            thresholdPercent: Number(run.threshold_percent ?? 0),
          },
        });
      case 'failed':
        return this.outbox.add(em, Events.syncRunFailed, {
          ...event,
          data: { ...base, failedAt: iso(run.finished_at), counts, error: { code: run.error_code ?? 'ERROR', message: run.error_message ?? '' } },
        });
    }
  }
}
