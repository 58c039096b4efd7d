import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { DistrictSummaryHandler } from './district-summary.handler';
import type { DistrictSummary } from './district-summary.view';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictSummaryController {
  constructor(private readonly handler: DistrictSummaryHandler) {}

  /** Accounts by role and status, for the district and per school. District admins only. */
  @Get('districts/:districtId/summary')
  summary(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<DistrictSummary> {
    return this.handler.summary(caller, districtId);
  }
}
