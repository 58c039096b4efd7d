import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { SchoolsRepository } from '../../persistence/schools.repository';
import { buildSummary, type DistrictSummary } from './district-summary.view';

/** Accounts by role and status, for the district and per school (a school counts the roles held there). District admins only. */
@Injectable()
export class DistrictSummaryHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async summary(caller: Caller, districtId: string): Promise<DistrictSummary> {
    enforce(districtAccess(requireStaff(caller), districtId, 'admin'));
    const em = this.ctx.orm.em.fork();
    const totals = await this.accounts.countByRole(em, districtId);
    const schools = await this.schools.listNamed(em, districtId);
    const perSchool = await this.accounts.countBySchoolAndRole(em, districtId);
    return buildSummary(districtId, totals, schools, perSchool);
  }
}
