import { ProblemError } from '@roster/problems';
import type { EntityManager } from '@roster/persistence';
import type { RunRow } from '../../persistence/runs.repository';
import type { IngestionContext } from '../../runtime/context';
import type { FullSync } from '../full-sync/full-sync';

export const runNotFound = () => new ProblemError(404, 'RUN_NOT_FOUND', 'Sync run not found');
const runNotHeld = (run: RunRow) => new ProblemError(409, 'RUN_NOT_HELD', 'The run is not held', `run ${run.id} is ${run.status}`, { status: run.status });
const busy = () => new ProblemError(409, 'SYNC_ALREADY_RUNNING', 'A sync of the district is running; try again when it has finished');

/**
 * A district admin's decision about a run held by the mass-change safeguard. Approve: the held removals
 * are applied now (records seen again since the hold stay) and the run completes (`roster.sync-run.completed`
 * with the archived count). Reject: the removals are discarded and the run ends `rejected` — nothing is
 * published, since nothing changes for consumers; the next full sync decides again from Clever's data.
 * Both take the district's lock, so they never interleave with a sync.
 */
export class HeldRuns {
  constructor(
    private readonly ctx: IngestionContext,
    private readonly fullSync: FullSync,
  ) {}

  private em(): EntityManager {
    return this.ctx.orm.em.fork();
  }

  async approve(districtId: string, runId: string, decidedBy: string): Promise<RunRow> {
    return this.decide(districtId, runId, async (run) => {
      const archived = await this.fullSync.applyRemovals(districtId, run.id, run.id, new Date(run.finished_at ?? Date.now()).toISOString());
      const done = await this.em().transactional(async (em) => {
        await this.ctx.connections.markSuccessfulFullSync(em, districtId);
        return this.ctx.runs.finish(em, run.id, 'completed', { decided_by: decidedBy, decided_at: new Date().toISOString(), note: `approved: ${archived} removal(s) applied` });
      });
      this.ctx.metrics.setLastSuccess(districtId, new Date(done.finished_at ?? Date.now()));
      this.ctx.logger.info({ districtId, runId, archived }, 'held run approved');
      return done;
    });
  }

  async reject(districtId: string, runId: string, decidedBy: string): Promise<RunRow> {
    return this.decide(districtId, runId, async (run) => {
      await this.ctx.runs.update(this.em(), run.id, { status: 'rejected', decided_by: decidedBy, decided_at: new Date().toISOString(), note: 'rejected: held removals discarded' });
      this.ctx.logger.info({ districtId, runId }, 'held run rejected');
      return (await this.ctx.runs.get(this.em(), run.id))!;
    });
  }

  private async decide(districtId: string, runId: string, fn: (run: RunRow) => Promise<RunRow>): Promise<RunRow> {
    if (!/^[0-9a-f-]{36}$/i.test(runId)) throw runNotFound();
    const first = await this.ctx.runs.get(this.em(), runId);
    if (!first || first.clever_district_id !== districtId) throw runNotFound();
    if (first.status !== 'held') throw runNotHeld(first);
    if (!(await this.ctx.locks.acquireWithin(districtId, 10_000))) throw busy();
    try {
      const run = await this.ctx.runs.get(this.em(), runId);
      if (!run || run.status !== 'held') throw runNotHeld(run ?? first);
      return await fn(run);
    } finally {
      await this.ctx.locks.release(districtId);
    }
  }
}
