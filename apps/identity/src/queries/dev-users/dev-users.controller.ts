import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { devUsersQuerySchema, type DevUserBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { DevUsersHandler } from './dev-users.handler';

/** For the dev login (AUTH_MODE=dev, embedded mode). System only. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DevUsersController {
  constructor(private readonly handler: DevUsersHandler) {}

  @Get('dev-users')
  list(@CurrentCaller() caller: Caller, @Query() raw: unknown): Promise<{ data: DevUserBody[] }> {
    return this.handler.list(caller, parseInput(devUsersQuerySchema, raw, 'query'));
  }
}
