import { Inject, Injectable } from '@nestjs/common';
import { requireStaff, type Caller } from '@roster/authz';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { enrollmentNotFound } from '../../domain/errors';
import { AuditRepository } from '../../persistence/audit.repository';
import { classInScope } from '../../common/class-in-scope';
import { ClassesRepository } from '../../persistence/classes.repository';
import { EnrollmentsRepository } from '../../persistence/enrollments.repository';

/** Ends a student's active enrollment in a class (`unenrolled`); the row stays as history. */
@Injectable()
export class UnenrollStudentHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(EnrollmentsRepository) private readonly enrollments: EnrollmentsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, classId: string, studentId: string): Promise<void> {
    const p = requireStaff(caller);
    const actor = actorOf(p);
    await this.ctx.orm.em.fork().transactional(async (em) => {
      await classInScope(this.classes, em, p, classId, true);
      const ended = await this.enrollments.endOne(em, classId, studentId, actor);
      if (!ended) throw enrollmentNotFound();
      await this.ctx.outbox.addMany(em, [enrollmentEndedEvent(ended)]);
      await this.audit.write(em, [enrollmentAudit(ended, 'enrollment.ended', actor)]);
    });
    this.ctx.logger.info({ classId, studentId, actorId: actor.id }, 'student unenrolled');
  }
}
