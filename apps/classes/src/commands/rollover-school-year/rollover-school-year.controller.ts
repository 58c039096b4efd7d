import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type RolloverResultBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { RolloverSchoolYearHandler } from './rollover-school-year.handler';

/**
 * POST /internal/v1/districts/:districtId/school-years/rollover — the idempotency key in the `Idempotency-Key` header or,
 * as the gateway's service client sends it, the `idempotencyKey` query parameter.
 */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RolloverSchoolYearController {
  constructor(@Inject(RolloverSchoolYearHandler) private readonly handler: RolloverSchoolYearHandler) {}

  @Post('districts/:districtId/school-years/rollover')
  @HttpCode(200)
  rollover(
    @CurrentCaller() caller: Caller,
    @Param('districtId') districtId: string,
    @Headers('idempotency-key') header: string | undefined,
    @Query('idempotencyKey') query: unknown,
    @Body() body: unknown,
  ): Promise<RolloverResultBody> {
    const key = header ?? (typeof query === 'string' ? query : undefined);
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), parseInput(classesApi.rolloverBody, body), key);
  }
}
