import { Controller, Delete, HttpCode, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import { uuidParam } from '../../common/params';
import { UnenrollStudentHandler } from './unenroll-student.handler';

/** DELETE /internal/v1/classes/:id/enrollments/:studentId — 204. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UnenrollStudentController {
  constructor(@Inject(UnenrollStudentHandler) private readonly handler: UnenrollStudentHandler) {}

  @Delete('classes/:id/enrollments/:studentId')
  @HttpCode(204)
  unenroll(@CurrentCaller() caller: Caller, @Param('id') id: string, @Param('studentId') studentId: string): Promise<void> {
    return this.handler.execute(caller, uuidParam(id, 'id'), uuidParam(studentId, 'studentId'));
  }
}
