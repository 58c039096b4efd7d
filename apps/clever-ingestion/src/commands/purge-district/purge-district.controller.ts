import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { RequestPurgeHandler } from './request-purge.handler';
import type { PurgeDistrictAccepted } from './purge-district.schema';

/** Platform operators only (an operator token, `npm run district:purge`); never reached through the gateway. */
@Controller('internal/v1/operator')
@UseGuards(InternalAuthGuard)
export class PurgeDistrictController {
  constructor(@Inject(RequestPurgeHandler) private readonly handler: RequestPurgeHandler) {}

  /** 202 with the purge id; the services' `*.district.purged` confirmations follow on Kafka. */
  @Post('districts/:cleverDistrictId/purge')
  @HttpCode(202)
  purge(@CurrentCaller() caller: Caller, @Param('cleverDistrictId') cleverDistrictId: string, @Body() body: unknown): Promise<PurgeDistrictAccepted> {
    return this.handler.execute(caller, cleverDistrictId, body);
  }
}
