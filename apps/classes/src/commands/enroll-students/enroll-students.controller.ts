import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { canAdministerSchool, type Caller } from '@roster/authz';
import { forbidden, parseInput } from '@roster/problems';
import { counter, metricName } from '@roster/observability';
import { actorOf, requireClassAccess, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { shareLockAccounts } from '../../common/locks.repository';
import { enrollmentAudit, enrollmentStartedEvent } from '../../common/enrollment-events';
import { uuidParam } from '../../common/params';
import { classArchived, classNotFound } from '../../common/problems';
import { decideEnrollment, overrideAllowed, type EnrollmentDecision } from '../../domain/enrollment-rules';
import { enrollmentCandidates, insertEnrollments, lockClassForEnrollment } from './enroll-students.repository';

const enrollBody = z.object({
  studentIds: z.array(z.uuid()).min(1).max(500),
  override: z.boolean().optional().default(false),
});

export interface EnrollResponse {
  results: { studentId: string; outcome: 'enrolled' | 'rejected'; code?: string; warnings: { code: string; detail: string }[] }[];
  enrolled: number;
  rejected: number;
}

const enrollments = counter(metricName('classes', 'enrollment_requests_total'), 'Students in bulk-enroll requests, by outcome.', ['outcome']);

/**
 * POST /internal/v1/classes/:id/enrollments — up to 500 students, one result each. The rules are decided
 * from one set-based query; accepted students are inserted, published and audited with one statement each.
 */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class EnrollStudentsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Post('classes/:id/enrollments')
  @HttpCode(200)
  async enroll(@CurrentCaller() caller: Caller, @Param('id') idParam: string, @Body() body: unknown): Promise<EnrollResponse> {
    const p = staffCaller(caller);
    const classId = uuidParam(idParam, 'id');
    const input = parseInput(enrollBody, body);
    const studentIds = [...new Set(input.studentIds)];
    const actor = actorOf(p);
    const decisions = await this.ctx.orm.em.fork().transactional(async (em) => {
      await shareLockAccounts(em, studentIds);
      const cls = await lockClassForEnrollment(em, classId);
      if (!cls) throw classNotFound();
      requireClassAccess(p, cls, cls.teacher_ids);
      if (!overrideAllowed(input.override, canAdministerSchool(p, cls.district_id, cls.school_id))) {
        throw forbidden('OVERRIDE_NOT_ALLOWED', 'only district admins and admins of the school may enroll without a placement');
      }
      if (cls.status === 'archived') throw classArchived();
      const policy = { classCourseId: cls.course_id, placementRequired: cls.placement_required, override: input.override };
      const decided: EnrollmentDecision[] = (await enrollmentCandidates(em, cls, studentIds)).map((c) => decideEnrollment(c, policy));
      const accepted = decided.filter((d) => d.outcome === 'enrolled').map((d) => ({ id: randomUUID(), studentId: d.studentId }));
      const inserted = await insertEnrollments(em, cls, accepted, actor);
      if (inserted.length < accepted.length) {
        const done = new Set(inserted.map((r) => r.student_id));
        for (const d of decided) {
          if (d.outcome === 'enrolled' && !done.has(d.studentId)) Object.assign(d, { outcome: 'rejected', code: 'ALREADY_ENROLLED', warnings: [] });
        }
      }
      if (inserted.length > 0) {
        await this.ctx.outbox.addMany(em, inserted.map(enrollmentStartedEvent));
        await writeAudit(em, inserted.map((r) => enrollmentAudit(r, 'enrollment.started', actor)));
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
