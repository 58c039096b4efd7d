import { Events, Topics, type Envelope, type EventData } from '@roster/contracts';
import type { ConsumerDefinition } from '@roster/messaging';
import type { EntityManager } from '@roster/persistence';
import { writeAudit } from '../../common/audit.repository';
import { ASSESSMENT_ACTOR, type ClassesContext } from '../../common/context';
import { insertPlacements, studentSchools } from '../../common/placements.repository';
import { nameBasedUuid } from '../../domain/ids';

export const ASSESSMENT_GROUP_ID = 'classes.assessment';

type PlacementCompleted = EventData<'placementCompleted'>;

/**
 * `classes.assessment`: placement results from the assessment service. A result is recorded once per
 * `assessmentId` (its placement id is derived from it; a replay is skipped by the unique index).
 */
export function assessmentConsumer(ctx: Pick<ClassesContext, 'catalog' | 'logger'>): ConsumerDefinition {
  return {
    groupId: ASSESSMENT_GROUP_ID,
    topics: [Topics.assessmentPlacements.name],
    handle: async (em: EntityManager, events: Envelope[]) => {
      const results = new Map<string, Envelope<PlacementCompleted>>();
      for (const e of events) {
        if (e.type === Events.placementCompleted.type) results.set((e.data as PlacementCompleted).assessmentId, e as Envelope<PlacementCompleted>);
      }
      const inserted = await insertPlacements(
        em,
        [...results.values()].map(({ districtId, data }) => ({
          id: nameBasedUuid('assessment.placement', data.assessmentId),
          districtId,
          studentId: data.studentId,
          recommendedCourseId: data.recommendedCourseId,
          score: data.score,
          testedOn: data.testedOn,
          source: 'assessment' as const,
          assessmentId: data.assessmentId,
        })),
      );
      if (inserted.length === 0) return;
      const schools = await studentSchools(em, inserted.map((p) => p.student_id));
      await writeAudit(
        em,
        inserted.map((p) => ({
          districtId: p.district_id,
          schoolId: schools.get(p.student_id) ?? null,
          actor: ASSESSMENT_ACTOR,
          action: 'placement.recorded',
          targetType: 'placement' as const,
          targetId: p.id,
          details: { studentId: p.student_id, recommendedCourseId: p.recommended_course_id, testedOn: p.tested_on, source: 'assessment' },
        })),
      );
      const unknown = inserted.filter((p) => !ctx.catalog.has(p.recommended_course_id)).length;
      if (unknown > 0) ctx.logger.warn({ groupId: ASSESSMENT_GROUP_ID, unknownCourse: unknown }, 'placements recommend courses missing from the catalog');
    },
  };
}
