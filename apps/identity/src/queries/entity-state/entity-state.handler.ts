import { Inject, Injectable } from '@nestjs/common';
import { enforce, notFoundError, systemCaller, type Caller } from '@roster/authz';
import type { AccountState, SchoolState } from '@roster/contracts';
import { pageOf, type Page } from '@roster/problems';
import { accountState } from '../../domain/account';
import { schoolState } from '../../domain/school';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, STATE_READERS, type IdentityContext } from '../../identity.tokens';
import { EntityStateRepository } from './entity-state.repository';

export interface Versioned<T> {
  version: number;
  state: T;
}

/**
 * The current state of accounts and schools exactly as identity's events carry it, with the version of the
 * newest event: a consumer that lost an event (classes' dead letters of `identity.*`) re-reads it and applies
 * it through its normal version guard. System callers in `STATE_READERS` only; an unknown id is 404.
 */
@Injectable()
export class EntityStateHandler {
  private readonly repository = new EntityStateRepository();

  constructor(@Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext) {}

  async account(caller: Caller, id: string): Promise<Versioned<AccountState>> {
    enforce(systemCaller(caller, STATE_READERS));
    const account = isUuid(id) ? await this.repository.account(this.ctx.orm.em.fork(), id) : undefined;
    if (!account) throw notFoundError('account');
    return { version: account.version, state: accountState(account) };
  }

  async school(caller: Caller, id: string): Promise<Versioned<SchoolState>> {
    enforce(systemCaller(caller, STATE_READERS));
    const school = isUuid(id) ? await this.repository.school(this.ctx.orm.em.fork(), id) : undefined;
    if (!school) throw notFoundError('school');
    return { version: school.version, state: schoolState(school) };
  }

  async districtAccounts(caller: Caller, districtId: string, page: { after?: string; limit: number }): Promise<Page<Versioned<AccountState>>> {
    enforce(systemCaller(caller, STATE_READERS));
    const em = this.ctx.orm.em.fork();
    await this.requireDistrict(districtId);
    const rows = await this.repository.accounts(em, districtId, page.after, page.limit + 1);
    return pageOf(rows, page.limit, (a) => ({ version: a.version, state: accountState(a) }), (a) => a.accountId);
  }

  async districtSchools(caller: Caller, districtId: string, page: { after?: string; limit: number }): Promise<Page<Versioned<SchoolState>>> {
    enforce(systemCaller(caller, STATE_READERS));
    const em = this.ctx.orm.em.fork();
    await this.requireDistrict(districtId);
    const rows = await this.repository.schools(em, districtId, page.after, page.limit + 1);
    return pageOf(rows, page.limit, (s) => ({ version: s.version, state: schoolState(s) }), (s) => s.schoolId);
  }

  private async requireDistrict(districtId: string): Promise<void> {
    if (!isUuid(districtId) || !(await this.repository.districtExists(this.ctx.orm.em.fork(), districtId))) throw notFoundError('district');
  }
}
