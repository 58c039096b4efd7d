import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { SignInHandler, type SignIn } from './sign-in.handler';

/** Sign-in look-ups for the gateway (system caller): the account and the principal of its session. */
@Controller('internal/v1/sign-in')
@UseGuards(InternalAuthGuard)
export class SignInController {
  constructor(private readonly handler: SignInHandler) {}

  @Get('clever/:cleverUserId')
  byClever(@CurrentCaller() caller: Caller, @Param('cleverUserId') cleverUserId: string): Promise<SignIn> {
    return this.handler.byCleverId(caller, cleverUserId);
  }

  @Get('account/:accountId')
  byAccount(@CurrentCaller() caller: Caller, @Param('accountId') accountId: string): Promise<SignIn> {
    return this.handler.byAccountId(caller, accountId);
  }
}
