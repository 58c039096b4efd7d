import { Inject, Injectable } from '@nestjs/common';
import { Events, type DistrictPurgeRequested, type Envelope } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { PurgeDistrictRepository } from './purge-district.repository';

const SERVICE = 'classes';

/**
 * classes' part of a district purge (issue 16, docs/privacy.md), in the inbox's transaction: deletes (or,
 * dry run, counts) the district's classes, teachers, enrollments, placements, audit entries, identity
 * projections, sections, settings, every row of later tables keyed by them, classes' outbox rows of the
 * district and its processed-message rows naming them; confirms with `classes.district.purged` (the purge
 * id and per-table counts; no district id). A repeat finds nothing and confirms zeros.
 */
@Injectable()
export class PurgeDistrictHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(PurgeDistrictRepository) private readonly purges: PurgeDistrictRepository,
  ) {}

  async execute(em: EntityManager, event: Envelope<DistrictPurgeRequested>): Promise<void> {
    const { purgeId, cleverDistrictId, dryRun, runIds } = event.data;
    const startedAt = new Date().toISOString();
    const keys = await this.purges.keys(em, cleverDistrictId, runIds);
    const tables = await this.purges.purge(em, keys, dryRun);
    await this.ctx.outbox.add(em, Events.classesDistrictPurged, {
      id: `purge:${purgeId}:${SERVICE}`,
      subject: purgeId,
      districtId: purgeId,
      version: 1,
      data: { purgeId, service: SERVICE, dryRun, startedAt, finishedAt: new Date().toISOString(), tables },
    });
    this.ctx.logger.warn({ purgeId, dryRun, rows: tables.reduce((n, t) => n + t.rows, 0) }, dryRun ? 'district purge counted (dry run)' : 'district purged');
  }
}
