import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncStatusBody } from '@roster/internal-api';
import { SyncStatusHandler } from './sync-status.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncStatusController {
  constructor(@Inject(SyncStatusHandler) private readonly handler: SyncStatusHandler) {}

  @Get('districts/:cleverDistrictId/sync')
  get(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<SyncStatusBody> {
    return this.handler.execute(caller, districtId);
  }
}
