import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type ClassesSettingsBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { UpdateDistrictSettingsHandler } from './update-district-settings.handler';

/** PATCH /internal/v1/districts/:districtId/settings */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateDistrictSettingsController {
  constructor(@Inject(UpdateDistrictSettingsHandler) private readonly handler: UpdateDistrictSettingsHandler) {}

  @Patch('districts/:districtId/settings')
  update(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Body() body: unknown): Promise<ClassesSettingsBody> {
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), parseInput(classesApi.settingsBody, body));
  }
}
