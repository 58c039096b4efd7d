import { Body, Controller, Headers, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type RolloverResultBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { RolloverSchoolYearHandler } from './rollover-school-year.handler';

/** POST /internal/v1/districts/:districtId/school-years/rollover — the idempotency key in the `Idempotency-Key` header. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RolloverSchoolYearController {
  constructor(@Inject(RolloverSchoolYearHandler) private readonly handler: RolloverSchoolYearHandler) {}

  @Post('districts/:districtId/school-years/rollover')
  @HttpCode(200)
  rollover(
    @CurrentCaller() caller: Caller,
    @Param('districtId') districtId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
  ): Promise<RolloverResultBody> {
    return this.handler.execute(caller, uuidParam(districtId, 'districtId'), parseInput(classesApi.rolloverBody, body), key);
  }
}
