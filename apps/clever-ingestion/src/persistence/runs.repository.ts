import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { raw, type EntityData } from '@mikro-orm/core';
import { executeStatement, jsonDocument, selectRow, selectRows, sql, type EntityManager } from '@roster/persistence';
import { currentTraceparent } from '@roster/tracing';
import { COUNT_KEYS, type Counts } from '../domain/counts';
import type { Rejection } from '../domain/plan';
import { SyncRun, type FullPhase, type RunTrigger } from './sync-run.entity';

export { countsOf, SyncRun, type FullPhase, type RunKind, type RunStatus, type RunTrigger } from './sync-run.entity';

const now = () => raw('now()');
const ACTIVE = ['queued', 'running'] as const;

export type RunFields = EntityData<SyncRun>;

export interface RejectedRecord {
  runId: string;
  recordType: string;
  cleverId: string;
  reason: string;
}

/** Sync runs and their rejected records. Reads and writes only: the handlers publish the runs' events. */
@Injectable()
export class RunsRepository {
  async get(em: EntityManager, runId: string): Promise<SyncRun | null> {
    return em.findOne(SyncRun, { id: runId });
  }

  /**
   * Queues a full run unless one is queued or running for the district (then that one's id comes back,
   * `created: false`): "sync now", nightly and DLQ resync requests coalesce. The conflict target is the
   * partial unique index `sync_run_one_active_full`, hence SQL.
   */
  async queueFull(em: EntityManager, districtId: string, trigger: RunTrigger, notBeforeMs = 0): Promise<{ runId: string; created: boolean }> {
    const id = randomUUID();
    const inserted = await selectRow<{ id: string }>(
      em,
      sql`insert into sync_run (id, clever_district_id, kind, trigger, status, not_before, traceparent)
       values (${id}::uuid, ${districtId}, 'full', ${trigger}, 'queued', now() + (${notBeforeMs} * interval '1 millisecond'), ${currentTraceparent() ?? null})
       on conflict (clever_district_id) where kind = 'full' and mode = 'apply' and status in ('queued', 'running') do nothing returning id`,
    );
    if (inserted) return { runId: id, created: true };
    const active = await this.activeFull(em, districtId);
    if (active) {
      // Joining a queued run that waits (debounce, retry delay): it starts no later than this request asks.
      await em.nativeUpdate(
        SyncRun,
        { id: active.id, status: 'queued' },
        { notBefore: raw(`least(not_before, now() + (? * interval '1 millisecond'))`, [notBeforeMs]) },
      );
      return { runId: active.id, created: false };
    }
    return this.queueFull(em, districtId, trigger, notBeforeMs); // it finished in between
  }

  async activeFull(em: EntityManager, districtId: string): Promise<SyncRun | null> {
    return em.findOne(SyncRun, { cleverDistrictId: districtId, kind: 'full', mode: 'apply', status: { $in: [...ACTIVE] } });
  }

  /** The district's full run to work on now: queued and due, or running (interrupted). */
  async dueFull(em: EntityManager, districtId: string): Promise<SyncRun | null> {
    return em.findOne(SyncRun, { cleverDistrictId: districtId, kind: 'full', mode: 'apply', status: { $in: [...ACTIVE] }, notBefore: { $lte: now() } });
  }

  /**
   * Queues a preview of the district (a dry-run full read) unless one is queued or running: then that one's
   * id comes back with `created: false`. The conflict target is the partial unique index `sync_run_one_active_preview`.
   */
  async queuePreview(em: EntityManager, districtId: string): Promise<{ runId: string; created: boolean }> {
    const id = randomUUID();
    const inserted = await selectRow<{ id: string }>(
      em,
      sql`insert into sync_run (id, clever_district_id, kind, mode, trigger, status, traceparent)
       values (${id}::uuid, ${districtId}, 'full', 'preview', 'manual', 'queued', ${currentTraceparent() ?? null})
       on conflict (clever_district_id) where mode = 'preview' and status in ('queued', 'running') do nothing returning id`,
    );
    if (inserted) return { runId: id, created: true };
    const active = await em.findOne(SyncRun, { cleverDistrictId: districtId, mode: 'preview', status: { $in: [...ACTIVE] } });
    if (active) return { runId: active.id, created: false };
    return this.queuePreview(em, districtId); // it finished in between
  }

  /** The district's preview to work on now: queued, or running (interrupted). */
  async duePreview(em: EntityManager, districtId: string): Promise<SyncRun | null> {
    return em.findOne(SyncRun, { cleverDistrictId: districtId, mode: 'preview', status: { $in: [...ACTIVE] }, notBefore: { $lte: now() } });
  }

  /** The district's run waiting for a safeguard decision, if any. */
  async heldRun(em: EntityManager, districtId: string): Promise<SyncRun | null> {
    return em.findOne(SyncRun, { cleverDistrictId: districtId, status: 'held' }, { orderBy: { queuedAt: 'desc' } });
  }

  /** The district's latest runs, newest first. */
  async recent(em: EntityManager, districtId: string, limit: number): Promise<SyncRun[]> {
    return em.find(SyncRun, { cleverDistrictId: districtId }, { orderBy: [{ queuedAt: 'desc' }, { id: 'asc' }], limit });
  }

  /** Districts with runs waiting for a worker: queued and due, or running (interrupted when nobody holds the lock). */
  async pendingDistricts(em: EntityManager): Promise<string[]> {
    const rows = await selectRows<{ clever_district_id: string }>(
      em,
      sql`select r.clever_district_id from sync_run r
       join district_connection c on c.clever_district_id = r.clever_district_id and c.state = 'connected'
       where r.status in ('queued', 'running') and r.not_before <= now() order by r.queued_at limit 100`,
    );
    return rows.map((r) => r.clever_district_id);
  }

  async createEventsRun(em: EntityManager, districtId: string): Promise<SyncRun> {
    return (await em
      .createQueryBuilder(SyncRun)
      .insert({ id: randomUUID(), cleverDistrictId: districtId, kind: 'events', trigger: 'events', status: 'running', startedAt: now() })
      .returning('*')
      .execute('get')) as SyncRun;
  }

  /** queued → running; undefined when it was not queued. */
  async markRunning(em: EntityManager, runId: string): Promise<SyncRun | undefined> {
    return (await em
      .createQueryBuilder(SyncRun)
      .update({ status: 'running', startedAt: raw('coalesce(started_at, now())') })
      .where({ id: runId, status: 'queued' })
      .returning('*')
      .execute('get')) as SyncRun | undefined;
  }

  async update(em: EntityManager, runId: string, fields: RunFields): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await em.nativeUpdate(SyncRun, { id: runId }, fields);
  }

  async addCounts(em: EntityManager, runId: string, counts: Counts, extra: { phase?: FullPhase | null; phaseAfter?: string | null } = {}): Promise<void> {
    const data: Record<string, unknown> = { ...extra };
    for (const k of COUNT_KEYS) if (counts[k] !== 0) data[k] = raw(`${k} + ?`, [counts[k]]);
    if (Object.keys(data).length === 0) return;
    await em.nativeUpdate(SyncRun, { id: runId }, data as RunFields);
  }

  /** A page's rejected records: one statement whatever their number. */
  async addRejections(em: EntityManager, run: Pick<SyncRun, 'id' | 'cleverDistrictId'>, rejections: readonly Rejection[]): Promise<void> {
    if (rejections.length === 0) return;
    await executeStatement(
      em,
      sql`insert into sync_rejection (run_id, clever_district_id, record_type, clever_id, reason)
       select ${run.id}::uuid, ${run.cleverDistrictId}, r.t, r.i, r.reason
       from json_to_recordset(${jsonDocument(rejections.map((r) => ({ t: r.recordType, i: r.cleverId ?? null, reason: r.reason })))}::json) as r(t text, i text, reason text)`,
    );
  }

  /** A newer full run reached its removal decision: an older held run's removals no longer apply. */
  async supersedeHeld(em: EntityManager, districtId: string, byRunId: string): Promise<void> {
    await em.nativeUpdate(
      SyncRun,
      { cleverDistrictId: districtId, status: 'held', id: { $ne: byRunId } },
      { status: 'rejected', note: `superseded by run ${byRunId}`, decidedAt: now() },
    );
  }

  /** Ends a run (completed / held / failed) with `finished_at = now()`; the run as it is now. */
  async finish(em: EntityManager, runId: string, status: 'completed' | 'held' | 'failed', fields: RunFields = {}): Promise<SyncRun> {
    return (await em
      .createQueryBuilder(SyncRun)
      .update({ ...fields, status, finishedAt: now() })
      .where({ id: runId })
      .returning('*')
      .execute('get')) as SyncRun;
  }

  /** Fails the district's runs of a kind and status (disconnect, orphaned events runs); the runs failed. */
  async failWhere(em: EntityManager, districtId: string, where: { kind?: 'events'; status: 'queued' | 'running' }, errorCode: string, errorMessage: string): Promise<SyncRun[]> {
    return (await em
      .createQueryBuilder(SyncRun)
      .update({ status: 'failed', finishedAt: now(), errorCode, errorMessage })
      .where({ cleverDistrictId: districtId, status: where.status, ...(where.kind ? { kind: where.kind } : {}) })
      .returning('*')
      .execute('all')) as SyncRun[];
  }

  /** Rejected records since the district's latest full run started (older runs' rejections were superseded by it). */
  async rejectedSinceLatestFull(em: EntityManager, districtId: string, limit: number): Promise<RejectedRecord[]> {
    const rows = await selectRows<{ run_id: string; record_type: string; clever_id: string | null; reason: string }>(
      em,
      sql`select j.run_id, j.record_type, j.clever_id, j.reason from sync_rejection j
       join sync_run r on r.id = j.run_id
       where j.clever_district_id = ${districtId} and r.queued_at >= coalesce(
         (select max(queued_at) from sync_run where clever_district_id = ${districtId} and kind = 'full' and mode = 'apply' and status <> 'queued'), '-infinity'::timestamptz)
       order by j.id desc limit ${limit}`,
    );
    return rows.map((r) => ({ runId: r.run_id, recordType: r.record_type, cleverId: r.clever_id ?? '', reason: r.reason }));
  }
}
