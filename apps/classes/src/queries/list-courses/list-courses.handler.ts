import { Inject, Injectable } from '@nestjs/common';
import { requireStaff, type Caller } from '@roster/authz';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import type { Course } from '../../domain/course-catalog';

/** The program's course catalog (configured, not stored): staff only. */
@Injectable()
export class ListCoursesHandler {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  execute(caller: Caller): { data: Course[] } {
    requireStaff(caller);
    return { data: this.ctx.catalog.list() };
  }
}
