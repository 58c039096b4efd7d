import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type RolloverPreviewBody, type SchoolYearBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { SchoolYearsHandler } from './school-years.handler';

/** GET /internal/v1/districts/:districtId/school-years, POST .../school-years/rollover/preview */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class SchoolYearsController {
  constructor(@Inject(SchoolYearsHandler) private readonly handler: SchoolYearsHandler) {}

  @Get('districts/:districtId/school-years')
  list(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<{ data: SchoolYearBody[] }> {
    return this.handler.list(caller, uuidParam(districtId, 'districtId'));
  }

  @Post('districts/:districtId/school-years/rollover/preview')
  @HttpCode(200)
  preview(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string, @Body() body: unknown): Promise<RolloverPreviewBody> {
    return this.handler.preview(caller, uuidParam(districtId, 'districtId'), parseInput(classesApi.rolloverBody, body));
  }
}
