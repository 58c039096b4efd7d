import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type AvailableStudentBody, type PageOf } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { AvailableStudentsHandler } from './available-students.handler';

const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/** GET /internal/v1/schools/:schoolId/available-students?grade&placement=none|<courseId>&q&sectionId&cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AvailableStudentsController {
  constructor(@Inject(AvailableStudentsHandler) private readonly handler: AvailableStudentsHandler) {}

  @Get('schools/:schoolId/available-students')
  list(@CurrentCaller() caller: Caller, @Param('schoolId') schoolId: string, @Query() raw: unknown): Promise<PageOf<AvailableStudentBody>> {
    const id = uuidParam(schoolId, 'schoolId');
    const q = parseInput(classesApi.availableStudentsQuery, raw, 'query');
    return this.handler.execute(caller, id, { grade: q.grade, placement: q.placement, q: q.q, sectionId: q.sectionId, after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
