import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { staffCaller } from '../../common/access';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import type { Course } from '../../domain/course-catalog';

/** GET /internal/v1/courses — the program's course catalog (configured, not stored). */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class ListCoursesController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('courses')
  list(@CurrentCaller() caller: Caller): { data: Course[] } {
    staffCaller(caller);
    return { data: this.ctx.catalog.list() };
  }
}
