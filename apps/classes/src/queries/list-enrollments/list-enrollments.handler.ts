import { Inject, Injectable } from '@nestjs/common';
import { requireStaff, type Caller } from '@roster/authz';
import { pageOf, type Page } from '@roster/problems';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { classInScope } from '../../common/class-in-scope';
import { ClassesRepository } from '../../persistence/classes.repository';
import { EnrollmentsRepository, type EnrollmentPosition, type EnrollmentView } from '../../persistence/enrollments.repository';

export interface ListEnrollmentsInput {
  status: 'active' | 'ended' | 'all';
  after?: EnrollmentPosition;
  limit: number;
}

/** A class's roster and its history, sorted by student last name, first name (whoever may see the class). */
@Injectable()
export class ListEnrollmentsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(ClassesRepository) private readonly classes: ClassesRepository,
    @Inject(EnrollmentsRepository) private readonly enrollments: EnrollmentsRepository,
  ) {}

  async execute(caller: Caller, classId: string, q: ListEnrollmentsInput): Promise<Page<EnrollmentView>> {
    const p = requireStaff(caller);
    const em = this.ctx.orm.em.fork();
    await classInScope(this.classes, em, p, classId);
    const rows = await this.enrollments.list(em, classId, q.status, q.after, q.limit);
    return pageOf(rows, q.limit, (r) => r.view, (r) => r.position);
  }
}
