import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { IngestionSettingsBody } from '@roster/internal-api';
import { UpdateSettingsHandler } from './update-settings.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateSettingsController {
  constructor(@Inject(UpdateSettingsHandler) private readonly handler: UpdateSettingsHandler) {}

  /** The district's mass-change safeguard threshold (percent of its active users). */
  @Patch('districts/:cleverDistrictId/settings')
  update(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Body() body: unknown): Promise<IngestionSettingsBody> {
    return this.handler.execute(caller, districtId, body);
  }
}
