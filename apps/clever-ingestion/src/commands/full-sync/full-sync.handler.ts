import { Inject, Injectable } from '@nestjs/common';
import { CleverBadResponseError, CleverError, CleverUnavailableError, TokenRevokedError, type CleverDistrictHandle } from '@roster/clever-client';
import { COLLECTION_OF, text, type RecordType } from '../../domain/normalize';
import { scrubbedRemoval } from '../../domain/shadow';
import { planFullSyncPage, withoutLostClaims, type PlannedEvent, type ShadowWrite } from '../../domain/plan';
import { defaultSafeguard, holdReasons } from '../../domain/safeguard';
import { zeroCounts } from '../../domain/counts';
import { safeguardSettingsOf } from '../../persistence/district-connection.entity';
import { countsOf, type FullPhase, type SyncRun } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, RunAborted, type IngestionContext } from '../../runtime/context';
import { outboxItems } from '../../common/roster-events';
import { prefetch } from '../../runtime/prefetch';
import { ConnectDistrictsHandler } from '../connect-districts/connect-districts.handler';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { ShadowRepository } from '../../persistence/shadow.repository';
import { SyncRunEvents } from '../../common/sync-run-events';

const PHASES: readonly FullPhase[] = ['districts', 'schools', 'users', 'sections', 'removals'];
const TYPE_OF_PHASE: Record<Exclude<FullPhase, 'removals'>, RecordType> = { districts: 'district', schools: 'school', users: 'user', sections: 'section' };

/** The last usable Clever id of a page (resume point), in page order. */
function lastIdOf(records: readonly unknown[]): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const id = text((records[i] as { id?: unknown } | null)?.id);
    if (id !== undefined && id.length <= 64) return id;
  }
  return undefined;
}

/**
 * A full sync of one district (ARCHITECTURE.md §4, clever-api.md §3.5), run under the district's lock:
 *
 * 1. remember the newest event id (`latestEventId`) before reading anything;
 * 2. stream `/districts`, `/schools`, `/users` (all roles in one stream), `/sections` page by page, one
 *    page fetched ahead; each page is one transaction: one shadow lookup, one shadow upsert, one outbox
 *    insert, the run's counts and resume point. Memory does not grow with the district;
 * 3. ids of the district not seen in the run are removals: applied in chunks, or held when they exceed
 *    the safeguard threshold of active users;
 * 4. the remembered event id becomes the events cursor (same transaction as the run's completion); the
 *    caller then polls the events after it.
 *
 * A crash leaves the run `running` with its phase and last committed id: it resumes from there.
 */
@Injectable()
export class FullSyncHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
    @Inject(ConnectDistrictsHandler) private readonly connectDistricts: ConnectDistrictsHandler,
  ) {}

  async execute(runId: string, handle: CleverDistrictHandle, signal: AbortSignal): Promise<SyncRun | undefined> {
    const { runs, runEvents } = this;
    let run: SyncRun | null | undefined = await runs.get(fork(this.ctx), runId);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return run ?? undefined;
    const districtId = run.cleverDistrictId;
    const started = Date.now();
    if (run.status === 'queued') {
      const queued = run;
      run = await fork(this.ctx).transactional(async (em) => {
        const marked = await runs.markRunning(em, queued.id);
        if (!marked) return (await runs.get(em, queued.id))!;
        await runEvents.publish(em, marked, 'started');
        return marked;
      });
    } else this.ctx.logger.info({ districtId, runId, phase: run.phase, after: run.phaseAfter }, 'resuming interrupted full sync');
    try {
      if (!run.cursorFetched) {
        const cursor = await handle.latestEventId();
        await runs.update(fork(this.ctx), run.id, { cursorFetched: true, cursorAtStart: cursor, phase: 'districts', phaseAfter: null });
        run = { ...run, cursorFetched: true, cursorAtStart: cursor, phase: 'districts', phaseAfter: null };
      }
      for (let p = PHASES.indexOf(run.phase ?? 'districts'); p < PHASES.length - 1; p++) {
        const phase = PHASES[p] as Exclude<FullPhase, 'removals'>;
        await this.streamCollection(run, phase, handle, signal);
        const next = PHASES[p + 1];
        await runs.update(fork(this.ctx), run.id, { phase: next, phaseAfter: null });
        run = { ...run, phase: next, phaseAfter: null };
      }
      const finished = await this.finishWithRemovals(run, signal);
      this.ctx.metrics.runFinished('full', finished.status, (Date.now() - started) / 1000);
      this.ctx.logger.info({ districtId, runId, status: finished.status, counts: countsOf(finished) }, 'full sync finished');
      return finished;
    } catch (error) {
      if (error instanceof RunAborted) throw error;
      if (error instanceof TokenRevokedError) await this.connectDistricts.disconnect(districtId, 'token_revoked');
      const code = error instanceof CleverError ? error.code : 'INTERNAL_ERROR';
      const message = error instanceof CleverError ? error.message : 'internal error (see the service logs)';
      this.ctx.logger.error({ districtId, runId, err: { code, message: error instanceof Error ? error.message : String(error) } }, 'full sync failed');
      // Clever being down (or answering garbage) is transient: the same sync is queued again for later, so
      // a new district does not wait for the nightly run. Other failures wait for the next trigger.
      const transient = error instanceof CleverUnavailableError || error instanceof CleverBadResponseError;
      const failed = await fork(this.ctx).transactional(async (em) => {
        const row = await runs.finish(em, run!.id, 'failed', { errorCode: code, errorMessage: message.slice(0, 500) });
        await runEvents.publish(em, row, 'failed');
        if (transient) await runs.queueFull(em, districtId, run!.trigger, this.ctx.settings.failedRunRetryMs);
        return row;
      });
      this.ctx.metrics.runFinished('full', 'failed', (Date.now() - started) / 1000);
      return failed;
    }
  }

  private async streamCollection(run: SyncRun, phase: Exclude<FullPhase, 'removals'>, handle: CleverDistrictHandle, signal: AbortSignal): Promise<void> {
    const recordType = TYPE_OF_PHASE[phase];
    const params = run.phase === phase && run.phaseAfter ? { startingAfter: run.phaseAfter } : {};
    let after = run.phase === phase ? run.phaseAfter : null;
    for await (const page of prefetch(handle.pages(COLLECTION_OF[recordType], params), 1)) {
      if (signal.aborted) throw new RunAborted();
      if (page.data.length === 0) break;
      after = lastIdOf(page.data) ?? after;
      await this.applyPage(run, recordType, page.data, after);
    }
  }

  private async applyPage(run: SyncRun, recordType: RecordType, records: readonly unknown[], after: string | null): Promise<void> {
    const { outbox } = this.ctx;
    const { shadow, runs } = this;
    const districtId = run.cleverDistrictId;
    const ids: string[] = [];
    for (const r of records) {
      const id = text((r as { id?: unknown } | null)?.id);
      if (id !== undefined && id.length <= 64) ids.push(id);
    }
    const plan = await fork(this.ctx).transactional(async (em) => {
      const known = await shadow.load(em, recordType, ids);
      const draft = planFullSyncPage({ recordType, records, districtId, runId: run.id, cursorAtStart: run.cursorAtStart, shadow: known });
      // Ids another district owns were rejected by the plan; a claim lost in between is dropped here.
      const planned = withoutLostClaims(draft, await shadow.write(em, districtId, draft.writes));
      await outbox.addMany(em, outboxItems(districtId, planned.events));
      await runs.addRejections(em, run, planned.rejections);
      await runs.addCounts(em, run.id, planned.counts, { phaseAfter: after });
      return planned;
    });
    this.ctx.metrics.recordOutcomes(plan.byType);
    const foreign = plan.rejections.filter((r) => r.reason === 'FOREIGN_DISTRICT_RECORD');
    if (foreign.length > 0) {
      // Ids only: a district sharing records another district owns is a tenancy event worth a look.
      this.ctx.logger.warn({ districtId, runId: run.id, recordType, count: foreign.length, cleverIds: foreign.slice(0, 20).map((r) => r.cleverId) }, 'records owned by another district rejected');
    }
  }

  private async finishWithRemovals(run: SyncRun, signal: AbortSignal): Promise<SyncRun> {
    const { settings } = this.ctx;
    const { shadow, runs, connections } = this;
    const districtId = run.cleverDistrictId;
    let decision = run.removalDecision;
    if (!decision) {
      decision = await fork(this.ctx).transactional(async (em) => {
        const removalsByRole = await shadow.unseenUsersByRole(em, districtId, run.id);
        const activeByRole = await shadow.activeUsersByRole(em, districtId);
        const conn = await connections.get(em, districtId);
        const safeguard = safeguardSettingsOf(conn, defaultSafeguard(settings));
        const reasons = holdReasons({ removalsByRole, activeByRole, settings: safeguard });
        const hold = reasons.length > 0;
        const removals = Object.values(removalsByRole).reduce((a, n) => a + n, 0);
        const activeUsers = Object.values(activeByRole).reduce((a, n) => a + n, 0);
        // A newer full run decides about removals: an older held run's removals are superseded.
        await runs.supersedeHeld(em, districtId, run.id);
        await runs.update(em, run.id, {
          removalDecision: hold ? 'hold' : 'apply',
          heldRemovals: hold ? removals : null,
          activeUsers,
          thresholdPercent: safeguard.thresholdPercent,
          holdReasons: hold ? reasons : null,
        });
        return hold ? 'hold' : 'apply';
      });
    }
    if (decision === 'hold') {
      const held = await fork(this.ctx).transactional(async (em) => {
        await connections.setCursorAfterFullSync(em, districtId, run.cursorAtStart, false);
        const row = await runs.finish(em, run.id, 'held');
        await this.runEvents.publish(em, row, 'held');
        return row;
      });
      this.ctx.logger.warn({ districtId, runId: run.id, heldRemovals: held.heldRemovals, activeUsers: held.activeUsers, roles: held.holdReasons?.map((r) => r.role) }, 'full sync held by the mass-change safeguard');
      return held;
    }
    await this.applyRemovals(districtId, run.id, run.id, undefined, signal);
    await this.republishRemoved(districtId, run.id, signal);
    const completed = await fork(this.ctx).transactional(async (em) => {
      await connections.setCursorAfterFullSync(em, districtId, run.cursorAtStart, true);
      const row = await runs.finish(em, run.id, 'completed');
      await this.runEvents.publish(em, row, 'completed');
      return row;
    });
    this.ctx.metrics.setLastSuccess(districtId, new Date(completed.finishedAt ?? Date.now()));
    return completed;
  }

  /**
   * Removes, chunk by chunk, the active records a full run did not see (archive, never delete): the shadow
   * marks them removed with a new version and `*.removed` (reason `unshared`) goes to the outbox. Also
   * used when a held run is approved (`seenBefore`: records seen again since the hold stay).
   */
  async applyRemovals(districtId: string, runId: string, countInto: string, seenBefore: Date | undefined, signal?: AbortSignal): Promise<number> {
    const { outbox, settings } = this.ctx;
    const { shadow, runs } = this;
    let total = 0;
    for (;;) {
      if (signal?.aborted) throw new RunAborted();
      const n = await fork(this.ctx).transactional(async (em) => {
        const candidates = await shadow.unseen(em, districtId, runId, settings.removalChunkSize, seenBefore);
        if (candidates.length === 0) return 0;
        const writes: ShadowWrite[] = [];
        const events: PlannedEvent[] = [];
        const byType: Partial<Record<RecordType, ReturnType<typeof zeroCounts>>> = {};
        for (const c of candidates) {
          const version = c.entry.version + 1;
          writes.push({ recordType: c.recordType, cleverId: c.cleverId, entry: scrubbedRemoval(c.entry, { version }) });
          events.push({ kind: 'removed', recordType: c.recordType, cleverId: c.cleverId, version, envelopeId: `sync:${runId}:${c.cleverId}:removed`, reason: 'unshared' });
          (byType[c.recordType] ??= zeroCounts()).archived++;
        }
        await shadow.write(em, districtId, writes);
        await outbox.addMany(em, outboxItems(districtId, events));
        await runs.addCounts(em, countInto, { ...zeroCounts(), archived: candidates.length });
        this.ctx.metrics.recordOutcomes(byType);
        return candidates.length;
      });
      total += n;
      if (n === 0) return total;
    }
  }

  /** Removed records whose removal a consumer dead-lettered: publish the removal again (new version). */
  private async republishRemoved(districtId: string, runId: string, signal: AbortSignal): Promise<void> {
    const { outbox, settings } = this.ctx;
    const { shadow } = this;
    for (;;) {
      if (signal.aborted) throw new RunAborted();
      const n = await fork(this.ctx).transactional(async (em) => {
        const rows = await shadow.removedToRepublish(em, districtId, settings.removalChunkSize);
        if (rows.length === 0) return 0;
        const writes: ShadowWrite[] = rows.map((r) => ({ recordType: r.recordType, cleverId: r.cleverId, entry: { ...r.entry, version: r.entry.version + 1, forceRepublish: false } }));
        const events: PlannedEvent[] = rows.map((r) => ({
          kind: 'removed',
          recordType: r.recordType,
          cleverId: r.cleverId,
          version: r.entry.version + 1,
          envelopeId: `sync:${runId}:${r.cleverId}:removed:v${r.entry.version + 1}`,
          reason: 'unshared',
        }));
        await shadow.write(em, districtId, writes);
        await outbox.addMany(em, outboxItems(districtId, events));
        return rows.length;
      });
      if (n === 0) return;
    }
  }
}
