import { Inject, Injectable } from '@nestjs/common';
import { Events, type Envelope, type EventData } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { ASSESSMENT_ACTOR, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { nameBasedUuid } from '../../domain/ids';
import { AuditRepository } from '../../persistence/audit.repository';
import { PlacementsRepository } from '../../persistence/placements.repository';
import { StudentsRepository } from '../../persistence/students.repository';

export const ASSESSMENT_GROUP_ID = 'classes.assessment';

type PlacementCompleted = EventData<'placementCompleted'>;

/**
 * Placement results from the assessment service, recorded once per `assessmentId` (the placement id is
 * derived from it; a replay is skipped by the unique index). A course missing from the catalog is kept,
 * with a warning in the log.
 */
@Injectable()
export class RecordAssessmentPlacementsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: Pick<ClassesContext, 'catalog' | 'logger'>,
    @Inject(PlacementsRepository) private readonly placements: PlacementsRepository,
    @Inject(StudentsRepository) private readonly students: StudentsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(em: EntityManager, events: Envelope[]): Promise<void> {
    const results = new Map<string, Envelope<PlacementCompleted>>();
    for (const e of events) {
      if (e.type === Events.placementCompleted.type) results.set((e.data as PlacementCompleted).assessmentId, e as Envelope<PlacementCompleted>);
    }
    const inserted = await this.placements.insert(
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
    const schools = await this.students.firstSchools(em, inserted.map((p) => p.studentId));
    await this.audit.write(
      em,
      inserted.map((p) => ({
        districtId: p.districtId,
        schoolId: schools.get(p.studentId) ?? null,
        actor: ASSESSMENT_ACTOR,
        action: 'placement.recorded',
        targetType: 'placement' as const,
        targetId: p.id,
        details: { studentId: p.studentId, recommendedCourseId: p.recommendedCourseId, testedOn: p.testedOn, source: 'assessment' },
      })),
    );
    const unknown = inserted.filter((p) => !this.ctx.catalog.has(p.recommendedCourseId)).length;
    if (unknown > 0) this.ctx.logger.warn({ groupId: ASSESSMENT_GROUP_ID, unknownCourse: unknown }, 'placements recommend courses missing from the catalog');
  }
}
