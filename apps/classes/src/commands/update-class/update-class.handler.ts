import { Inject, Injectable } from '@nestjs/common';
import { requireStaff, type Caller } from '@roster/authz';
import { classEvent } from '../../common/class-events';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { applyClassPatch, type ClassPatch } from '../../domain/class-rules';
import { classArchived, requireKnownCourse, teachersNotInSchool } from '../../domain/errors';
import { AuditRepository } from '../../persistence/audit.repository';
import { classInScope } from '../../common/class-in-scope';
import { ClassesRepository, type ClassView } from '../../persistence/classes.repository';
import { LocksRepository } from '../../persistence/locks.repository';

/**
 * Renames a class, sets or clears its course, adds and removes teachers. A change a consumer can see
 * moves the version on, publishes `classes.class.updated` (with `changed`) and is audited; a PATCH that
 * changes nothing writes nothing.
 */
@Injectable()
export class UpdateClassHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(LocksRepository) private readonly locks: LocksRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, id: string, patch: ClassPatch): Promise<ClassView> {
    const p = requireStaff(caller);
    requireKnownCourse(this.ctx.catalog, patch.courseId);
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      await this.locks.shareLockAccounts(em, patch.addTeacherIds ?? []);
      const cls = await classInScope(this.classes, em, p, id, true);
      if (cls.status === 'archived') throw classArchived();
      const { next, changed, added, removed } = applyClassPatch(cls, patch);
      if (changed.length > 0) {
        const invalid = await this.classes.teachersNotInSchool(em, cls.schoolId, added);
        if (invalid.length > 0) throw teachersNotInSchool(invalid);
        const updated = { ...cls, ...next, version: cls.version + 1 };
        await this.classes.saveChange(em, updated, added, removed);
        await this.ctx.outbox.addMany(em, [classEvent('updated', updated, actor, changed)]);
        await this.audit.write(em, [
          {
            districtId: cls.districtId,
            schoolId: cls.schoolId,
            actor,
            action: 'class.updated',
            targetType: 'class',
            targetId: cls.id,
            details: { changed, courseId: next.courseId, addedTeacherIds: added, removedTeacherIds: removed, needsTeacher: next.needsTeacher },
          },
        ]);
        this.ctx.logger.info({ classId: cls.id, changed, actorId: actor.id }, 'class updated');
      }
      return (await this.classes.view(em, cls.id))!;
    });
  }
}
