import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { PageOf, SyncChangeBody } from '@roster/internal-api';
import { SyncChangesHandler } from './sync-changes.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncChangesController {
  constructor(@Inject(SyncChangesHandler) private readonly handler: SyncChangesHandler) {}

  /** The records a preview would change, or a held run would archive (`?kind=&cursor=&limit=`). */
  @Get('districts/:cleverDistrictId/sync/runs/:runId/changes')
  list(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Param('runId') runId: string, @Query() query: unknown): Promise<PageOf<SyncChangeBody>> {
    return this.handler.execute(caller, districtId, runId, query);
  }
}
