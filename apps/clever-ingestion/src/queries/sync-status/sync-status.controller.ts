import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { IngestionHandlers } from '../../application/ingestion-handlers';
import type { SyncStatusView } from './sync-status.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncStatusController {
  constructor(@Inject(IngestionHandlers) private readonly handlers: IngestionHandlers) {}

  @Get('districts/:cleverDistrictId/sync')
  get(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStatusView> {
    return this.handlers.syncStatus.execute(caller, districtId);
  }
}
