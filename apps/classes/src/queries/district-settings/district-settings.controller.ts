import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { ClassesSettingsBody } from '@roster/internal-api';
import { uuidParam } from '../../common/params';
import { DistrictSettingsHandler } from './district-settings.handler';

/** GET /internal/v1/districts/:districtId/settings */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictSettingsController {
  constructor(@Inject(DistrictSettingsHandler) private readonly handler: DistrictSettingsHandler) {}

  @Get('districts/:districtId/settings')
  get(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<ClassesSettingsBody> {
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'));
  }
}
