import { Inject, Injectable } from '@nestjs/common';
import { Events, type DistrictPurgeRequested, type Envelope } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { PurgeDistrictRepository } from './purge-district.repository';

const SERVICE = 'identity';

/**
 * identity's part of a district purge (issue 16, docs/privacy.md), in the inbox's transaction: deletes (or,
 * dry run, counts) the district, its schools and accounts, their sessions' revocations, every row of later
 * tables keyed by them, identity's outbox rows of the district and its processed-message rows naming them;
 * confirms with `identity.district.purged` (the purge id and per-table counts; no district id). A repeat
 * finds nothing and confirms zeros.
 */
@Injectable()
export class PurgeDistrictHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    @Inject(PurgeDistrictRepository) private readonly purges: PurgeDistrictRepository,
  ) {}

  async execute(em: EntityManager, event: Envelope<DistrictPurgeRequested>): Promise<void> {
    const { purgeId, cleverDistrictId, dryRun, runIds } = event.data;
    const startedAt = new Date().toISOString();
    const keys = await this.purges.keys(em, cleverDistrictId, runIds);
    const tables = await this.purges.purge(em, keys, dryRun);
    await this.ctx.outbox.add(em, Events.identityDistrictPurged, {
      id: `purge:${purgeId}:${SERVICE}`,
      subject: purgeId,
      districtId: purgeId,
      version: 1,
      data: { purgeId, service: SERVICE, dryRun, startedAt, finishedAt: new Date().toISOString(), tables },
    });
    this.ctx.logger.warn({ purgeId, dryRun, rows: tables.reduce((n, t) => n + t.rows, 0) }, dryRun ? 'district purge counted (dry run)' : 'district purged');
  }
}
