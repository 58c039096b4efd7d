import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import type { DistrictSettings } from '../../entities/district.entity';
import { UpdateDistrictSettingsHandler } from './update-district-settings.handler';

const settingsBody = z.object({ placementRequired: z.boolean() });

/** PATCH /internal/v1/districts/:districtId/settings */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateDistrictSettingsController {
  constructor(@Inject(UpdateDistrictSettingsHandler) private readonly handler: UpdateDistrictSettingsHandler) {}

  @Patch('districts/:districtId/settings')
  update(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Body() body: unknown): Promise<DistrictSettings> {
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), parseInput(settingsBody, body));
  }
}
