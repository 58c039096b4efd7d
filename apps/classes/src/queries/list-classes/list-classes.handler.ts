import { Inject, Injectable } from '@nestjs/common';
import { adminSchoolIds, districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { ClassesRepository, type ClassView } from '../../persistence/classes.repository';

export interface ListClassesInput {
  schoolId?: string;
  status?: 'active' | 'archived';
  after?: { n: string; id: string };
  limit: number;
}

/**
 * A district's classes: district admins every class; school admins the classes of their schools;
 * teachers the classes they teach (a user with both sees both). Sorted by name, id.
 */
@Injectable()
export class ListClassesHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
  ) {}

  async execute(caller: Caller, districtId: string, q: ListClassesInput): Promise<Page<ClassView>> {
    const p = requireStaff(caller);
    enforce(districtAccess(p, districtId));
    const admin = adminSchoolIds(p);
    const rows = await this.classes.list(this.ctx.orm.em.fork(), {
      districtId,
      schoolId: q.schoolId,
      status: q.status,
      scope: admin === 'all' ? 'all' : { schoolIds: admin, teacherId: p.accountId },
      after: q.after && { name: q.after.n, id: q.after.id },
      limit: q.limit,
    });
    return pageOf(rows, q.limit, (v) => v, (v) => ({ n: v.name, id: v.id }));
  }
}
