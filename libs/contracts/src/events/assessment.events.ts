import { z } from 'zod';
import { isoDate, uuid } from './common';

/** Input from the assessment service: a placement test finished and recommends a course. */
export const assessmentPlacementCompleted = z.object({
  studentId: uuid,
  recommendedCourseId: z.string().min(1).max(100),
  score: z.number().optional(),
  testedOn: isoDate,
  /** The assessment service's own id for the result, so a replay is recognised. */
  assessmentId: z.string().min(1).max(200),
});
