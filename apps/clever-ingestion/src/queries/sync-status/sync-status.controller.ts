import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncStatusBody } from '@roster/internal-api';
import { IngestionHandlers } from '../../common/ingestion-handlers';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncStatusController {
  constructor(@Inject(IngestionHandlers) private readonly handlers: IngestionHandlers) {}

  @Get('districts/:cleverDistrictId/sync')
  get(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStatusBody> {
    return this.handlers.syncStatus.execute(caller, districtId);
  }
}
