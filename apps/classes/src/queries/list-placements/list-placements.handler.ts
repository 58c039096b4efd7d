import { Inject, Injectable } from '@nestjs/common';
import { accountAccess, enforce, notFoundError, requireStaff, type Caller } from '@roster/authz';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { toPlacementView, type PlacementView } from '../../persistence/placement.entity';
import { PlacementsRepository } from '../../persistence/placements.repository';
import { StudentsRepository } from '../../persistence/students.repository';

/** A student's placement results, newest first (the first is the one that counts): staff of one of the student's schools. */
@Injectable()
export class ListPlacementsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(StudentsRepository) private readonly students: StudentsRepository,
    @Inject(PlacementsRepository) private readonly placements: PlacementsRepository,
  ) {}

  async execute(caller: Caller, studentId: string): Promise<{ data: PlacementView[] }> {
    const p = requireStaff(caller);
    const em = this.ctx.orm.em.fork();
    const student = await this.students.find(em, studentId);
    if (!student?.isStudent) throw notFoundError('account');
    enforce(accountAccess(p, student));
    return { data: (await this.placements.listOfStudent(em, student.id)).map(toPlacementView) };
  }
}
