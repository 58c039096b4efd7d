import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type EnrollResultBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { EnrollStudentsHandler } from './enroll-students.handler';

/** POST /internal/v1/classes/:id/enrollments */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class EnrollStudentsController {
  constructor(@Inject(EnrollStudentsHandler) private readonly handler: EnrollStudentsHandler) {}

  @Post('classes/:id/enrollments')
  @HttpCode(200)
  enroll(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown): Promise<EnrollResultBody> {
    return this.handler.execute(caller, uuidParam(id, 'id'), parseInput(classesApi.enrollBody, body));
  }
}
