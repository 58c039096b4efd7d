import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type ClassBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { CreateClassHandler } from './create-class.handler';

/** POST /internal/v1/classes */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class CreateClassController {
  constructor(@Inject(CreateClassHandler) private readonly handler: CreateClassHandler) {}

  @Post('classes')
  create(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<ClassBody> {
    return this.handler.execute(caller, parseInput(classesApi.createClassBody, body));
  }
}
