import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { classesApi, type ClassBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { uuidParam } from '../../common/params';
import { UpdateClassHandler } from './update-class.handler';

/** PATCH /internal/v1/classes/:id */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateClassController {
  constructor(@Inject(UpdateClassHandler) private readonly handler: UpdateClassHandler) {}

  @Patch('classes/:id')
  update(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: unknown): Promise<ClassBody> {
    return this.handler.execute(caller, uuidParam(id, 'id'), parseInput(classesApi.updateClassBody, body));
  }
}
