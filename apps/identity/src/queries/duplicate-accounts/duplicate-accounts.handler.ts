import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import type { DuplicatePairBody } from '@roster/internal-api';
import { pageOf, type Page } from '@roster/problems';
import { evidenceOf, type RoleGroup } from '../../domain/duplicates';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { DuplicatesRepository } from '../../persistence/duplicates.repository';
import { accountView } from '../views';

/**
 * Possible duplicates of a district (issue 16), for its district admins: pairs of an archived and an active
 * account of one role group sharing a strong identifier, found as records arrived, with the identifiers they
 * share. A pair that no longer holds (restored, merged, identifier changed) is not listed.
 */
@Injectable()
export class DuplicateAccountsHandler {
  private readonly duplicates = new DuplicatesRepository();

  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly accounts: AccountsRepository,
  ) {}

  async execute(caller: Caller, districtId: string, input: { after?: [string, string, string]; limit: number }): Promise<Page<DuplicatePairBody>> {
    enforce(districtAccess(requireStaff(caller), districtId, 'admin'));
    const em = this.ctx.orm.em.fork();
    const rows = await this.duplicates.page(em, districtId, input.after, input.limit);
    const accounts = new Map((await this.accounts.findMany(em, rows.flatMap((r) => [r.archivedAccountId, r.activeAccountId]))).map((a) => [a.account.accountId, a]));
    return pageOf(
      rows,
      input.limit,
      (r) => {
        const evidence = r.sharedKeys.map(evidenceOf);
        return {
          roleGroup: (evidence[0]?.roleGroup ?? 'student') as RoleGroup,
          archived: accountView(accounts.get(r.archivedAccountId)!),
          active: accountView(accounts.get(r.activeAccountId)!),
          evidence: evidence.map((e) => ({ field: e.field as DuplicatePairBody['evidence'][number]['field'], value: e.value })),
          foundAt: new Date(r.foundAt).toISOString(),
        };
      },
      (r) => [new Date(r.foundAt).toISOString(), r.archivedAccountId, r.activeAccountId],
    );
  }
}
