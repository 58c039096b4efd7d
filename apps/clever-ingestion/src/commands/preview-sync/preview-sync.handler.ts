import { Inject, Injectable } from '@nestjs/common';
import { CleverError, type CleverDistrictHandle } from '@roster/clever-client';
import { addCounts, zeroCounts } from '../../domain/counts';
import { COLLECTION_OF, text, type RecordType } from '../../domain/normalize';
import { planFullSyncPage } from '../../domain/plan';
import { pageChanges, seenIds } from '../../domain/preview';
import { defaultSafeguard, holdReasons } from '../../domain/safeguard';
import { ChangesRepository } from '../../persistence/changes.repository';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { safeguardSettingsOf } from '../../persistence/district-connection.entity';
import { RunsRepository } from '../../persistence/runs.repository';
import { ShadowRepository } from '../../persistence/shadow.repository';
import { countsOf, type FullPhase, type SyncRun } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, RunAborted, type IngestionContext } from '../../runtime/context';
import { prefetch } from '../../runtime/prefetch';

type ReadPhase = Exclude<FullPhase, 'removals'>;
const PHASES: readonly ReadPhase[] = ['districts', 'schools', 'users', 'sections'];
const TYPE_OF_PHASE: Record<ReadPhase, RecordType> = { districts: 'district', schools: 'school', users: 'user', sections: 'section' };

/**
 * Sync preview (issue 15): a dry-run full read of Clever that computes, page by page, what a full sync would
 * do against the shadow index — records created, updated, restored, rejected, and at the end the active records
 * it did not read (archived), with the safeguard's verdict — and writes only the preview's own rows (the run,
 * its change list, the ids it read). Nothing is published (no outbox row, no sync-run event), the shadow index,
 * the events cursor and the district's last successful sync stay as they are.
 *
 * It runs in the consumer's scheduler under the district's lock like a real run, so a preview and a real run
 * of the same district are serialized, never concurrent; at most one preview per district is queued or
 * running (StartPreviewHandler queues it). Resumes like a full run.
 */
@Injectable()
export class PreviewSyncHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(ChangesRepository) private readonly changes: ChangesRepository,
  ) {}

  /** Runs (or resumes) a queued preview; the caller holds the district's lock. */
  async run(runId: string, handle: CleverDistrictHandle, signal: AbortSignal): Promise<SyncRun | undefined> {
    const { runs, changes } = this;
    let run = await runs.get(fork(this.ctx), runId);
    if (!run || run.mode !== 'preview' || (run.status !== 'queued' && run.status !== 'running')) return run ?? undefined;
    const districtId = run.cleverDistrictId;
    const started = Date.now();
    if (run.status === 'queued') {
      const queued = run;
      run = await fork(this.ctx).transactional(async (em) => {
        const marked = await runs.markRunning(em, queued.id);
        await changes.forgetOlderPreviews(em, districtId, queued.id);
        await runs.update(em, queued.id, { phase: 'districts', phaseAfter: null });
        return { ...(marked ?? queued), phase: 'districts' as const, phaseAfter: null };
      });
    } else this.ctx.logger.info({ districtId, runId, phase: run.phase, after: run.phaseAfter }, 'resuming interrupted sync preview');
    try {
      for (let p = PHASES.indexOf((run.phase ?? 'districts') as ReadPhase); p >= 0 && p < PHASES.length; p++) {
        const phase = PHASES[p];
        await this.readCollection(run, phase, handle, signal);
        const next: FullPhase = PHASES[p + 1] ?? 'removals';
        await runs.update(fork(this.ctx), run.id, { phase: next, phaseAfter: null });
        run = { ...run, phase: next, phaseAfter: null };
      }
      const done = await this.finish(run);
      this.ctx.metrics.runFinished('preview', 'completed', (Date.now() - started) / 1000);
      this.ctx.logger.info({ districtId, runId, counts: countsOf(done), holdReasons: done.holdReasons }, 'sync preview finished');
      return done;
    } catch (error) {
      if (error instanceof RunAborted) throw error;
      const code = error instanceof CleverError ? error.code : 'INTERNAL_ERROR';
      const message = error instanceof CleverError ? error.message : 'internal error (see the service logs)';
      this.ctx.logger.error({ districtId, runId, err: { code, message: error instanceof Error ? error.message : String(error) } }, 'sync preview failed');
      // A failed preview is not retried (the admin asks again); it never touches a connection, even on a revoked token.
      const failed = await fork(this.ctx).transactional(async (em) => {
        await changes.forgetSeen(em, run!.id);
        return runs.finish(em, run!.id, 'failed', { errorCode: code, errorMessage: message.slice(0, 500) });
      });
      this.ctx.metrics.runFinished('preview', 'failed', (Date.now() - started) / 1000);
      return failed;
    }
  }

  private async readCollection(run: SyncRun, phase: ReadPhase, handle: CleverDistrictHandle, signal: AbortSignal): Promise<void> {
    const recordType = TYPE_OF_PHASE[phase];
    const params = run.phase === phase && run.phaseAfter ? { startingAfter: run.phaseAfter } : {};
    let after = run.phase === phase ? run.phaseAfter : null;
    for await (const page of prefetch(handle.pages(COLLECTION_OF[recordType], params), 1)) {
      if (signal.aborted) throw new RunAborted();
      if (page.data.length === 0) break;
      after = lastIdOf(page.data) ?? after;
      await this.previewPage(run, recordType, page.data, after);
    }
  }

  /** One page: the shadow lookup and the plan a real run would make, kept as change rows; nothing applied. */
  private async previewPage(run: SyncRun, recordType: RecordType, records: readonly unknown[], after: string | null): Promise<void> {
    const { shadow, runs, changes } = this;
    const districtId = run.cleverDistrictId;
    const ids: string[] = [];
    for (const r of records) {
      const id = text((r as { id?: unknown } | null)?.id);
      if (id !== undefined && id.length <= 64) ids.push(id);
    }
    await fork(this.ctx).transactional(async (em) => {
      const known = await shadow.load(em, recordType, ids);
      const plan = planFullSyncPage({ recordType, records, districtId, runId: run.id, cursorAtStart: null, shadow: known });
      await changes.add(em, run, pageChanges(plan, known));
      await changes.addSeen(em, run.id, recordType, seenIds(plan));
      await runs.addCounts(em, run.id, plan.counts, { phaseAfter: after });
    });
  }

  /** The removals (active records not read) and the safeguard's verdict on them; the run completes. */
  private async finish(run: SyncRun): Promise<SyncRun> {
    const { shadow, runs, changes, connections } = this;
    const districtId = run.cleverDistrictId;
    return fork(this.ctx).transactional(async (em) => {
      const { archived, usersByRole } = await changes.addRemovals(em, run);
      await changes.forgetSeen(em, run.id);
      const activeByRole = await shadow.activeUsersByRole(em, districtId);
      const safeguard = safeguardSettingsOf(await connections.get(em, districtId), defaultSafeguard(this.ctx.settings));
      const reasons = holdReasons({ removalsByRole: usersByRole, activeByRole, settings: safeguard });
      const activeUsers = Object.values(activeByRole).reduce((a, n) => a + n, 0);
      await runs.addCounts(em, run.id, addCounts(zeroCounts(), { archived }), { phase: 'removals', phaseAfter: null });
      return runs.finish(em, run.id, 'completed', { activeUsers, thresholdPercent: safeguard.thresholdPercent, holdReasons: reasons.length > 0 ? reasons : null });
    });
  }
}

/** The last usable Clever id of a page (resume point), in page order. */
function lastIdOf(records: readonly unknown[]): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const id = text((records[i] as { id?: unknown } | null)?.id);
    if (id !== undefined && id.length <= 64) return id;
  }
  return undefined;
}
