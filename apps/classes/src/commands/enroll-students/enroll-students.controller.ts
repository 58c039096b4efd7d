import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { EnrollStudentsHandler, type EnrollResponse } from './enroll-students.handler';

const enrollBody = z.object({
  studentIds: z.array(z.uuid()).min(1).max(500),
  override: z.boolean().optional().default(false),
});

/** POST /internal/v1/classes/:id/enrollments */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class EnrollStudentsController {
  constructor(@Inject(EnrollStudentsHandler) private readonly handler: EnrollStudentsHandler) {}

  @Post('classes/:id/enrollments')
  @HttpCode(200)
  enroll(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown): Promise<EnrollResponse> {
    return this.handler.execute(caller, uuidParam(id, 'id'), parseInput(enrollBody, body));
  }
}
