import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { enforce, operatorCaller, type Caller } from '@roster/authz';
import { Events } from '@roster/contracts';
import { parseInput } from '@roster/problems';
import { districtBusy, districtNotFound } from '../../common/errors';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { PurgedTokensRepository } from '../../persistence/purged-tokens.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { PurgeDistrictRepository } from './purge-district.repository';
import { PURGING_SERVICES, purgeDistrictRequestSchema, type PurgeDistrictAccepted } from './purge-district.schema';

/**
 * A platform operator asks to purge a district (issue 16, docs/privacy.md): the district is disconnected
 * (no poll, no scheduled or queued sync runs it again), and `roster.district.purge-requested` goes out in
 * the same transaction; every service, this one included (DistrictPurgeConsumer), deletes its rows on it
 * and confirms. A dry run changes nothing here and asks every service for its counts only.
 */
@Injectable()
export class RequestPurgeHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(PurgeDistrictRepository) private readonly purges: PurgeDistrictRepository,
    @Inject(PurgedTokensRepository) private readonly purgedTokens: PurgedTokensRepository,
  ) {}

  async execute(caller: Caller, cleverDistrictId: string, body: unknown): Promise<PurgeDistrictAccepted> {
    enforce(operatorCaller(caller));
    const { dryRun } = parseInput(purgeDistrictRequestSchema, body ?? {});
    const purgeId = randomUUID();
    const requestedAt = new Date().toISOString();
    const requestedBy = caller.kind === 'operator' ? caller.name : 'unknown';
    // Not while a sync of the district runs (409, try again): its events would reach the services after the purge.
    // Once disconnected under the lock, no run or poll of the district starts again.
    const { locks } = this.ctx;
    if (!dryRun && !(await locks.acquireWithin(cleverDistrictId, 10_000))) throw districtBusy();
    try {
      await this.request(cleverDistrictId, { purgeId, dryRun, requestedAt, requestedBy });
    } finally {
      if (!dryRun) await locks.release(cleverDistrictId);
    }
    if (!dryRun) this.ctx.clever.forget(cleverDistrictId, 'token_revoked');
    this.ctx.logger.warn({ purgeId, districtId: cleverDistrictId, dryRun, requestedBy }, 'district purge requested');
    return { purgeId, cleverDistrictId, dryRun, requestedAt, services: [...PURGING_SERVICES] };
  }

  private async request(cleverDistrictId: string, p: { purgeId: string; dryRun: boolean; requestedAt: string; requestedBy: string }): Promise<void> {
    const { purgeId, dryRun, requestedAt, requestedBy } = p;
    await fork(this.ctx).transactional(async (em) => {
      if (!(await this.purges.exists(em, cleverDistrictId))) throw districtNotFound();
      if (!dryRun) {
        await this.connections.disconnect(em, cleverDistrictId, 'purge_requested');
        await this.runs.failWhere(em, cleverDistrictId, { status: 'queued' }, 'DISTRICT_PURGED', 'the district is being purged');
        // Remembered in the database, not only in this process's memory: token discovery skips the token on
        // every replica and after restarts (purged_token; the purge consumer records it too).
        const fingerprint = this.ctx.clever.fingerprint(cleverDistrictId);
        if (fingerprint) await this.purgedTokens.add(em, fingerprint, purgeId);
      }
      const runIds = await this.purges.runIds(em, cleverDistrictId);
      await this.ctx.outbox.add(em, Events.districtPurgeRequested, {
        id: `purge:${purgeId}:requested`,
        subject: purgeId,
        districtId: cleverDistrictId,
        version: 1,
        data: { purgeId, cleverDistrictId, dryRun, requestedAt, requestedBy, runIds },
      });
    });
  }
}
