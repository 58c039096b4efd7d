import { Inject, Injectable } from '@nestjs/common';
import { enforce, notFoundError, requireStaff, schoolAccess, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import type { EntityManager } from '@roster/persistence';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { SectionLookupRepository } from '../../persistence/sections.repository';
import { sectionNotFound } from '../sections/section-errors';
import { AvailableStudentsRepository, type AvailablePosition, type AvailableStudent } from './available-students.repository';

export interface AvailableStudentsInput {
  grade?: string;
  placement?: string;
  q?: string;
  /** A section id of the school, or `mine`. */
  sectionId?: string;
  after?: AvailablePosition;
  limit: number;
}

/** The school's available students (staff of the school; district admins of its district), optionally those of one of its sections. */
@Injectable()
export class AvailableStudentsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolsRepository) private readonly schools: SchoolsRepository,
    @Inject(AvailableStudentsRepository) private readonly available: AvailableStudentsRepository,
    @Inject(SectionLookupRepository) private readonly sections: SectionLookupRepository,
  ) {}

  async execute(caller: Caller, schoolId: string, q: AvailableStudentsInput): Promise<Page<AvailableStudent>> {
    const p = requireStaff(caller);
    const em = this.ctx.orm.em.fork();
    const filter = { schoolId, grade: q.grade, placement: q.placement, q: q.q || undefined, after: q.after, limit: q.limit };
    if (q.sectionId === undefined) {
      // The common case in one round trip: the school's district and the page; the page is answered only
      // after the scope check on that district (bench:gateway: one statement instead of an ORM findOne + one).
      // Another district's school gets no page read at all (the repository joins it on the caller's district).
      const found = await this.available.listOfSchool(em, filter, p.districtId);
      if (!found) throw notFoundError('school');
      enforce(schoolAccess(p, { schoolId, districtId: found.districtId }));
      return pageOf(found.items, q.limit, (r) => r.student, (r) => r.position);
    }
    const school = await this.schools.find(em, schoolId);
    if (!school) throw notFoundError('school');
    enforce(schoolAccess(p, { schoolId, districtId: school.districtId }));
    const section = await this.sectionFilter(em, p.accountId, schoolId, q.sectionId);
    const rows = await this.available.list(em, { ...filter, section });
    return pageOf(rows, q.limit, (r) => r.student, (r) => r.position);
  }

  /**
   * `mine`: the caller's sections of the school (a caller unknown to the projection teaches none, so the list
   * is empty); an id: that section, when it is a live section of this school — another school's or
   * district's answers as an unknown one (404), after the school's own scope check.
   */
  private async sectionFilter(em: EntityManager, accountId: string, schoolId: string, sectionId: string | undefined) {
    if (sectionId === undefined) return undefined;
    if (sectionId === 'mine') return { taughtBy: (await this.sections.cleverIdOf(em, accountId)) ?? '' };
    if (!(await this.sections.isSectionOfSchool(em, sectionId, schoolId))) throw sectionNotFound();
    return { id: sectionId };
  }
}
