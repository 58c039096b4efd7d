import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import { requireDistrictAdmin } from '../../http/access';
import { INGESTION } from '../../http/tokens';
import type { IngestionUseCases } from '../../runtime/use-cases';
import { requestFullSync } from './request-sync';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SyncNowController {
  constructor(@Inject(INGESTION) private readonly uc: IngestionUseCases) {}

  /** "Sync now": 202 with the queued run; 409 SYNC_ALREADY_RUNNING with the run already queued or running. */
  @Post('districts/:cleverDistrictId/sync')
  @HttpCode(202)
  async start(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string): Promise<{ runId: string }> {
    requireDistrictAdmin(caller, districtId);
    const { runId, created } = await requestFullSync(this.uc.ctx, districtId, 'manual');
    if (!created) throw new ProblemError(409, 'SYNC_ALREADY_RUNNING', 'A sync of the district is already queued or running', undefined, { runId });
    this.uc.wake();
    return { runId };
  }
}
