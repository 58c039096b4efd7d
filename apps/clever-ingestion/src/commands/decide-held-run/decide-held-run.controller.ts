import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { SyncRunBody } from '@roster/internal-api';
import { runView } from '../../queries/sync-status/sync-status.handler';
import { DecideHeldRunHandler } from './decide-held-run.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DecideHeldRunController {
  constructor(@Inject(DecideHeldRunHandler) private readonly handler: DecideHeldRunHandler) {}

  @Post('districts/:cleverDistrictId/sync/runs/:runId/approve')
  @HttpCode(200)
  async approve(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Param('runId') runId: string): Promise<SyncRunBody> {
    return runView(await this.handler.execute(caller, districtId, runId, 'approve'));
  }

  @Post('districts/:cleverDistrictId/sync/runs/:runId/reject')
  @HttpCode(200)
  async reject(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') districtId: string, @Param('runId') runId: string): Promise<SyncRunBody> {
    return runView(await this.handler.execute(caller, districtId, runId, 'reject'));
  }
}
