import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import type { Caller } from '@roster/authz';
import type { CourseBody } from '@roster/internal-api';
import { ListCoursesHandler } from './list-courses.handler';

/** GET /internal/v1/courses */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListCoursesController {
  constructor(@Inject(ListCoursesHandler) private readonly handler: ListCoursesHandler) {}

  @Get('courses')
  list(@CurrentCaller() caller: Caller): { data: CourseBody[] } {
    return this.handler.execute(caller);
  }
}
