import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import type { ClassView } from '../../repositories/classes.repository';
import { CreateClassHandler } from './create-class.handler';

const createClassBody = z.object({
  schoolId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  courseId: z.string().min(1).max(100).nullish(),
  teacherIds: z.array(z.uuid()).max(100).optional(),
});

/** POST /internal/v1/classes */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class CreateClassController {
  constructor(@Inject(CreateClassHandler) private readonly handler: CreateClassHandler) {}

  @Post('classes')
  create(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<ClassView> {
    return this.handler.execute(caller, parseInput(createClassBody, body));
  }
}
