import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import type { AccountRole } from '@roster/contracts';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { query, type MikroORM } from '@roster/persistence';
import { z } from 'zod';
import { requireSystem } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { ACCOUNT_ROLES } from '../../domain/roles';
import { ACCOUNT_COLUMNS, accountFromRow, type AccountRow } from '../../persistence/rows';
import { pgArray } from '../../persistence/sql';

export interface DevUser {
  accountId: string;
  cleverId: string;
  name: { first: string; middle?: string; last: string };
  roles: AccountRole[];
  schools: { schoolId: string; name: string | null }[];
}

const devUsersQuery = z.object({ districtId: z.uuid().optional() });

/**
 * For the dev login (AUTH_MODE=dev, embedded mode): a short list of active accounts with at least one per
 * role of each district and one per role held in each school (the first by name), so every kind of
 * user can be tried. System only.
 */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DevUsersController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  @Get('dev-users')
  async list(@CurrentCaller() caller: Caller, @Query() raw: unknown): Promise<{ data: DevUser[] }> {
    requireSystem(caller);
    const { districtId } = parseInput(devUsersQuery, raw, 'query');
    const em = this.orm.em.fork();
    const district = districtId ? 'and a.district_id = ?' : '';
    const params = districtId ? [districtId, districtId] : [];
    const rows = await query<AccountRow>(
      em,
      `with picks as (
         (select distinct on (a.district_id, r) a.id
            from account a, unnest(a.roles) r
           where a.status = 'active' ${district}
           order by a.district_id, r, lower(a.last_name), lower(a.first_name), a.id)
         union
         (select distinct on (m->>'schoolId', r) a.id
            from account a, jsonb_array_elements(a.schools) m, jsonb_array_elements_text(m->'roles') r
           where a.status = 'active' ${district}
           order by m->>'schoolId', r, lower(a.last_name), lower(a.first_name), a.id)
       )
       select ${ACCOUNT_COLUMNS} from account a join district d on d.id = a.district_id
       where a.id in (select id from picks)
       order by d.clever_id, lower(a.last_name), lower(a.first_name), a.id`,
      params,
    );
    const accounts = rows.map(accountFromRow);
    const schoolIds = [...new Set(accounts.flatMap((a) => a.schools.map((m) => m.schoolId)))];
    const names = new Map<string, string | null>();
    if (schoolIds.length > 0) {
      for (const s of await query<{ id: string; name: string | null }>(em, `select id, name from school where id = any(?::uuid[])`, [pgArray(schoolIds)])) {
        names.set(s.id, s.name);
      }
    }
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
