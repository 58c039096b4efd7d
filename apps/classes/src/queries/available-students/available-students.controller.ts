import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { decodeCursor, pageOf, parseInput, type Page } from '@roster/problems';
import { requireWorkInSchool, staffCaller } from '../../common/access';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { pageQuery, uuidParam } from '../../common/params';
import { findSchoolOfDistrict } from '../../common/schools.repository';
import { availableStudents, type AvailableStudent } from './available-students.repository';

const listQuery = pageQuery.extend({
  grade: z.string().min(1).max(20).optional(),
  placement: z.string().min(1).max(100).optional(),
  q: z.string().trim().max(100).optional(),
});
const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/** GET /internal/v1/schools/:schoolId/available-students — staff of the school. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AvailableStudentsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('schools/:schoolId/available-students')
  async list(@CurrentCaller() caller: Caller, @Param('schoolId') schoolParam: string, @Query() raw: unknown): Promise<Page<AvailableStudent>> {
    const p = staffCaller(caller);
    const schoolId = uuidParam(schoolParam, 'schoolId');
    const q = parseInput(listQuery, raw, 'query');
    const after = decodeCursor(q.cursor, cursorSchema);
    const em = this.ctx.orm.em.fork();
    const school = await findSchoolOfDistrict(em, schoolId, p.districtId);
    requireWorkInSchool(p, school.district_id, schoolId);
    const rows = await availableStudents(em, { schoolId, grade: q.grade, placement: q.placement, q: q.q || undefined, after, limit: q.limit });
    return pageOf(rows, q.limit, (r) => r.student, (r) => r.position);
  }
}
