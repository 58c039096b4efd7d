import type { Caller } from '@roster/authz';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtBusy, runNotFound, runNotHeld } from '../../common/errors';
import type { SyncRun } from '../../persistence/sync-run.entity';
import { fork, type IngestionContext } from '../../runtime/context';
import type { FullSyncHandler } from '../full-sync/full-sync.handler';

export type HeldRunDecision = 'approve' | 'reject';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A district admin's decision about a run held by the mass-change safeguard. Approve: the held removals
 * are applied now (records seen again since the hold stay) and the run completes (`roster.sync-run.completed`
 * with the archived count). Reject: the removals are discarded and the run ends `rejected` — nothing is
 * published, since nothing changes for consumers; the next full sync decides again from Clever's data.
 * Both take the district's lock, so they never interleave with a sync.
 */
export class DecideHeldRunHandler {
  constructor(
    private readonly ctx: IngestionContext,
    private readonly fullSync: FullSyncHandler,
  ) {}

  /** POST …/sync/runs/:runId/approve|reject, asked of the policy first. */
  async execute(caller: Caller, cleverDistrictId: string, runId: string, decision: HeldRunDecision): Promise<SyncRun> {
    const decidedBy = authorizeDistrictAdmin(caller, cleverDistrictId);
    return this.decide(cleverDistrictId, runId, decision, decidedBy);
  }

  /** The decision, recorded as taken by `decidedBy` (`user:<accountId>` / `system:<name>`). */
  async decide(cleverDistrictId: string, runId: string, decision: HeldRunDecision, decidedBy: string): Promise<SyncRun> {
    const { runs, locks } = this.ctx;
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
    const { connections, runs, runEvents, metrics, logger } = this.ctx;
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
    const { runs, logger } = this.ctx;
    await runs.update(fork(this.ctx), run.id, { status: 'rejected', decidedBy, decidedAt: new Date(), note: 'rejected: held removals discarded' });
    logger.info({ districtId: run.cleverDistrictId, runId: run.id }, 'held run rejected');
    return (await runs.get(fork(this.ctx), run.id))!;
  }
}
