import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { actorOf, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { insertPlacements, toPlacementView, type PlacementView } from '../../common/placements.repository';
import { requireKnownCourse } from '../../common/problems';
import { findStudent, requireStudentAccess } from '../../common/students.repository';

const placementBody = z.object({
  studentId: z.uuid(),
  recommendedCourseId: z.string().min(1).max(100),
  score: z.number().finite().optional(),
  testedOn: z.iso.date(),
});

/** POST /internal/v1/placements — records a manual placement result; the newest test date counts. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class RecordPlacementController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Post('placements')
  async record(@CurrentCaller() caller: Caller, @Body() body: unknown): Promise<PlacementView> {
    const p = staffCaller(caller);
    const input = parseInput(placementBody, body);
    requireKnownCourse(this.ctx.catalog, input.recommendedCourseId);
    const actor = actorOf(p);
    const view = await this.ctx.orm.em.fork().transactional(async (em) => {
      const student = requireStudentAccess(p, await findStudent(em, input.studentId));
      const [row] = await insertPlacements(em, [
        {
          id: randomUUID(),
          districtId: student.district_id,
          studentId: student.id,
          recommendedCourseId: input.recommendedCourseId,
          score: input.score,
          testedOn: input.testedOn,
          source: 'manual',
          recordedBy: p.accountId,
        },
      ]);
      await writeAudit(em, [
        {
          districtId: student.district_id,
          schoolId: student.school_ids[0] ?? null,
          actor,
          action: 'placement.recorded',
          targetType: 'placement',
          targetId: row.id,
          details: { studentId: student.id, recommendedCourseId: row.recommended_course_id, testedOn: row.tested_on, source: 'manual' },
        },
      ]);
      return toPlacementView(row);
    });
    this.ctx.logger.info({ placementId: view.id, studentId: view.studentId, actorId: actor.id }, 'placement recorded');
    return view;
  }
}
