import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { decodeCursor, pageOf, parseInput, type Page } from '@roster/problems';
import { query, type MikroORM } from '@roster/persistence';
import { z } from 'zod';
import { inScope, isUuid, requireStaff, schoolNotFound, staffScopeIn } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { schoolView, type SchoolView } from '../../http/views';
import { findSchool } from '../../persistence/readers';
import { SCHOOL_COLUMNS, schoolFromRow, type SchoolRow } from '../../persistence/rows';
import { pgArray } from '../../persistence/sql';

const listQuery = z.object({
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const cursorSchema = z.tuple([z.string(), z.uuid()]);

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SchoolsController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  /** A district's schools by name (school admins and teachers: their schools). Removed schools are listed with their status. */
  @Get('districts/:districtId/schools')
  async list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<SchoolView>> {
    const { schools: scope } = staffScopeIn(caller, districtId);
    const input = parseInput(listQuery, raw, 'query');
    const after = decodeCursor(input.cursor, cursorSchema);
    const where = ['s.district_id = ?', 's.name is not null'];
    const params: unknown[] = [districtId];
    if (scope !== 'all') {
      where.push('s.id = any(?::uuid[])');
      params.push(pgArray(scope));
    }
    if (after) {
      where.push('(lower(s.name), s.id) > (?, ?::uuid)');
      params.push(...after);
    }
    params.push(input.limit + 1);
    const rows = await query<SchoolRow & { sort_name: string }>(
      this.orm.em.fork(),
      `select ${SCHOOL_COLUMNS}, lower(s.name) as sort_name from school s join district d on d.id = s.district_id
       where ${where.join(' and ')} order by lower(s.name), s.id limit ?`,
      params,
    );
    return pageOf(rows, input.limit, (r) => schoolView(schoolFromRow(r)), (r) => [r.sort_name, r.id]);
  }

  @Get('schools/:id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<SchoolView> {
    const principal = requireStaff(caller);
    const school = isUuid(id) ? await findSchool(this.orm.em.fork(), id) : undefined;
    if (!school || school.districtId !== principal.districtId) throw schoolNotFound();
    const { schools: scope } = staffScopeIn(caller, school.districtId);
    if (!inScope(scope, [school.schoolId])) throw schoolNotFound();
    return schoolView(school);
  }
}
