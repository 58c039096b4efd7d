import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@roster/authz';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtBusy, runNotFound, runNotHeld } from '../../common/errors';
import type { SyncRun } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { FullSyncHandler } from '../full-sync/full-sync.handler';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { SyncRunEvents } from '../../common/sync-run-events';

export type HeldRunDecision = 'approve' | 'reject';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A district admin's decision about a run held by the mass-change safeguard. Approve: the held removals
 * are applied now (records seen again since the hold stay) and the run completes (`roster.sync-run.completed`
 * with the archived count). Reject: the removals are discarded and the run ends `rejected` — nothing is
 * published, since nothing changes for consumers; the next full sync decides again from Clever's data.
 * Both take the district's lock, so they never interleave with a sync.
 */
@Injectable()
export class DecideHeldRunHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
    @Inject(FullSyncHandler) private readonly fullSync: FullSyncHandler,
  ) {}

  /** POST …/sync/runs/:runId/approve|reject, asked of the policy first. */
  async execute(caller: Caller, cleverDistrictId: string, runId: string, decision: HeldRunDecision): Promise<SyncRun> {
    const decidedBy = authorizeDistrictAdmin(caller, cleverDistrictId);
    return this.decide(cleverDistrictId, runId, decision, decidedBy);
  }

  /** The decision, recorded as taken by `decidedBy` (`user:<accountId>` / `system:<name>`). */
  async decide(cleverDistrictId: string, runId: string, decision: HeldRunDecision, decidedBy: string): Promise<SyncRun> {
    const { locks } = this.ctx;
    const { runs } = this;
    if (!UUID.test(runId)) throw runNotFound();
    const first = await runs.get(fork(this.ctx), runId);
    if (!first || first.cleverDistrictId !== cleverDistrictId) throw runNotFound();
    if (first.status !== 'held') throw runNotHeld(first.id, first.status);
    if (!(await locks.acquireWithin(cleverDistrictId, 10_000))) throw districtBusy();
    try {
      const run = await runs.get(fork(this.ctx), runId);
      if (!run || run.status !== 'held') throw runNotHeld(runId, (run ?? first).status);
      return decision === 'approve' ? await this.approve(run, decidedBy) : await this.reject(run, decidedBy);
    } finally {
      await locks.release(cleverDistrictId);
    }
  }

  private async approve(run: SyncRun, decidedBy: string): Promise<SyncRun> {
    const { metrics, logger } = this.ctx;
    const { connections, runs, runEvents } = this;
    const districtId = run.cleverDistrictId;
    const archived = await this.fullSync.applyRemovals(districtId, run.id, run.id, new Date(run.finishedAt ?? Date.now()));
    const done = await fork(this.ctx).transactional(async (em) => {
      await connections.markSuccessfulFullSync(em, districtId);
      const row = await runs.finish(em, run.id, 'completed', { decidedBy, decidedAt: new Date(), note: `approved: ${archived} removal(s) applied` });
      await runEvents.publish(em, row, 'completed');
      return row;
    });
    metrics.setLastSuccess(districtId, new Date(done.finishedAt ?? Date.now()));
    logger.info({ districtId, runId: run.id, archived }, 'held run approved');
    return done;
  }

  private async reject(run: SyncRun, decidedBy: string): Promise<SyncRun> {
    const { logger } = this.ctx;
    const { runs } = this;
    await runs.update(fork(this.ctx), run.id, { status: 'rejected', decidedBy, decidedAt: new Date(), note: 'rejected: held removals discarded' });
    logger.info({ districtId: run.cleverDistrictId, runId: run.id }, 'held run rejected');
    return (await runs.get(fork(this.ctx), run.id))!;
  }
}
