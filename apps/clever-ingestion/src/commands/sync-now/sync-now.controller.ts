import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncStartedBody } from '@roster/internal-api';
import { SyncNowHandler } from './sync-now.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncNowController {
  constructor(@Inject(SyncNowHandler) private readonly handler: SyncNowHandler) {}

  /** "Sync now": 202 with the queued run; 409 INGESTION.SYNC_ALREADY_RUNNING with the run already queued or running. */
  @Post('districts/:cleverDistrictId/sync')
  @HttpCode(202)
  start(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStartedBody> {
    return this.handler.execute(caller, districtId);
  }
}
