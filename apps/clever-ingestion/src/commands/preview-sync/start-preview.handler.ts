import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@roster/authz';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtDisconnected, districtNotFound, syncAlreadyRunning } from '../../common/errors';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { SyncScheduler } from '../../runtime/scheduler';

/**
 * "Preview changes": queues a preview run of the district (PreviewSyncHandler runs it in the consumer's
 * scheduler). At most one preview per district is queued or running; a real run queued or running beside it
 * is fine — the district's lock serializes the two.
 */
@Injectable()
export class StartPreviewHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(SyncScheduler) private readonly scheduler: SyncScheduler,
  ) {}

  /** POST …/sync/preview by a district admin: the queued preview; 409 INGESTION.SYNC_ALREADY_RUNNING when one is queued or running. */
  async execute(caller: Caller, cleverDistrictId: string): Promise<{ runId: string }> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    const { runId, created } = await this.request(cleverDistrictId);
    if (!created) throw syncAlreadyRunning(runId);
    return { runId };
  }

  /** Queues a preview of a connected district (or answers the queued one, `created: false`). */
  async request(cleverDistrictId: string): Promise<{ runId: string; created: boolean }> {
    const em = fork(this.ctx);
    const conn = await this.connections.get(em, cleverDistrictId);
    if (!conn) throw districtNotFound();
    if (conn.state !== 'connected') throw districtDisconnected();
    const queued = await em.transactional((tem) => this.runs.queuePreview(tem, cleverDistrictId));
    if (queued.created) this.ctx.logger.info({ districtId: cleverDistrictId, runId: queued.runId }, 'sync preview queued');
    this.scheduler.wake();
    return queued;
  }
}
