import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { actorOf, requireClassAccess, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { classEvent, findClass, loadClassView, teachersNotInSchool, type ClassView } from '../../common/classes.repository';
import { uuidParam } from '../../common/params';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { shareLockAccounts } from '../../common/locks.repository';
import { classArchived, classNotFound, requireKnownCourse, teachersNotInSchoolProblem } from '../../common/problems';
import { applyClassPatch } from '../../domain/class-rules';
import { saveClassChange } from './update-class.repository';

const updateClassBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    courseId: z.string().min(1).max(100).nullable().optional(),
    addTeacherIds: z.array(z.uuid()).max(100).optional(),
    removeTeacherIds: z.array(z.uuid()).max(100).optional(),
  })
  .refine((b) => !(b.addTeacherIds ?? []).some((id) => (b.removeTeacherIds ?? []).includes(id)), {
    message: 'a teacher cannot be both added and removed',
    path: ['removeTeacherIds'],
  });

/** PATCH /internal/v1/classes/:id — rename, set or clear the course, add and remove teachers. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateClassController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Patch('classes/:id')
  async update(@CurrentCaller() caller: Caller, @Param('id') idParam: string, @Body() body: unknown): Promise<ClassView> {
    const p = staffCaller(caller);
    const id = uuidParam(idParam, 'id');
    const patch = parseInput(updateClassBody, body);
    requireKnownCourse(this.ctx.catalog, patch.courseId);
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      await shareLockAccounts(em, patch.addTeacherIds ?? []);
      const cls = await findClass(em, id, true);
      if (!cls) throw classNotFound();
      requireClassAccess(p, cls, cls.teacher_ids);
      if (cls.status === 'archived') throw classArchived();
      const { next, changed, added, removed } = applyClassPatch(
        { name: cls.name, courseId: cls.course_id, teacherIds: cls.teacher_ids, needsTeacher: cls.needs_teacher },
        patch,
      );
      if (changed.length > 0) {
        const invalid = await teachersNotInSchool(em, cls.school_id, added);
        if (invalid.length > 0) throw teachersNotInSchoolProblem(invalid);
        const version = cls.version + 1;
        await saveClassChange(em, cls.id, { ...next, version }, added, removed);
        const row = { ...cls, name: next.name, course_id: next.courseId, teacher_ids: next.teacherIds, needs_teacher: next.needsTeacher, version };
        await this.ctx.outbox.addMany(em, [classEvent('updated', row, actor, changed)]);
        await writeAudit(em, [
          {
            districtId: cls.district_id,
            schoolId: cls.school_id,
            actor,
            action: 'class.updated',
            targetType: 'class',
            targetId: cls.id,
            details: { changed, courseId: next.courseId, addedTeacherIds: added, removedTeacherIds: removed, needsTeacher: next.needsTeacher },
          },
        ]);
        this.ctx.logger.info({ classId: cls.id, changed, actorId: actor.id }, 'class updated');
      }
      return (await loadClassView(em, cls.id))!;
    });
  }
}
