import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller, type Principal } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import type { MikroORM } from '@roster/persistence';
import { accountNotFound, isUuid, requireSystem } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { accountView, principalOf, type AccountView } from '../../http/views';
import { findAccount, type StoredAccount } from '../../persistence/readers';

export interface SignIn {
  account: AccountView;
  principal: Principal;
}

/**
 * Sign-in lookups for the gateway (system caller): the account and the principal of its session.
 * Unknown → 404 ACCOUNT_NOT_FOUND; archived (no longer shared) → 403 ACCOUNT_ARCHIVED.
 */
@Controller('internal/v1/sign-in')
@UseGuards(InternalAuthGuard)
export class SignInController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  @Get('clever/:cleverUserId')
  async byClever(@CurrentCaller() caller: Caller, @Param('cleverUserId') cleverUserId: string): Promise<SignIn> {
    requireSystem(caller);
    return signIn(await findAccount(this.orm.em.fork(), { cleverId: cleverUserId }));
  }

  @Get('account/:accountId')
  async byAccount(@CurrentCaller() caller: Caller, @Param('accountId') accountId: string): Promise<SignIn> {
    requireSystem(caller);
    return signIn(isUuid(accountId) ? await findAccount(this.orm.em.fork(), { id: accountId }) : undefined);
  }
}

function signIn(found: StoredAccount | undefined): SignIn {
  if (!found) throw accountNotFound();
  if (found.account.status === 'archived') throw new ProblemError(403, 'ACCOUNT_ARCHIVED', 'Account archived', 'This account is no longer shared by the district');
  return { account: accountView(found.account, found), principal: principalOf(found.account) };
}
