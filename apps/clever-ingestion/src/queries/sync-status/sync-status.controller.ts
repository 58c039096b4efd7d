import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { requireDistrictAdmin } from '../../http/access';
import { INGESTION } from '../../http/tokens';
import type { IngestionUseCases } from '../../runtime/use-cases';
import { syncStatus, type SyncStatusView } from './sync-status';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncStatusController {
  constructor(@Inject(INGESTION) private readonly uc: IngestionUseCases) {}

  @Get('districts/:cleverDistrictId/sync')
  async get(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStatusView> {
    requireDistrictAdmin(caller, districtId);
    return syncStatus(this.uc.ctx, districtId);
  }
}
