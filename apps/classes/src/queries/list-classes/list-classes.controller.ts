import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type ClassBody, type PageOf } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { ListClassesHandler } from './list-classes.handler';

const cursorSchema = z.object({ n: z.string(), id: z.uuid() });

/** GET /internal/v1/districts/:districtId/classes?schoolId&status&cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListClassesController {
  constructor(@Inject(ListClassesHandler) private readonly handler: ListClassesHandler) {}

  @Get('districts/:districtId/classes')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<PageOf<ClassBody>> {
    const q = parseInput(classesApi.classesQuery, raw, 'query');
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), { ...q, after: decodeCursor(q.cursor, cursorSchema) });
  }
}
