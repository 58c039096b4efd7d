import { Inject, Injectable } from '@nestjs/common';
import { accountAccess, enforce, notFoundError, requireStaff, systemCaller, type Caller, type Principal } from '@roster/authz';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext, SYSTEM_CALLERS } from '../../identity.tokens';
import type { StoredAccount } from '../../persistence/account.entity';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { accountView, type AccountView } from '../views';

/**
 * One account, by its id or by its Clever id. Staff see their own account and the accounts of their schools
 * (district admins: their district); anything else does not exist for them (404). The platform (named system
 * callers) may look up any account by Clever id (sign-in).
 */
@Injectable()
export class GetAccountHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
  ) {}

  async byId(caller: Caller, id: string): Promise<AccountView> {
    const principal = requireStaff(caller);
    const found = isUuid(id) ? await this.accounts.findById(this.ctx.orm.em.fork(), id) : undefined;
    return accountView(visibleTo(principal, found));
  }

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
