import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canAdministerSchool, enforce, notFoundError, requireStaff, schoolAccess, type Caller } from '@roster/authz';
import { classEvent } from '../../common/class-events';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { initialTeachers, needsTeacher } from '../../domain/class-rules';
import { requireKnownCourse, schoolRemoved, teachersNotInSchool } from '../../domain/errors';
import { AuditRepository } from '../../persistence/audit.repository';
import { ClassesRepository, type ClassView } from '../../persistence/classes.repository';
import { LocksRepository } from '../../persistence/locks.repository';
import { SchoolsRepository } from '../../persistence/schools.repository';

export interface CreateClassInput {
  schoolId: string;
  name: string;
  courseId?: string | null;
  teacherIds?: string[];
}

/**
 * Creates a class: admins of the school, or a teacher of the school (who becomes a teacher of it); an
 * admin names the teachers (none: `needsTeacher`). Publishes `classes.class.created`, audits `class.created`.
 */
@Injectable()
export class CreateClassHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(SchoolsRepository) private readonly schools: SchoolsRepository,
    @Inject(LocksRepository) private readonly locks: LocksRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, input: CreateClassInput): Promise<ClassView> {
    const p = requireStaff(caller);
    requireKnownCourse(this.ctx.catalog, input.courseId);
    const actor = actorOf(p);
    const view = await this.ctx.orm.em.fork().transactional(async (em) => {
      const requested = [...new Set(input.teacherIds ?? [])];
      await this.locks.shareLockAccounts(em, [...requested, p.accountId]);
      const school = await this.schools.find(em, input.schoolId);
      if (!school) throw notFoundError('school');
      enforce(schoolAccess(p, { schoolId: school.id, districtId: school.districtId }));
      if (school.status !== 'active') throw schoolRemoved();
      const invalid = await this.classes.teachersNotInSchool(em, school.id, requested);
      if (invalid.length > 0) throw teachersNotInSchool(invalid);
      // A teacher who creates a class teaches it; an admin names the teachers (or none yet: needs_teacher).
      const admin = canAdministerSchool(p, school.districtId, school.id);
      const teacherIds = initialTeachers(requested, admin ? undefined : p.accountId);
      const cls = {
        id: randomUUID(),
        districtId: school.districtId,
        schoolId: school.id,
        name: input.name,
        courseId: input.courseId ?? null,
        teacherIds,
        needsTeacher: needsTeacher(teacherIds),
      };
      await this.classes.insert(em, cls, actor);
      await this.ctx.outbox.addMany(em, [classEvent('created', { ...cls, status: 'active', version: 1 }, actor)]);
      await this.audit.write(em, [
        { districtId: cls.districtId, schoolId: cls.schoolId, actor, action: 'class.created', targetType: 'class', targetId: cls.id, details: { courseId: cls.courseId, teacherIds } },
      ]);
      return (await this.classes.view(em, cls.id))!;
    });
    this.ctx.logger.info({ classId: view.id, schoolId: view.schoolId, actorId: actor.id }, 'class created');
    return view;
  }
}
