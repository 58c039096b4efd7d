import { Inject, Injectable } from '@nestjs/common';
import type { AccountRole } from '@roster/contracts';
import { districtAccess, enforce, requireStaff, staffSchoolIds, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { accountView, type AccountView } from '../views';

export interface AccountSearchInput {
  schoolId?: string;
  role?: AccountRole;
  status?: 'active' | 'archived';
  q?: string;
  cleverId?: string;
  after?: [string, string, string];
  limit: number;
}

/**
 * A keyset page of a district's accounts. Staff see the accounts of their district that are in one of their
 * schools (district admins: all); another district does not exist for them (404).
 */
@Injectable()
export class SearchAccountsHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
  ) {}

  async execute(caller: Caller, districtId: string, input: AccountSearchInput): Promise<Page<AccountView>> {
    const principal = requireStaff(caller);
    enforce(districtAccess(principal, districtId));
    const hits = await this.accounts.search(this.ctx.orm.em.fork(), { districtId, scope: staffSchoolIds(principal), ...input });
    return pageOf(hits, input.limit, accountView, (h) => h.sortKey);
  }
}
