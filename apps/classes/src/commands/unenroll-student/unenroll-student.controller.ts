import { Controller, Delete, HttpCode, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import { actorOf, requireClassAccess, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { findClass } from '../../common/classes.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { uuidParam } from '../../common/params';
import { classNotFound } from '../../common/problems';
import { endEnrollment } from './unenroll-student.repository';

/** DELETE /internal/v1/classes/:id/enrollments/:studentId — 204; 404 ENROLLMENT_NOT_FOUND without an active enrollment. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UnenrollStudentController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Delete('classes/:id/enrollments/:studentId')
  @HttpCode(204)
  async unenroll(@CurrentCaller() caller: Caller, @Param('id') idParam: string, @Param('studentId') studentParam: string): Promise<void> {
    const p = staffCaller(caller);
    const classId = uuidParam(idParam, 'id');
    const studentId = uuidParam(studentParam, 'studentId');
    const actor = actorOf(p);
    await this.ctx.orm.em.fork().transactional(async (em) => {
      const cls = await findClass(em, classId, true);
      if (!cls) throw classNotFound();
      requireClassAccess(p, cls, cls.teacher_ids);
      const ended = await endEnrollment(em, classId, studentId, actor);
      if (!ended) throw new ProblemError(404, 'ENROLLMENT_NOT_FOUND', 'Enrollment not found', 'the student has no active enrollment in this class');
      await this.ctx.outbox.addMany(em, [enrollmentEndedEvent(ended)]);
      await writeAudit(em, [enrollmentAudit(ended, 'enrollment.ended', actor)]);
    });
    this.ctx.logger.info({ classId, studentId, actorId: actor.id }, 'student unenrolled');
  }
}
