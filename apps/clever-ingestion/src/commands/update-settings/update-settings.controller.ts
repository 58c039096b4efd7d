import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { districtNotFound } from '../sync-now/request-sync';
import { requireDistrictAdmin } from '../../http/access';
import { INGESTION } from '../../http/tokens';
import type { IngestionUseCases } from '../../runtime/use-cases';

const settingsBody = z.object({ safeguardThresholdPercent: z.number().min(0).max(100) }).strict();

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateSettingsController {
  constructor(@Inject(INGESTION) private readonly uc: IngestionUseCases) {}

  /** The district's mass-change safeguard threshold (percent of its active users). */
  @Patch('districts/:cleverDistrictId/settings')
  async update(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Body() body: unknown): Promise<{ safeguardThresholdPercent: number }> {
    requireDistrictAdmin(caller, districtId);
    const input = parseInput(settingsBody, body);
    const { connections, orm } = this.uc.ctx;
    const em = orm.em.fork();
    if (!(await connections.get(em, districtId))) throw districtNotFound();
    await connections.setThreshold(em, districtId, input.safeguardThresholdPercent);
    this.uc.ctx.logger.info({ districtId, safeguardThresholdPercent: input.safeguardThresholdPercent }, 'safeguard threshold changed');
    return { safeguardThresholdPercent: input.safeguardThresholdPercent };
  }
}
