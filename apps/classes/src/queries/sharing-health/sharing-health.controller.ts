import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type NeverEnrolledStudentBody, type PageOf, type SharingHealthBody } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { SharingHealthHandler } from './sharing-health.handler';

const cursorSchema = z.object({ l: z.string(), f: z.string(), id: z.uuid() });

/**
 * GET /internal/v1/districts/:districtId/sharing-health?afterDays
 * GET /internal/v1/districts/:districtId/sharing-health/never-enrolled?afterDays&schoolId&cursor&limit
 */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SharingHealthController {
  constructor(@Inject(SharingHealthHandler) private readonly handler: SharingHealthHandler) {}

  @Get('districts/:districtId/sharing-health')
  summary(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<SharingHealthBody> {
    const id = uuidParam(districtId, 'districtId');
    const q = parseInput(classesApi.sharingHealthQuery, raw, 'query');
    return this.handler.summary(caller, id, q.afterDays);
  }

  @Get('districts/:districtId/sharing-health/never-enrolled')
  neverEnrolled(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<PageOf<NeverEnrolledStudentBody>> {
    const id = uuidParam(districtId, 'districtId');
    const q = parseInput(classesApi.neverEnrolledQuery, raw, 'query');
    return this.handler.neverEnrolled(caller, id, { afterDays: q.afterDays, schoolId: q.schoolId, after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
