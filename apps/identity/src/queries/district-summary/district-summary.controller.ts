import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { isDistrictAdmin, type Caller } from '@roster/authz';
import { forbidden } from '@roster/problems';
import { query, type MikroORM } from '@roster/persistence';
import { staffScopeIn } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { buildSummary, type CountRow, type DistrictSummary } from './district-summary';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictSummaryController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  /** Accounts by role and status, for the district and per school (a school counts the roles held there). District admins only. */
  @Get('districts/:districtId/summary')
  async summary(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<DistrictSummary> {
    const { principal } = staffScopeIn(caller, districtId);
    if (!isDistrictAdmin(principal, districtId)) throw forbidden('FORBIDDEN', 'District admins only');
    const em = this.orm.em.fork();
    const totals = await query<CountRow>(
      em,
      `select r as role, a.status, count(*)::int as count from account a, unnest(a.roles) r where a.district_id = ? group by 1, 2`,
      [districtId],
    );
    const schools = await query<{ id: string; name: string }>(
      em,
      `select s.id, s.name from school s where s.district_id = ? and s.name is not null order by lower(s.name), s.id`,
      [districtId],
    );
    const perSchool = await query<CountRow & { school_id: string }>(
      em,
      `select m->>'schoolId' as school_id, r as role, a.status, count(*)::int as count
       from account a, jsonb_array_elements(a.schools) m, jsonb_array_elements_text(m->'roles') r
       where a.district_id = ? group by 1, 2, 3`,
      [districtId],
    );
    return buildSummary(districtId, totals, schools.map((s) => ({ schoolId: s.id, name: s.name })), perSchool);
  }
}
