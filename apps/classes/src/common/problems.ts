import { ProblemError } from '@roster/problems';
import type { CourseCatalog } from '../domain/course-catalog';

/** The service's stable problem codes that more than one use case raises. */
export const classNotFound = () => new ProblemError(404, 'CLASS_NOT_FOUND', 'Class not found');
export const classArchived = () => new ProblemError(409, 'CLASS_ARCHIVED', 'The class is archived', 'an archived class cannot change');
export const teachersNotInSchoolProblem = (teacherIds: string[]) =>
  new ProblemError(400, 'TEACHER_NOT_IN_SCHOOL', 'Teacher not in the school', 'every teacher must be an active teacher of the class\'s school', { teacherIds });

export function requireKnownCourse(catalog: CourseCatalog, courseId: string | null | undefined): void {
  if (courseId !== null && courseId !== undefined && !catalog.has(courseId)) {
    throw new ProblemError(400, 'UNKNOWN_COURSE', 'Unknown course', `no course ${courseId} in the catalog`, { courseId });
  }
}
