import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { z } from 'zod';
import { DevUsersHandler, type DevUser } from './dev-users.handler';

const devUsersQuery = z.object({ districtId: z.uuid().optional() });

/** For the dev login (AUTH_MODE=dev, embedded mode). System only. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DevUsersController {
  constructor(private readonly handler: DevUsersHandler) {}

  @Get('dev-users')
  list(@CurrentCaller() caller: Caller, @Query() raw: unknown): Promise<{ data: DevUser[] }> {
    return this.handler.list(caller, parseInput(devUsersQuery, raw, 'query'));
  }
}
