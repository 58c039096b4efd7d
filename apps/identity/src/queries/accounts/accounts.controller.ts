import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { accountRole } from '@roster/contracts';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { decodeCursor, pageOf, parseInput, type Page } from '@roster/problems';
import type { MikroORM } from '@roster/persistence';
import { z } from 'zod';
import { accountNotFound, inScope, isUuid, requireStaff, staffScopeIn } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { accountView, type AccountView } from '../../http/views';
import { findAccount, type StoredAccount } from '../../persistence/readers';
import { searchAccounts } from './accounts.repository';

const searchQuery = z.object({
  schoolId: z.uuid().optional(),
  role: accountRole.optional(),
  status: z.enum(['active', 'archived']).optional(),
  q: z.string().trim().max(200).optional(),
  cleverId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const cursorSchema = z.tuple([z.string(), z.string(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AccountsController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  /** Accounts of a district: district admins see all; school admins and teachers those of their schools. */
  @Get('districts/:districtId/accounts')
  async search(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<AccountView>> {
    const { schools: scope } = staffScopeIn(caller, districtId);
    const input = parseInput(searchQuery, raw, 'query');
    const after = decodeCursor(input.cursor, cursorSchema);
    const rows = await searchAccounts(this.orm.em.fork(), {
      districtId,
      scope,
      schoolId: input.schoolId,
      role: input.role,
      status: input.status,
      cleverId: input.cleverId,
      q: input.q,
      after,
      limit: input.limit,
    });
    return pageOf(rows, input.limit, (r) => accountView(r.account, r), (r) => r.sortKey);
  }

  @Get('accounts/by-clever-id/:cleverUserId')
  async byCleverId(@CurrentCaller() caller: Caller, @Param('cleverUserId') cleverUserId: string): Promise<AccountView> {
    const found = await findAccount(this.orm.em.fork(), { cleverId: cleverUserId });
    return this.visible(caller, found, { allowSystem: true });
  }

  @Get('accounts/:id')
  async byId(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AccountView> {
    if (!isUuid(id)) {
      requireStaff(caller);
      throw accountNotFound();
    }
    return this.visible(caller, await findAccount(this.orm.em.fork(), { id }), { allowSystem: false });
  }

  /** Staff see an account of their district that is themselves or in one of their schools (district admins: all). */
  private visible(caller: Caller, found: StoredAccount | undefined, options: { allowSystem: boolean }): AccountView {
    if (caller.kind === 'system' && options.allowSystem) {
      if (!found) throw accountNotFound();
      return accountView(found.account, found);
    }
    const principal = requireStaff(caller);
    if (!found || found.account.districtId !== principal.districtId) throw accountNotFound();
    const { schools: scope } = staffScopeIn(caller, found.account.districtId);
    const self = found.account.accountId === principal.accountId;
    if (!self && !inScope(scope, found.account.schools.map((m) => m.schoolId))) throw accountNotFound();
    return accountView(found.account, found);
  }
}
