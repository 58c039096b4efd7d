import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type EnrollmentBody, type PageOf } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { ListEnrollmentsHandler } from './list-enrollments.handler';

const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/** GET /internal/v1/classes/:id/enrollments?status=active|ended|all */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListEnrollmentsController {
  constructor(@Inject(ListEnrollmentsHandler) private readonly handler: ListEnrollmentsHandler) {}

  @Get('classes/:id/enrollments')
  list(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() raw: unknown): Promise<PageOf<EnrollmentBody>> {
    const classId = uuidParam(id, 'id');
    const q = parseInput(classesApi.enrollmentsQuery, raw, 'query');
    return this.handler.execute(caller, classId, { status: q.status, after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
