import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { canAdministerSchool, type Caller } from '@roster/authz';
import { forbidden, parseInput, ProblemError } from '@roster/problems';
import { actorOf, staffCaller, teachesInSchool } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { classEvent, loadClassView, teachersNotInSchool, type ClassView } from '../../common/classes.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { shareLockAccounts } from '../../common/locks.repository';
import { requireKnownCourse, teachersNotInSchoolProblem } from '../../common/problems';
import { initialTeachers, needsTeacher } from '../../domain/class-rules';
import { findSchoolOfDistrict } from '../../common/schools.repository';
import { insertClass } from './create-class.repository';

const createClassBody = z.object({
  schoolId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  courseId: z.string().min(1).max(100).nullish(),
  teacherIds: z.array(z.uuid()).max(100).optional(),
});

/** POST /internal/v1/classes — admins of the school, or a teacher of the school (who becomes a teacher of it). */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class CreateClassController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Post('classes')
  async create(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<ClassView> {
    const p = staffCaller(caller);
    const input = parseInput(createClassBody, body);
    requireKnownCourse(this.ctx.catalog, input.courseId);
    const actor = actorOf(p);
    const view = await this.ctx.orm.em.fork().transactional(async (em) => {
      const requested = [...new Set(input.teacherIds ?? [])];
      await shareLockAccounts(em, [...requested, p.accountId]);
      const school = await findSchoolOfDistrict(em, input.schoolId, p.districtId);
      const admin = canAdministerSchool(p, school.district_id, school.id);
      if (!admin && !teachesInSchool(p, school.id)) throw forbidden('FORBIDDEN', 'only admins and teachers of the school create classes in it');
      if (school.status !== 'active') throw new ProblemError(409, 'SCHOOL_REMOVED', 'The school is no longer shared');
      const invalid = await teachersNotInSchool(em, school.id, requested);
      if (invalid.length > 0) throw teachersNotInSchoolProblem(invalid);
      // A teacher who creates a class teaches it; an admin names the teachers (or none yet: needs_teacher).
      const teacherIds = initialTeachers(requested, admin ? undefined : p.accountId);
      const row = await insertClass(
        em,
        { id: randomUUID(), districtId: school.district_id, schoolId: school.id, name: input.name, courseId: input.courseId ?? null, teacherIds, needsTeacher: needsTeacher(teacherIds) },
        actor,
      );
      await this.ctx.outbox.addMany(em, [classEvent('created', row, actor)]);
      await writeAudit(em, [
        { districtId: row.district_id, schoolId: row.school_id, actor, action: 'class.created', targetType: 'class', targetId: row.id, details: { courseId: row.course_id, teacherIds } },
      ]);
      return loadClassView(em, row.id);
    });
    this.ctx.logger.info({ classId: view!.id, schoolId: view!.schoolId, actorId: actor.id }, 'class created');
    return view!;
  }
}
