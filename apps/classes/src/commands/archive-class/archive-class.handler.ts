import { Inject, Injectable } from '@nestjs/common';
import { requireStaff, type Caller } from '@roster/authz';
import { classEvent } from '../../common/class-events';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { AuditRepository } from '../../persistence/audit.repository';
import { classInScope } from '../../common/class-in-scope';
import { ClassesRepository, type ClassView } from '../../persistence/classes.repository';
import { EnrollmentsRepository } from '../../persistence/enrollments.repository';

/** Archives a class (kept, never deleted); its active enrollments end (`class_archived`). Archiving twice is a no-op. */
@Injectable()
export class ArchiveClassHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(EnrollmentsRepository) private readonly enrollments: EnrollmentsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, id: string): Promise<ClassView> {
    const p = requireStaff(caller);
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const cls = await classInScope(this.classes, em, p, id, true);
      if (cls.status === 'active') {
        const version = cls.version + 1;
        await this.classes.archive(em, cls.id, version);
        const ended = await this.enrollments.endAllOfClass(em, cls.id, actor);
        await this.ctx.outbox.addMany(em, [classEvent('archived', { ...cls, status: 'archived', version }, actor), ...ended.map(enrollmentEndedEvent)]);
        await this.audit.write(em, [
          { districtId: cls.districtId, schoolId: cls.schoolId, actor, action: 'class.archived', targetType: 'class', targetId: cls.id, details: { endedEnrollments: ended.length } },
          ...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', actor)),
        ]);
        this.ctx.logger.info({ classId: cls.id, endedEnrollments: ended.length, actorId: actor.id }, 'class archived');
      }
      return (await this.classes.view(em, cls.id))!;
    });
  }
}
