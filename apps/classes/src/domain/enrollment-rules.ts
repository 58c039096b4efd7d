/**
 * The program's enrollment rules (ARCHITECTURE.md §1, issue 5), decided per student from facts the
 * command gathers in one set-based query.
 */
export type EnrollmentRejection =
  | 'CLASSES.STUDENT_NOT_FOUND'
  | 'CLASSES.STUDENT_NOT_ACTIVE'
  | 'CLASSES.STUDENT_NOT_IN_SCHOOL'
  | 'CLASSES.ALREADY_ENROLLED'
  | 'CLASSES.PLACEMENT_REQUIRED';

export interface EnrollmentWarning {
  code: 'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT';
  detail: string;
}

/** What is known about one requested student. */
export interface EnrollmentCandidate {
  studentId: string;
  /** A student account of the class's district. */
  found: boolean;
  active: boolean;
  /** A student of the class's school. */
  inSchool: boolean;
  /** Already has an active enrollment in this class. */
  alreadyEnrolled: boolean;
  /** The recommended course of the placement that counts, if any. */
  recommendedCourseId: string | null;
}

export interface EnrollmentPolicy {
  classCourseId: string | null;
  /** The district setting `placementRequired`. */
  placementRequired: boolean;
  /** An admin in scope asked to enroll without a placement. */
  override: boolean;
}

export interface EnrollmentDecision {
  studentId: string;
  outcome: 'enrolled' | 'rejected';
  code?: EnrollmentRejection;
  warnings: EnrollmentWarning[];
}

/** Only admins (district, or school admin of the class's school) may enroll without a placement. */
export function overrideAllowed(override: boolean, callerAdministersSchool: boolean): boolean {
  return !override || callerAdministersSchool;
}

export function decideEnrollment(c: EnrollmentCandidate, policy: EnrollmentPolicy): EnrollmentDecision {
  const reject = (code: EnrollmentRejection): EnrollmentDecision => ({ studentId: c.studentId, outcome: 'rejected', code, warnings: [] });
  if (!c.found) return reject('CLASSES.STUDENT_NOT_FOUND');
  if (!c.active) return reject('CLASSES.STUDENT_NOT_ACTIVE');
  if (!c.inSchool) return reject('CLASSES.STUDENT_NOT_IN_SCHOOL');
  if (c.alreadyEnrolled) return reject('CLASSES.ALREADY_ENROLLED');
  if (c.recommendedCourseId === null && policy.placementRequired && !policy.override) return reject('CLASSES.PLACEMENT_REQUIRED');
  const warnings: EnrollmentWarning[] = [];
  if (c.recommendedCourseId !== null && policy.classCourseId !== null && c.recommendedCourseId !== policy.classCourseId) {
    warnings.push({
      code: 'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT',
      detail: `the class's course is ${policy.classCourseId}; the latest placement recommends ${c.recommendedCourseId}`,
    });
  }
  return { studentId: c.studentId, outcome: 'enrolled', warnings };
}
