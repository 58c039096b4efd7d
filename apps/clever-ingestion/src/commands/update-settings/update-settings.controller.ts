import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { IngestionSettingsBody } from '@roster/internal-api';
import { IngestionHandlers } from '../../common/ingestion-handlers';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateSettingsController {
  constructor(@Inject(IngestionHandlers) private readonly handlers: IngestionHandlers) {}

  /** The district's mass-change safeguard threshold (percent of its active users). */
  @Patch('districts/:cleverDistrictId/settings')
  update(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Body() body: unknown): Promise<IngestionSettingsBody> {
    return this.handlers.updateSettings.execute(caller, districtId, body);
  }
}
