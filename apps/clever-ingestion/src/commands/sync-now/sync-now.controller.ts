import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncStartedBody } from '@roster/internal-api';
import { IngestionHandlers } from '../../common/ingestion-handlers';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncNowController {
  constructor(@Inject(IngestionHandlers) private readonly handlers: IngestionHandlers) {}

  /** "Sync now": 202 with the queued run; 409 INGESTION.SYNC_ALREADY_RUNNING with the run already queued or running. */
  @Post('districts/:cleverDistrictId/sync')
  @HttpCode(202)
  start(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStartedBody> {
    return this.handlers.syncNow.execute(caller, districtId);
  }
}
