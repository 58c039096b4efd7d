import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { adminSchoolIds, type Caller } from '@roster/authz';
import { decodeCursor, pageOf, parseInput, type Page } from '@roster/problems';
import { requireDistrict, staffCaller } from '../../common/access';
import type { ClassView } from '../../common/classes.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { pageQuery, uuidParam } from '../../common/params';
import { listClasses } from './list-classes.repository';

const listQuery = pageQuery.extend({
  schoolId: z.uuid().optional(),
  status: z.enum(['active', 'archived']).optional(),
});
const cursorSchema = z.object({ n: z.string(), id: z.uuid() });

/**
 * GET /internal/v1/districts/:districtId/classes — district admins: every class; school admins: the
 * classes of their schools; teachers: the classes they teach (a user with both sees both).
 */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListClassesController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('districts/:districtId/classes')
  async list(@CurrentCaller() caller: Caller, @Param('districtId') districtParam: string, @Query() raw: unknown): Promise<Page<ClassView>> {
    const p = staffCaller(caller);
    const districtId = uuidParam(districtParam, 'districtId');
    requireDistrict(p, districtId, 'DISTRICT_NOT_FOUND', 'District');
    const q = parseInput(listQuery, raw, 'query');
    const after = decodeCursor(q.cursor, cursorSchema);
    const admin = adminSchoolIds(p);
    const rows = await listClasses(this.ctx.orm.em.fork(), {
      districtId,
      schoolId: q.schoolId,
      status: q.status,
      scope: admin === 'all' ? 'all' : { schoolIds: admin, teacherId: p.accountId },
      after: after && { name: after.n, id: after.id },
      limit: q.limit,
    });
    return pageOf(rows, q.limit, (v) => v, (v) => ({ n: v.name, id: v.id }));
  }
}
