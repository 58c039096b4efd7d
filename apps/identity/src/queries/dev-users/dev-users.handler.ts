import { Inject, Injectable } from '@nestjs/common';
import type { AccountRole } from '@roster/contracts';
import { enforce, systemCaller, type Caller } from '@roster/authz';
import type { DevUserBody } from '@roster/internal-api';
import { ACCOUNT_ROLES } from '../../domain/roles';
import { IDENTITY_CONTEXT, type IdentityContext, SYSTEM_CALLERS } from '../../identity.tokens';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { SchoolsRepository } from '../../persistence/schools.repository';

/**
 * For the dev login (AUTH_MODE=dev, embedded mode): a short list of active accounts with at least one per
 * role of each district and one per role held in each school (the first by name), so every kind of
 * user can be tried. The platform only.
 */
@Injectable()
export class DevUsersHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async list(caller: Caller, input: { districtId?: string }): Promise<{ data: DevUserBody[] }> {
    enforce(systemCaller(caller, SYSTEM_CALLERS));
    const em = this.ctx.orm.em.fork();
    const accounts = (await this.accounts.findMany(em, await this.accounts.devUserIds(em, input.districtId))).map((s) => s.account);
    const names = await this.schools.namesOf(em, [...new Set(accounts.flatMap((a) => a.schools.map((m) => m.schoolId)))]);
    const rank = (roles: AccountRole[]) => Math.min(...roles.map((r) => ACCOUNT_ROLES.indexOf(r)));
    return {
      data: accounts
        .map((a, i) => ({ a, i }))
        .sort((x, y) => x.a.cleverDistrictId.localeCompare(y.a.cleverDistrictId) || rank(x.a.roles) - rank(y.a.roles) || x.i - y.i)
        .map(({ a }) => ({
          accountId: a.accountId,
          cleverId: a.cleverUserId,
          name: a.name,
          roles: a.roles,
          schools: a.schools.map((m) => ({ schoolId: m.schoolId, name: names.get(m.schoolId) ?? null })),
        })),
    };
  }
}
