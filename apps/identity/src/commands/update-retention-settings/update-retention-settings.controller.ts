import { Body, Controller, Get, Param, Patch, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { retentionSettingsBodySchema, type RetentionSettingsBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { RetentionSettingsHandler } from './update-retention-settings.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RetentionSettingsController {
  constructor(private readonly handler: RetentionSettingsHandler) {}

  /** The district's retention of archived accounts (district admins). */
  @Get('districts/:districtId/retention')
  get(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<RetentionSettingsBody> {
    return this.handler.get(caller, districtId);
  }

  @Patch('districts/:districtId/retention')
  update(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Body() body: unknown): Promise<RetentionSettingsBody> {
    const { archivedRetentionDays } = parseInput(retentionSettingsBodySchema, body);
    return this.handler.update(caller, districtId, archivedRetentionDays);
  }
}
