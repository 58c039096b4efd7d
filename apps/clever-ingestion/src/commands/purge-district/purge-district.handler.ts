import { Inject, Injectable } from '@nestjs/common';
import { Events, type DistrictPurgeRequested, type Envelope } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { INGESTION_SERVICE_NAME } from './service-name';
import { PurgeDistrictRepository } from './purge-district.repository';
import { PurgedTokensRepository } from '../../persistence/purged-tokens.repository';

/** How long a purge waits for a running sync of the district to finish before it is retried. */
const LOCK_WAIT_MS = 30_000;

/**
 * clever-ingestion's part of a district purge, in the inbox's transaction: deletes (or, dry run, counts)
 * every row of the district — connection, runs, rejections, shadow index, its outbox rows and its inbox
 * rows — and confirms with `roster.district.purged` (the purge id and per-table counts; no district id, so
 * the confirmation left in the outbox holds no trace of the district). Holds the district's sync lock so
 * no run writes while the rows go. Idempotent: a repeat finds nothing and confirms zeros.
 */
@Injectable()
export class PurgeDistrictHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(PurgeDistrictRepository) private readonly purges: PurgeDistrictRepository,
    @Inject(PurgedTokensRepository) private readonly purgedTokens: PurgedTokensRepository,
  ) {}

  async execute(em: EntityManager, event: Envelope<DistrictPurgeRequested>): Promise<void> {
    const { purgeId, cleverDistrictId, dryRun, runIds } = event.data;
    const { locks, logger, outbox, clever } = this.ctx;
    const startedAt = new Date().toISOString();
    if (!dryRun && !(await locks.acquireWithin(cleverDistrictId, LOCK_WAIT_MS))) throw new Error(`district purge ${purgeId}: a sync of the district is still running`);
    try {
      if (!dryRun) {
        const fingerprint = clever.fingerprint(cleverDistrictId);
        if (fingerprint) await this.purgedTokens.add(em, fingerprint, purgeId);
        clever.forget(cleverDistrictId, 'token_revoked');
      }
      const keys = await this.purges.keys(em, cleverDistrictId, runIds);
      const tables = await this.purges.purge(em, keys, dryRun);
      await outbox.add(em, Events.ingestionDistrictPurged, {
        id: `purge:${purgeId}:${INGESTION_SERVICE_NAME}`,
        subject: purgeId,
        districtId: purgeId,
        version: 1,
        data: { purgeId, service: INGESTION_SERVICE_NAME, dryRun, startedAt, finishedAt: new Date().toISOString(), tables },
      });
      logger.warn({ purgeId, dryRun, rows: tables.reduce((n, t) => n + t.rows, 0) }, dryRun ? 'district purge counted (dry run)' : 'district purged');
    } finally {
      if (!dryRun) await locks.release(cleverDistrictId);
    }
  }
}
