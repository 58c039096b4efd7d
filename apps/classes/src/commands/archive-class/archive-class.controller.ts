import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { actorOf, requireClassAccess, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { classEvent, findClass, loadClassView, type ClassView } from '../../common/classes.repository';
import { uuidParam } from '../../common/params';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { enrollmentAudit, enrollmentEndedEvent } from '../../common/enrollment-events';
import { classNotFound } from '../../common/problems';
import { archiveClass, endClassEnrollments } from './archive-class.repository';

/** POST /internal/v1/classes/:id/archive — the class is kept, archived; its active enrollments end (`class_archived`). */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ArchiveClassController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Post('classes/:id/archive')
  @HttpCode(200)
  async archive(@CurrentCaller() caller: Caller, @Param('id') idParam: string): Promise<ClassView> {
    const p = staffCaller(caller);
    const id = uuidParam(idParam, 'id');
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const cls = await findClass(em, id, true);
      if (!cls) throw classNotFound();
      requireClassAccess(p, cls, cls.teacher_ids);
      if (cls.status === 'active') {
        const version = cls.version + 1;
        await archiveClass(em, cls.id, version);
        const ended = await endClassEnrollments(em, cls.id, actor);
        await this.ctx.outbox.addMany(em, [classEvent('archived', { ...cls, status: 'archived', version }, actor), ...ended.map(enrollmentEndedEvent)]);
        await writeAudit(em, [
          { districtId: cls.district_id, schoolId: cls.school_id, actor, action: 'class.archived', targetType: 'class', targetId: cls.id, details: { endedEnrollments: ended.length } },
          ...ended.map((e) => enrollmentAudit(e, 'enrollment.ended', actor)),
        ]);
        this.ctx.logger.info({ classId: cls.id, endedEnrollments: ended.length, actorId: actor.id }, 'class archived');
      }
      return (await loadClassView(em, cls.id))!;
    });
  }
}
