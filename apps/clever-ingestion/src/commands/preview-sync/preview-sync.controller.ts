import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncStartedBody } from '@roster/internal-api';
import { StartPreviewHandler } from './start-preview.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class PreviewSyncController {
  constructor(@Inject(StartPreviewHandler) private readonly handler: StartPreviewHandler) {}

  /** "Preview changes": 202 with the queued preview run; 409 INGESTION.SYNC_ALREADY_RUNNING with the preview already queued or running. */
  @Post('districts/:cleverDistrictId/sync/preview')
  @HttpCode(202)
  start(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStartedBody> {
    return this.handler.execute(caller, districtId);
  }
}
