import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Counts } from '../domain/counts';

export type RunKind = 'full' | 'events';
export type RunTrigger = 'initial' | 'schedule' | 'manual' | 'cursor_expired' | 'resync_request' | 'events';
export type RunStatus = 'queued' | 'running' | 'completed' | 'held' | 'failed' | 'rejected';
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
    cleverDistrictId: p.string(),
    kind: p.enum(['full', 'events'] as const),
    trigger: p.enum(['initial', 'schedule', 'manual', 'cursor_expired', 'resync_request', 'events'] as const),
    status: p.enum(['queued', 'running', 'completed', 'held', 'failed', 'rejected'] as const),
    notBefore: p.datetime().defaultRaw('now()'),
    queuedAt: p.datetime().defaultRaw('clock_timestamp()'),
    startedAt: p.datetime().strictNullable(),
    finishedAt: p.datetime().strictNullable(),
    phase: p.enum(['districts', 'schools', 'users', 'sections', 'removals'] as const).strictNullable(),
    phaseAfter: p.string().strictNullable(),
    cursorFetched: p.boolean().default(false),
    cursorAtStart: p.string().strictNullable(),
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
    thresholdPercent: p.decimal('number').strictNullable(),
    errorCode: p.string().strictNullable(),
    errorMessage: p.text().strictNullable(),
    note: p.text().strictNullable(),
    decidedBy: p.string().strictNullable(),
    decidedAt: p.datetime().strictNullable(),
  },
});

export type SyncRun = InferEntity<typeof SyncRun>;

/** The run's record counts (domain type). */
export function countsOf(run: Pick<SyncRun, keyof Counts>): Counts {
  return { created: run.created, updated: run.updated, unchanged: run.unchanged, archived: run.archived, restored: run.restored, ignored: run.ignored, rejected: run.rejected };
}
