import { Inject, Injectable } from '@nestjs/common';
import { enforce, notFoundError, requireStaff, schoolAccess, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { AvailableStudentsRepository, type AvailablePosition, type AvailableStudent } from './available-students.repository';

export interface AvailableStudentsInput {
  grade?: string;
  placement?: string;
  q?: string;
  after?: AvailablePosition;
  limit: number;
}

/** The school's available students (staff of the school; district admins of its district). */
@Injectable()
export class AvailableStudentsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolsRepository) private readonly schools: SchoolsRepository,
    @Inject(AvailableStudentsRepository) private readonly available: AvailableStudentsRepository,
  ) {}

  async execute(caller: Caller, schoolId: string, q: AvailableStudentsInput): Promise<Page<AvailableStudent>> {
    const p = requireStaff(caller);
    const em = this.ctx.orm.em.fork();
    const school = await this.schools.find(em, schoolId);
    if (!school) throw notFoundError('school');
    enforce(schoolAccess(p, { schoolId, districtId: school.districtId }));
    const rows = await this.available.list(em, { schoolId, grade: q.grade, placement: q.placement, q: q.q || undefined, after: q.after, limit: q.limit });
    return pageOf(rows, q.limit, (r) => r.student, (r) => r.position);
  }
}
