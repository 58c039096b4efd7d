import { Topics } from '@roster/contracts';
import type { ConsumerDefinition } from '@roster/messaging';
import { ASSESSMENT_GROUP_ID, type RecordAssessmentPlacementsHandler } from './record-assessment-placements.handler';

export { ASSESSMENT_GROUP_ID };

/** `classes.assessment`: placement results from the assessment service. */
export function assessmentConsumer(handler: RecordAssessmentPlacementsHandler): ConsumerDefinition {
  return {
    groupId: ASSESSMENT_GROUP_ID,
    topics: [Topics.assessmentPlacements.name],
    handle: (em, events) => handler.handle(em, events),
  };
}
