import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type AuditEntryBody, type PageOf } from '@roster/internal-api';
import { decodeCursor, parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { AuditLogHandler } from './audit-log.handler';

const cursorSchema = z.object({ s: z.string().regex(/^\d+$/) });

/** GET /internal/v1/districts/:districtId/audit?cursor&limit */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class AuditLogController {
  constructor(@Inject(AuditLogHandler) private readonly handler: AuditLogHandler) {}

  @Get('districts/:districtId/audit')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Query() raw: unknown): Promise<PageOf<AuditEntryBody>> {
    const id = uuidParam(districtId, 'districtId');
    const q = parseInput(classesApi.auditQuery, raw, 'query');
    return this.handler.execute(caller, id, { after: decodeCursor(q.cursor, cursorSchema), limit: q.limit });
  }
}
