import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, notFoundError, requireStaff, schoolAccess, staffSchoolIds, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { schoolView, type SchoolView } from '../views';

/** School look-ups of the internal API: district admins see every school of their district, other staff their own. */
@Injectable()
export class SchoolsHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly schools: SchoolsRepository,
  ) {}

  /** A district's schools by name (removed schools are listed with their status; placeholders never). */
  async list(caller: Caller, districtId: string, input: { after?: [string, string]; limit: number }): Promise<Page<SchoolView>> {
    const principal = requireStaff(caller);
    enforce(districtAccess(principal, districtId));
    const rows = await this.schools.page(this.ctx.orm.em.fork(), { districtId, scope: staffSchoolIds(principal), ...input });
    return pageOf(rows, input.limit, (r) => schoolView(r.school), (r) => r.sortKey);
  }

  async get(caller: Caller, id: string): Promise<SchoolView> {
    const principal = requireStaff(caller);
    const school = isUuid(id) ? await this.schools.findById(this.ctx.orm.em.fork(), id) : undefined;
    if (!school) throw notFoundError('school');
    enforce(schoolAccess(principal, { schoolId: school.schoolId, districtId: school.districtId }));
    return schoolView(school);
  }
}
