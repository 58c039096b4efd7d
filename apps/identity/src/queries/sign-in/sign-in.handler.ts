import { Inject, Injectable } from '@nestjs/common';
import { enforce, notFoundError, systemCaller, type Caller } from '@roster/authz';
import type { SignInBody } from '@roster/internal-api';
import { DomainError } from '@roster/problems';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext, SYSTEM_CALLERS } from '../../identity.tokens';
import type { StoredAccount } from '../../persistence/account.entity';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { accountView, principalOf } from '../views';

export type SignIn = SignInBody;

/**
 * Sign-in look-ups for the gateway (the platform only): the account and the principal of its session.
 * Unknown → 404 IDENTITY.ACCOUNT_NOT_FOUND; archived (no longer shared) → 403 IDENTITY.ACCOUNT_ARCHIVED.
 */
@Injectable()
export class SignInHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
  ) {}

  async byCleverId(caller: Caller, cleverUserId: string): Promise<SignIn> {
    enforce(systemCaller(caller, SYSTEM_CALLERS));
    return signIn(await this.accounts.findByCleverId(this.ctx.orm.em.fork(), cleverUserId));
  }

  async byAccountId(caller: Caller, accountId: string): Promise<SignIn> {
    enforce(systemCaller(caller, SYSTEM_CALLERS));
    return signIn(isUuid(accountId) ? await this.accounts.findById(this.ctx.orm.em.fork(), accountId) : undefined);
  }
}

function signIn(found: StoredAccount | undefined): SignIn {
  if (!found) throw notFoundError('account');
  if (found.account.status === 'archived') {
    throw new DomainError('forbidden', 'IDENTITY.ACCOUNT_ARCHIVED', 'This account is no longer shared by the district', {}, 'Account archived');
  }
  return { account: accountView(found), principal: principalOf(found.account) };
}
