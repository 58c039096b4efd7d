import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, notFoundError, requireStaff, schoolAccess, type Caller } from '@roster/authz';
import { AFTER_DAYS, type NeverEnrolledStudentBody, type SharingHealthBody } from '@roster/internal-api';
import { invalid, pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { SharingHealthRepository, type NeverEnrolledPosition } from './sharing-health.repository';

export const AFTER_DAYS_OUT_OF_RANGE = 'CLASSES.AFTER_DAYS_OUT_OF_RANGE';

function checkAfterDays(afterDays: number): void {
  if (!Number.isInteger(afterDays) || afterDays < AFTER_DAYS.min || afterDays > AFTER_DAYS.max) {
    throw invalid(AFTER_DAYS_OUT_OF_RANGE, `afterDays must be a whole number of days from ${AFTER_DAYS.min} to ${AFTER_DAYS.max}`, { afterDays });
  }
}

/**
 * Sharing health of a district, for its district admins: how many of the users the district shares the
 * program actually uses — counts only, never names in the summary; the never-enrolled students are a
 * separate, paged drill-down.
 */
@Injectable()
export class SharingHealthHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolsRepository) private readonly schools: SchoolsRepository,
    @Inject(SharingHealthRepository) private readonly health: SharingHealthRepository,
  ) {}

  async summary(caller: Caller, districtId: string, afterDays: number): Promise<SharingHealthBody> {
    enforce(districtAccess(requireStaff(caller), districtId, 'admin'));
    checkAfterDays(afterDays);
    const { district, schools } = await this.health.counts(this.ctx.orm.em.fork(), districtId, afterDays);
    return { districtId, afterDays, district, schools };
  }

  async neverEnrolled(
    caller: Caller,
    districtId: string,
    q: { afterDays: number; schoolId?: string; after?: NeverEnrolledPosition; limit: number },
  ): Promise<Page<NeverEnrolledStudentBody>> {
    const p = requireStaff(caller);
    enforce(districtAccess(p, districtId, 'admin'));
    checkAfterDays(q.afterDays);
    const em = this.ctx.orm.em.fork();
    if (q.schoolId !== undefined) {
      const school = await this.schools.find(em, q.schoolId);
      if (!school) throw notFoundError('school');
      enforce(schoolAccess(p, { schoolId: q.schoolId, districtId: school.districtId }));
    }
    const rows = await this.health.neverEnrolled(em, { districtId, schoolId: q.schoolId, afterDays: q.afterDays, after: q.after, limit: q.limit });
    return pageOf(rows, q.limit, (r) => r.student, (r) => r.position);
  }
}
