import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Counts } from '../domain/counts';
import type { HoldReason } from '../domain/safeguard';
import { DistrictConnection } from './district-connection.entity';

export type RunKind = 'full' | 'events';
export type RunTrigger = 'initial' | 'schedule' | 'manual' | 'cursor_expired' | 'resync_request' | 'events';
export type RunStatus = 'queued' | 'running' | 'completed' | 'held' | 'failed' | 'rejected';
export type RunMode = 'apply' | 'preview';
export type FullPhase = 'districts' | 'schools' | 'users' | 'sections' | 'removals';

/**
 * `sync_run`: full and events runs with their counts (migration 0001). At most one queued-or-running full
 * run per district (partial unique index `sync_run_one_active_full`), which coalesces "sync now", nightly
 * and DLQ resync requests. A full run records its phase and the last Clever id committed in it, so a run
 * interrupted by a crash resumes.
 */
export const SyncRun = defineEntity({
  name: 'SyncRun',
  tableName: 'sync_run',
  properties: {
    id: p.uuid().primary(),
    /** The district's id (a foreign key to `district_connection`, mapped to the id). */
    cleverDistrictId: p.manyToOne(DistrictConnection).mapToPk().fieldName('clever_district_id').foreignKeyName('sync_run_clever_district_id_fkey'),
    kind: p.enum(['full', 'events'] as const),
    trigger: p.enum(['initial', 'schedule', 'manual', 'cursor_expired', 'resync_request', 'events'] as const),
    status: p.enum(['queued', 'running', 'completed', 'held', 'failed', 'rejected'] as const),
    notBefore: p.datetime().defaultRaw('now()'),
    queuedAt: p.datetime().defaultRaw('clock_timestamp()'),
    startedAt: p.datetime().strictNullable(),
    finishedAt: p.datetime().strictNullable(),
    /** Free text in the table (no check constraint), a `FullPhase` in the code. */
    phase: p.text().$type<FullPhase>().strictNullable(),
    phaseAfter: p.text().strictNullable(),
    cursorFetched: p.boolean().default(false),
    cursorAtStart: p.text().strictNullable(),
    removalDecision: p.enum(['apply', 'hold'] as const).strictNullable(),
    created: p.integer().default(0),
    updated: p.integer().default(0),
    unchanged: p.integer().default(0),
    archived: p.integer().default(0),
    restored: p.integer().default(0),
    ignored: p.integer().default(0),
    rejected: p.integer().default(0),
    heldRemovals: p.integer().strictNullable(),
    activeUsers: p.integer().strictNullable(),
    thresholdPercent: p.decimal('number').precision(5).scale(2).strictNullable(),
    errorCode: p.text().strictNullable(),
    errorMessage: p.text().strictNullable(),
    note: p.text().strictNullable(),
    decidedBy: p.text().strictNullable(),
    decidedAt: p.datetime().strictNullable(),
    /** W3C traceparent of the request that queued the run (migration 0005): the run is traced as its child. */
    traceparent: p.text().strictNullable(),
    /** `apply`, or `preview`: a dry-run full read that changes and publishes nothing (migration 0006). */
    mode: p.enum(['apply', 'preview'] as const).default('apply'),
    /** Which roles (or the whole district, `all`) crossed their safeguard threshold: a held run, or a preview that would hold. */
    holdReasons: p.json<HoldReason[]>().strictNullable(),
  },
  // Declared structurally (columns, sort, `where`), not as raw `expression`s: MikroORM compares an expression index by name only.
  indexes: [
    { name: 'sync_run_district_recent', columns: [{ name: 'cleverDistrictId' }, { name: 'queuedAt', sort: 'desc' }] },
    { name: 'sync_run_pending', properties: ['notBefore'], where: "status in ('queued', 'running')" },
  ],
  uniques: [
    // At most one queued-or-running full run per district; queueFull's `on conflict` targets it.
    { name: 'sync_run_one_active_full', properties: ['cleverDistrictId'], where: "kind = 'full' and mode = 'apply' and status in ('queued', 'running')" },
    // At most one queued-or-running preview per district (migration 0006).
    { name: 'sync_run_one_active_preview', properties: ['cleverDistrictId'], where: "mode = 'preview' and status in ('queued', 'running')" },
  ],
});

export type SyncRun = InferEntity<typeof SyncRun>;

/** The run's record counts (domain type). */
export function countsOf(run: Pick<SyncRun, keyof Counts>): Counts {
  return { created: run.created, updated: run.updated, unchanged: run.unchanged, archived: run.archived, restored: run.restored, ignored: run.ignored, rejected: run.rejected };
}
