import { Inject, Injectable } from '@nestjs/common';
import type { AccountRole } from '@roster/contracts';
import { accountAccess, districtAccess, enforce, notFoundError, requireStaff, staffSchoolIds, systemCaller, type Caller, type Principal } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext, SYSTEM_CALLERS } from '../../identity.tokens';
import type { StoredAccount } from '../../persistence/account.entity';
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
 * Account look-ups of the internal API. Staff see the accounts of their district that are themselves or
 * in one of their schools (district admins: all); anything else does not exist for them (404).
 */
@Injectable()
export class AccountsHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
  ) {}

  /** A keyset page of a district's accounts, limited to the caller's schools. */
  async search(caller: Caller, districtId: string, input: AccountSearchInput): Promise<Page<AccountView>> {
    const principal = requireStaff(caller);
    enforce(districtAccess(principal, districtId));
    const hits = await this.accounts.search(this.ctx.orm.em.fork(), { districtId, scope: staffSchoolIds(principal), ...input });
    return pageOf(hits, input.limit, accountView, (h) => h.sortKey);
  }

  async byId(caller: Caller, id: string): Promise<AccountView> {
    const principal = requireStaff(caller);
    const found = isUuid(id) ? await this.accounts.findById(this.ctx.orm.em.fork(), id) : undefined;
    return accountView(visibleTo(principal, found));
  }

  /** Staff in scope, or the platform (any account). */
  async byCleverId(caller: Caller, cleverUserId: string): Promise<AccountView> {
    if (caller.kind === 'system') {
      enforce(systemCaller(caller, SYSTEM_CALLERS));
      const found = await this.accounts.findByCleverId(this.ctx.orm.em.fork(), cleverUserId);
      if (!found) throw notFoundError('account');
      return accountView(found);
    }
    const principal = requireStaff(caller);
    return accountView(visibleTo(principal, await this.accounts.findByCleverId(this.ctx.orm.em.fork(), cleverUserId)));
  }
}

/** A user always sees their own account; any other goes through the policy. */
function visibleTo(principal: Principal, found: StoredAccount | undefined): StoredAccount {
  if (!found) throw notFoundError('account');
  const { account } = found;
  if (account.accountId !== principal.accountId) enforce(accountAccess(principal, { districtId: account.districtId, schoolIds: account.schools.map((m) => m.schoolId) }));
  return found;
}
