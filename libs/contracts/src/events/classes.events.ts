import { z } from 'zod';
import { actor, isoDateTime, uuid } from './common';

export const classState = z.object({
  classId: uuid,
  districtId: uuid,
  schoolId: uuid,
  name: z.string(),
  courseId: z.string().nullable(),
  teacherIds: z.array(uuid),
  status: z.enum(['active', 'archived']),
  needsTeacher: z.boolean(),
  actor,
});
export type ClassState = z.infer<typeof classState>;

export const classesClassCreated = classState;
export const classesClassUpdated = classState.extend({ changed: z.array(z.string()) });
export const classesClassArchived = classState;

export const enrollmentEndReason = z.enum(['unenrolled', 'student_archived', 'left_school', 'class_archived', 'school_year_ended']);
export type EnrollmentEndReason = z.infer<typeof enrollmentEndReason>;

export const classesEnrollmentStarted = z.object({
  enrollmentId: uuid,
  classId: uuid,
  studentId: uuid,
  districtId: uuid,
  schoolId: uuid,
  courseId: z.string().nullable(),
  startedAt: isoDateTime,
  actor,
});

export const classesEnrollmentEnded = classesEnrollmentStarted.extend({
  endedAt: isoDateTime,
  reason: enrollmentEndReason,
});
