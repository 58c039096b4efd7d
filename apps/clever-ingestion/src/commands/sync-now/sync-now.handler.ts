import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@roster/authz';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtDisconnected, districtNotFound, syncAlreadyRunning } from '../../common/errors';
import type { RunTrigger } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { SyncScheduler } from '../../runtime/scheduler';

export interface QueuedSync {
  runId: string;
  /** false: a full run of the district was already queued or running; this is that one. */
  created: boolean;
}

/**
 * "Sync now" (and every other full-sync request: nightly, resyncs). At most one full run per district is
 * queued or running; asking again joins that one. The consumer process runs it: the scheduler of this
 * process is woken (a no-op where it does not run, e.g. an `api`-only process: there the run just waits
 * in the queue for a consumer's next tick).
 */
@Injectable()
export class SyncNowHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(SyncScheduler) private readonly scheduler: SyncScheduler,
  ) {}

  /** POST …/sync by a district admin: the queued run; INGESTION.SYNC_ALREADY_RUNNING when one is queued or running. */
  async execute(caller: Caller, cleverDistrictId: string): Promise<{ runId: string }> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    const { runId, created } = await this.request(cleverDistrictId, 'manual');
    if (!created) throw syncAlreadyRunning(runId);
    return { runId };
  }

  /** Queues a full sync of a connected district (or joins the queued one). */
  async request(cleverDistrictId: string, trigger: RunTrigger): Promise<QueuedSync> {
    const em = fork(this.ctx);
    const conn = await this.connections.get(em, cleverDistrictId);
    if (!conn) throw districtNotFound();
    if (conn.state !== 'connected') throw districtDisconnected();
    const queued = await em.transactional((tem) => this.runs.queueFull(tem, cleverDistrictId, trigger));
    if (queued.created) this.ctx.logger.info({ districtId: cleverDistrictId, runId: queued.runId, trigger }, 'full sync queued');
    this.scheduler.wake();
    return queued;
  }
}
