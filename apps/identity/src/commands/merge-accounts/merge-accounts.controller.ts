import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { mergeAccountsBodySchema, type MergeResultBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { MergeAccountsHandler } from './merge-accounts.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class MergeAccountsController {
  constructor(private readonly handler: MergeAccountsHandler) {}

  /** Merges an archived account into the active account of the same person (district admins). */
  @Post('accounts/:sourceId/merge')
  @HttpCode(200)
  merge(@CurrentCaller() caller: Caller, @Param('sourceId') sourceId: string, @Body() body: unknown): Promise<MergeResultBody> {
    const { intoAccountId } = parseInput(mergeAccountsBodySchema, body);
    return this.handler.execute(caller, sourceId, intoAccountId);
  }
}
