import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canAdministerSchool, requireStaff, type Caller } from '@roster/authz';
import { counter, metricName } from '@roster/observability';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentStartedEvent } from '../../common/enrollment-events';
import { decideEnrollment, overrideAllowed, type EnrollmentDecision } from '../../domain/enrollment-rules';
import { classArchived, overrideNotAllowed } from '../../domain/errors';
import { AuditRepository } from '../../persistence/audit.repository';
import { classInScope } from '../../common/class-in-scope';
import { ClassesRepository } from '../../persistence/classes.repository';
import { DistrictSettingsRepository } from '../../persistence/district-settings.repository';
import { EnrollmentsRepository } from '../../persistence/enrollments.repository';
import { LocksRepository } from '../../persistence/locks.repository';
import { SchoolYearsRepository } from '../../persistence/school-years.repository';

export interface EnrollStudentsInput {
  studentIds: string[];
  override: boolean;
}

export interface EnrollResponse {
  results: { studentId: string; outcome: 'enrolled' | 'rejected'; code?: string; warnings: { code: string; detail: string }[] }[];
  enrolled: number;
  rejected: number;
}

const enrollments = counter(metricName('classes', 'enrollment_requests_total'), 'Students in bulk-enroll requests, by outcome.', ['outcome']);

/**
 * Bulk enroll (up to 500 students, one result each). The rules are decided from one set-based query;
 * accepted students are inserted, published and audited with one statement each.
 */
@Injectable()
export class EnrollStudentsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(DistrictSettingsRepository) private readonly settings: DistrictSettingsRepository,
    @Inject(EnrollmentsRepository) private readonly enrollments: EnrollmentsRepository,
    @Inject(LocksRepository) private readonly locks: LocksRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(SchoolYearsRepository) private readonly years: SchoolYearsRepository,
  ) {}

  async execute(caller: Caller, classId: string, input: EnrollStudentsInput): Promise<EnrollResponse> {
    const p = requireStaff(caller);
    const studentIds = [...new Set(input.studentIds)];
    const actor = actorOf(p);
    const decisions = await this.ctx.orm.em.fork().transactional(async (em) => {
      await this.locks.shareLockAccounts(em, studentIds);
      // Locked: enrollments into one class serialise.
      const cls = await classInScope(this.classes, em, p, classId, true);
      if (!overrideAllowed(input.override, canAdministerSchool(p, cls.districtId, cls.schoolId))) throw overrideNotAllowed();
      if (cls.status === 'archived') throw classArchived();
      const { placementRequired } = await this.settings.read(em, cls.districtId);
      const policy = { classCourseId: cls.courseId, placementRequired, override: input.override };
      let candidates = await this.enrollments.candidates(em, cls, studentIds);
      if ((await this.years.placementValidity(em, cls.districtId)) === 'current_school_year') {
        // Only a placement tested in the current school year counts: an older one is as good as none.
        const year = await this.years.currentOrDefault(em, cls.districtId, new Date());
        const stale = await this.years.placedBefore(em, studentIds, year.startsOn);
        candidates = candidates.map((c) => (stale.has(c.studentId) ? { ...c, recommendedCourseId: null } : c));
      }
      const decided: EnrollmentDecision[] = candidates.map((c) => decideEnrollment(c, policy));
      const accepted = decided.filter((d) => d.outcome === 'enrolled').map((d) => ({ id: randomUUID(), studentId: d.studentId }));
      const inserted = await this.enrollments.insertMany(em, cls, accepted, actor);
      if (inserted.length < accepted.length) {
        // A concurrent enrollment of the same student won the partial unique index.
        const done = new Set(inserted.map((e) => e.studentId));
        for (const d of decided) {
          if (d.outcome === 'enrolled' && !done.has(d.studentId)) Object.assign(d, { outcome: 'rejected', code: 'CLASSES.ALREADY_ENROLLED', warnings: [] });
        }
      }
      if (inserted.length > 0) {
        await this.ctx.outbox.addMany(em, inserted.map(enrollmentStartedEvent));
        await this.audit.write(em, inserted.map((e) => enrollmentAudit(e, 'enrollment.started', actor)));
      }
      return decided;
    });
    const enrolled = decisions.filter((d) => d.outcome === 'enrolled').length;
    enrollments.inc({ outcome: 'enrolled' }, enrolled);
    enrollments.inc({ outcome: 'rejected' }, decisions.length - enrolled);
    this.ctx.logger.info({ classId, requested: studentIds.length, enrolled, override: input.override, actorId: actor.id }, 'students enrolled');
    return {
      results: decisions.map((d) => ({ studentId: d.studentId, outcome: d.outcome, ...(d.code ? { code: d.code } : {}), warnings: d.warnings })),
      enrolled,
      rejected: decisions.length - enrolled,
    };
  }
}
