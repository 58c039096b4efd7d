import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { ClassBody } from '@roster/internal-api';
import { uuidParam } from '../../common/params';
import { GetClassHandler } from './get-class.handler';

/** GET /internal/v1/classes/:id */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class GetClassController {
  constructor(@Inject(GetClassHandler) private readonly handler: GetClassHandler) {}

  @Get('classes/:id')
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ClassBody> {
    return this.handler.execute(caller, uuidParam(id, 'id'));
  }
}
