import { Inject, Injectable } from '@nestjs/common';
import { isoTime } from '@roster/contracts';
import type { Caller } from '@roster/authz';
import type { IngestionSettingsView, SyncRunBody, SyncStatusBody } from '@roster/internal-api';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtNotFound } from '../../common/errors';
import { cursorAgeSeconds } from '../../domain/cursor-policy';
import { defaultSafeguard, type SafeguardSettings } from '../../domain/safeguard';
import { safeguardSettingsOf } from '../../persistence/district-connection.entity';
import { countsOf, type SyncRun } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';


/** A run as the internal API shows it (the contract: @roster/internal-api's `syncRunSchema`). */
export type RunView = SyncRunBody;

export function runView(run: SyncRun): RunView {
  return {
    id: run.id,
    kind: run.kind,
    mode: run.mode,
    trigger: run.trigger,
    status: run.status === 'queued' ? 'running' : run.status,
    startedAt: isoTime(run.startedAt ?? run.queuedAt)!,
    ...(run.finishedAt && run.status !== 'queued' && run.status !== 'running' ? { finishedAt: isoTime(run.finishedAt)! } : {}),
    counts: countsOf(run),
    ...(run.heldRemovals != null && run.removalDecision === 'hold' ? { heldRemovals: run.heldRemovals } : {}),
    ...(run.holdReasons && run.holdReasons.length > 0 ? { holdReasons: run.holdReasons } : {}),
    ...(run.errorCode ? { error: `${run.errorCode}: ${run.errorMessage ?? ''}`.trim() } : {}),
    ...(run.note ? { note: run.note } : {}),
  };
}

/** The safeguard settings as the API shows them (the contract: `ingestionSettingsSchema`). */
export function settingsView(s: SafeguardSettings): IngestionSettingsView {
  return { safeguardThresholdPercent: s.thresholdPercent, safeguardThresholds: { ...s.roles }, safeguardMinimumCount: s.minimumCount };
}

/** The district's sync status (the contract: @roster/internal-api's `syncStatusSchema`). */
export type SyncStatusView = SyncStatusBody;

const RECENT_RUNS = 20;
const REJECTED_LIMIT = 200;

/** GET …/districts/:cleverDistrictId/sync — the district's sync visibility (ARCHITECTURE.md §1). */
@Injectable()
export class SyncStatusHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
  ) {}

  async execute(caller: Caller, cleverDistrictId: string): Promise<SyncStatusView> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    return this.status(cleverDistrictId);
  }

  /** The status, without a caller (in-process use: the service's own API, tests). */
  async status(cleverDistrictId: string, now = Date.now()): Promise<SyncStatusView> {
    const { settings } = this.ctx;
    const { connections, runs } = this;
    const em = fork(this.ctx);
    const conn = await connections.get(em, cleverDistrictId);
    if (!conn) throw districtNotFound();
    const recent = await runs.recent(em, cleverDistrictId, RECENT_RUNS);
    const rejected = await runs.rejectedSinceLatestFull(em, cleverDistrictId, REJECTED_LIMIT);
    const held = await runs.heldRun(em, cleverDistrictId);
    return {
      cleverDistrictId,
      connection: { state: conn.state, since: isoTime(conn.stateSince) },
      lastSuccessfulFullSyncAt: isoTime(conn.lastSuccessfulFullSyncAt),
      eventsCursor: conn.eventsCursor ? { id: conn.eventsCursor, ageSeconds: cursorAgeSeconds(conn.eventsCursor, conn.eventsCursorAt ?? null, now) } : null,
      settings: settingsView(safeguardSettingsOf(conn, defaultSafeguard(settings))),
      runs: recent.map(runView),
      rejected,
      held: held
        ? {
            runId: held.id,
            removals: held.heldRemovals ?? 0,
            activeUsers: held.activeUsers ?? 0,
            thresholdPercent: Number(held.thresholdPercent ?? settings.safeguardThresholdPercent),
            // Runs held before the per-role safeguard crossed the whole district's threshold.
            roles: held.holdReasons?.map((r) => r.role) ?? ['all'],
          }
        : null,
    };
  }
}
