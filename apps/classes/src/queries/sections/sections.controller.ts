import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type PageOf, type SectionBody } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { SectionsHandler } from './sections.handler';

const cursorSchema = z.object({ m: z.union([z.literal(0), z.literal(1)]), n: z.string(), id: z.uuid() });

/** GET /internal/v1/schools/:schoolId/sections?mine=true|false&cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SectionsController {
  constructor(@Inject(SectionsHandler) private readonly handler: SectionsHandler) {}

  @Get('schools/:schoolId/sections')
  list(@CurrentCaller() caller: Caller, @Param('schoolId') schoolId: string, @Query() raw: unknown): Promise<PageOf<SectionBody>> {
    const id = uuidParam(schoolId, 'schoolId');
    const q = parseInput(classesApi.sectionsQuery, raw, 'query');
    return this.handler.execute(caller, id, { mine: q.mine, after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
