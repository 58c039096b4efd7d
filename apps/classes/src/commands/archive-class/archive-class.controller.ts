import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { ClassBody } from '@roster/internal-api';
import { uuidParam } from '../../common/params';
import { ArchiveClassHandler } from './archive-class.handler';

/** POST /internal/v1/classes/:id/archive */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ArchiveClassController {
  constructor(@Inject(ArchiveClassHandler) private readonly handler: ArchiveClassHandler) {}

  @Post('classes/:id/archive')
  @HttpCode(200)
  archive(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ClassBody> {
    return this.handler.execute(caller, uuidParam(id, 'id'));
  }
}
