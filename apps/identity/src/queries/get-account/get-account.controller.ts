import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import type { AccountView } from '../views';
import { GetAccountHandler } from './get-account.handler';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class GetAccountController {
  constructor(private readonly handler: GetAccountHandler) {}

  @Get('accounts/by-clever-id/:cleverUserId')
  byCleverId(@CurrentCaller() caller: Caller, @Param('cleverUserId') cleverUserId: string): Promise<AccountView> {
    return this.handler.byCleverId(caller, cleverUserId);
  }

  @Get('accounts/:id')
  byId(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AccountView> {
    return this.handler.byId(caller, id);
  }
}
