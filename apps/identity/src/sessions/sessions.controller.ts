import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { sessionRevocationSchema, type AccountSessionsBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { SessionsHandler } from './sessions.handler';

/** The revocation store of the gateway's sessions and bearer tokens (system caller `gateway` only). */
@Controller('internal/v1/sessions')
@UseGuards(InternalAuthGuard)
export class SessionsController {
  constructor(private readonly handler: SessionsHandler) {}

  @Post('revocations')
  @HttpCode(204)
  async revoke(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<void> {
    await this.handler.revoke(caller, parseInput(sessionRevocationSchema, body));
  }

  @Post('accounts/:accountId/revoke-all')
  @HttpCode(200)
  revokeAll(@CurrentCaller() caller: Caller, @Param('accountId') accountId: string): Promise<AccountSessionsBody> {
    return this.handler.revokeAll(caller, accountId);
  }

  @Get('accounts/:accountId')
  ofAccount(@CurrentCaller() caller: Caller, @Param('accountId') accountId: string): Promise<AccountSessionsBody> {
    return this.handler.ofAccount(caller, accountId);
  }
}
