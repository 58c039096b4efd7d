import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { decodeCursor, parseInput, type Page } from '@roster/problems';
import { pageQuery, uuidParam } from '../../common/params';
import type { ClassView } from '../../repositories/classes.repository';
import { ListClassesHandler } from './list-classes.handler';

const listQuery = pageQuery.extend({
  schoolId: z.uuid().optional(),
  status: z.enum(['active', 'archived']).optional(),
});
const cursorSchema = z.object({ n: z.string(), id: z.uuid() });

/** GET /internal/v1/districts/:districtId/classes?schoolId&status&cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListClassesController {
  constructor(@Inject(ListClassesHandler) private readonly handler: ListClassesHandler) {}

  @Get('districts/:districtId/classes')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<Page<ClassView>> {
    const q = parseInput(listQuery, raw, 'query');
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), { ...q, after: decodeCursor(q.cursor, cursorSchema) });
  }
}
