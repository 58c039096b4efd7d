import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { pageQuery, uuidParam } from '../../common/params';
import { AvailableStudentsHandler } from './available-students.handler';
import type { AvailableStudent } from './available-students.repository';

const listQuery = pageQuery.extend({
  grade: z.string().min(1).max(20).optional(),
  placement: z.string().min(1).max(100).optional(),
  q: z.string().trim().max(100).optional(),
});
const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/** GET /internal/v1/schools/:schoolId/available-students?grade&placement=none|<courseId>&q&cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AvailableStudentsController {
  constructor(@Inject(AvailableStudentsHandler) private readonly handler: AvailableStudentsHandler) {}

  @Get('schools/:schoolId/available-students')
  list(@CurrentCaller() caller: Caller, @Param('schoolId') schoolId: string, @Query() raw: unknown): Promise<Page<AvailableStudent>> {
    const id = uuidParam(schoolId, 'schoolId');
    const q = parseInput(listQuery, raw, 'query');
    return this.handler.execute(caller, id, { grade: q.grade, placement: q.placement, q: q.q, after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
