import { conflict, forbidden, invalid, notFound, type DomainError } from '@roster/problems';
import type { CourseCatalog } from './course-catalog';

/**
 * The classes service's own problem codes (namespaced `CLASSES.*`). Scope refusals come from the one
 * authorization policy (`@roster/authz`): `CLASSES.CLASS_NOT_FOUND`, `IDENTITY.SCHOOL_NOT_FOUND`, `ACCESS.*`.
 */
export const CLASSES_CODES = {
  classArchived: 'CLASSES.CLASS_ARCHIVED',
  unknownCourse: 'CLASSES.UNKNOWN_COURSE',
  teacherNotInSchool: 'CLASSES.TEACHER_NOT_IN_SCHOOL',
  schoolRemoved: 'CLASSES.SCHOOL_REMOVED',
  overrideNotAllowed: 'CLASSES.OVERRIDE_NOT_ALLOWED',
  enrollmentNotFound: 'CLASSES.ENROLLMENT_NOT_FOUND',
} as const;

export const classArchived = (): DomainError => conflict(CLASSES_CODES.classArchived, 'an archived class cannot change');

export const teachersNotInSchool = (teacherIds: string[]): DomainError =>
  invalid(CLASSES_CODES.teacherNotInSchool, "every teacher must be an active teacher of the class's school", { teacherIds });

export const schoolRemoved = (): DomainError => conflict(CLASSES_CODES.schoolRemoved, 'the school is no longer shared');

export const overrideNotAllowed = (): DomainError =>
  forbidden(CLASSES_CODES.overrideNotAllowed, 'only district admins and admins of the school may enroll without a placement');

export const enrollmentNotFound = (): DomainError =>
  notFound(CLASSES_CODES.enrollmentNotFound, 'Enrollment', 'the student has no active enrollment in this class');

/** A class or a manual placement names a course of the catalog (consumed placements are kept anyway). */
export function requireKnownCourse(catalog: CourseCatalog, courseId: string | null | undefined): void {
  if (courseId !== null && courseId !== undefined && !catalog.has(courseId)) {
    throw invalid(CLASSES_CODES.unknownCourse, `no course ${courseId} in the catalog`, { courseId });
  }
}
