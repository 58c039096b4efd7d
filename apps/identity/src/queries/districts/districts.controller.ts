import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import type { DistrictView } from '../views';
import { DistrictsHandler } from './districts.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictsController {
  constructor(private readonly handler: DistrictsHandler) {}

  /** Every district identity knows (by name), with its connection status. System only. */
  @Get('districts')
  list(@CurrentCaller() caller: Caller): Promise<{ data: DistrictView[] }> {
    return this.handler.list(caller);
  }

  /** The system, or a staff user of that district. */
  @Get('districts/:districtId')
  get(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<DistrictView> {
    return this.handler.get(caller, districtId);
  }
}
