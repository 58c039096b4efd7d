import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { accountAccess, enforce, notFoundError, requireStaff, type Caller } from '@roster/authz';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { requireKnownCourse } from '../../domain/errors';
import { toPlacementView, type PlacementView } from '../../persistence/placement.entity';
import { AuditRepository } from '../../persistence/audit.repository';
import { PlacementsRepository } from '../../persistence/placements.repository';
import { StudentsRepository } from '../../persistence/students.repository';

export interface RecordPlacementInput {
  studentId: string;
  recommendedCourseId: string;
  score?: number;
  testedOn: string;
}

/** Records a manual placement result (staff of one of the student's schools); the newest test date counts. */
@Injectable()
export class RecordPlacementHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(StudentsRepository) private readonly students: StudentsRepository,
    @Inject(PlacementsRepository) private readonly placements: PlacementsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, input: RecordPlacementInput): Promise<PlacementView> {
    const p = requireStaff(caller);
    requireKnownCourse(this.ctx.catalog, input.recommendedCourseId);
    const actor = actorOf(p);
    const view = await this.ctx.orm.em.fork().transactional(async (em) => {
      const student = await this.students.find(em, input.studentId);
      if (!student?.isStudent) throw notFoundError('account');
      enforce(accountAccess(p, student));
      const [row] = await this.placements.insert(em, [
        {
          id: randomUUID(),
          districtId: student.districtId,
          studentId: student.id,
          recommendedCourseId: input.recommendedCourseId,
          score: input.score,
          testedOn: input.testedOn,
          source: 'manual',
          recordedBy: p.accountId,
        },
      ]);
      await this.audit.write(em, [
        {
          districtId: student.districtId,
          schoolId: student.schoolIds[0] ?? null,
          actor,
          action: 'placement.recorded',
          targetType: 'placement',
          targetId: row.id,
          details: { studentId: student.id, recommendedCourseId: row.recommendedCourseId, testedOn: row.testedOn, source: 'manual' },
        },
      ]);
      return toPlacementView(row);
    });
    this.ctx.logger.info({ placementId: view.id, studentId: view.studentId, actorId: actor.id }, 'placement recorded');
    return view;
  }
}
