import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { requireDistrictAdmin } from '../../http/access';
import { INGESTION } from '../../http/tokens';
import type { IngestionUseCases } from '../../runtime/use-cases';
import { runView, type RunView } from '../../queries/sync-status/sync-status';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DecideHeldRunController {
  constructor(@Inject(INGESTION) private readonly uc: IngestionUseCases) {}

  @Post('districts/:cleverDistrictId/sync/runs/:runId/approve')
  @HttpCode(200)
  async approve(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Param('runId') runId: string): Promise<RunView> {
    const who = requireDistrictAdmin(caller, districtId);
    return runView(await this.uc.heldRuns.approve(districtId, runId, who));
  }

  @Post('districts/:cleverDistrictId/sync/runs/:runId/reject')
  @HttpCode(200)
  async reject(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Param('runId') runId: string): Promise<RunView> {
    const who = requireDistrictAdmin(caller, districtId);
    return runView(await this.uc.heldRuns.reject(districtId, runId, who));
  }
}
