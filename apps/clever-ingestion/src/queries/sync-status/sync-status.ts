import { query, type EntityManager } from '@roster/persistence';
import { cursorAgeSeconds } from '../../domain/cursor-policy';
import type { ConnectionRow } from '../../persistence/connections.repository';
import { countsOf, type RunRow } from '../../persistence/runs.repository';
import type { IngestionContext } from '../../runtime/context';
import { districtNotFound } from '../../commands/sync-now/request-sync';

const iso = (t: string | Date | null | undefined): string | null => (t == null ? null : new Date(t).toISOString());

export interface RunView {
  id: string;
  kind: 'full' | 'events';
  trigger: string;
  /** `queued` runs show as `running` (they are accepted and will run). */
  status: 'running' | 'completed' | 'held' | 'failed' | 'rejected';
  startedAt: string;
  finishedAt?: string;
  counts: ReturnType<typeof countsOf>;
  heldRemovals?: number;
  error?: string;
  note?: string;
}

export function runView(run: RunRow): RunView {
  return {
    id: run.id,
    kind: run.kind,
    trigger: run.trigger,
    status: run.status === 'queued' ? 'running' : run.status,
    startedAt: iso(run.started_at ?? run.queued_at)!,
    ...(run.finished_at && run.status !== 'queued' && run.status !== 'running' ? { finishedAt: iso(run.finished_at)! } : {}),
    counts: countsOf(run),
    ...(run.held_removals != null && run.removal_decision === 'hold' ? { heldRemovals: run.held_removals } : {}),
    ...(run.error_code ? { error: `${run.error_code}: ${run.error_message ?? ''}`.trim() } : {}),
    ...(run.note ? { note: run.note } : {}),
  };
}

export interface SyncStatusView {
  cleverDistrictId: string;
  connection: { state: 'connected' | 'disconnected'; since: string | null };
  lastSuccessfulFullSyncAt: string | null;
  eventsCursor: { id: string; ageSeconds: number } | null;
  settings: { safeguardThresholdPercent: number };
  runs: RunView[];
  rejected: { runId: string; recordType: string; cleverId: string; reason: string }[];
  held: { runId: string; removals: number; activeUsers: number; thresholdPercent: number } | null;
}

const REJECTED_LIMIT = 200;

/** GET /internal/v1/districts/:cleverDistrictId/sync — the district's sync visibility (ARCHITECTURE.md §1). */
export async function syncStatus(ctx: IngestionContext, districtId: string, now = Date.now()): Promise<SyncStatusView> {
  const em: EntityManager = ctx.orm.em.fork();
  const conn: ConnectionRow | undefined = await ctx.connections.get(em, districtId);
  if (!conn) throw districtNotFound();
  const runs = await query<RunRow>(em, `select * from sync_run where clever_district_id = ? order by queued_at desc, id limit 20`, [districtId]);
  // Rejected records since the latest full run started (older runs' rejections were superseded by it).
  const rejected = await query<{ run_id: string; record_type: string; clever_id: string | null; reason: string }>(
    em,
    `select j.run_id, j.record_type, j.clever_id, j.reason from sync_rejection j
     join sync_run r on r.id = j.run_id
     where j.clever_district_id = ? and r.queued_at >= coalesce(
       (select max(queued_at) from sync_run where clever_district_id = ? and kind = 'full' and status <> 'queued'), '-infinity'::timestamptz)
     order by j.id desc limit ?`,
    [districtId, districtId, REJECTED_LIMIT],
  );
  const [held] = await query<RunRow>(em, `select * from sync_run where clever_district_id = ? and status = 'held' order by queued_at desc limit 1`, [districtId]);
  return {
    cleverDistrictId: districtId,
    connection: { state: conn.state, since: iso(conn.state_since) },
    lastSuccessfulFullSyncAt: iso(conn.last_successful_full_sync_at),
    eventsCursor: conn.events_cursor ? { id: conn.events_cursor, ageSeconds: cursorAgeSeconds(conn.events_cursor, conn.events_cursor_at ? new Date(conn.events_cursor_at) : null, now) } : null,
    settings: { safeguardThresholdPercent: conn.safeguard_threshold_percent != null ? Number(conn.safeguard_threshold_percent) : ctx.settings.safeguardThresholdPercent },
    runs: runs.map(runView),
    rejected: rejected.map((r) => ({ runId: r.run_id, recordType: r.record_type, cleverId: r.clever_id ?? '', reason: r.reason })),
    held: held
      ? { runId: held.id, removals: held.held_removals ?? 0, activeUsers: held.active_users ?? 0, thresholdPercent: Number(held.threshold_percent ?? ctx.settings.safeguardThresholdPercent) }
      : null,
  };
}
