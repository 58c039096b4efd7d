import { Inject, Injectable } from '@nestjs/common';
import { enforce, notFoundError, requireStaff, schoolAccess, type Caller } from '@roster/authz';
import type { SectionBody } from '@roster/internal-api';
import { pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { SectionLookupRepository } from '../../persistence/sections.repository';
import { SchoolSectionsRepository, type SectionPosition } from './sections.repository';

export interface SectionsInput {
  mine: boolean;
  after?: SectionPosition;
  limit: number;
}

/** The school's Clever sections with student counts; the caller's own first, or only theirs (`mine`). */
@Injectable()
export class SectionsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(SchoolsRepository) private readonly schools: SchoolsRepository,
    @Inject(SchoolSectionsRepository) private readonly sections: SchoolSectionsRepository,
    @Inject(SectionLookupRepository) private readonly lookup: SectionLookupRepository,
  ) {}

  async execute(caller: Caller, schoolId: string, q: SectionsInput): Promise<Page<SectionBody>> {
    const p = requireStaff(caller);
    const em = this.ctx.orm.em.fork();
    const school = await this.schools.find(em, schoolId);
    if (!school) throw notFoundError('school');
    enforce(schoolAccess(p, { schoolId, districtId: school.districtId }));
    const callerCleverId = await this.lookup.cleverIdOf(em, p.accountId);
    const rows = await this.sections.list(em, { schoolId, callerCleverId, mineOnly: q.mine, after: q.after, limit: q.limit });
    return pageOf(rows, q.limit, (r) => r.section, (r) => r.position);
  }
}
