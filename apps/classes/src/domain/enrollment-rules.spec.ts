import { decideEnrollment, overrideAllowed, type EnrollmentCandidate, type EnrollmentPolicy } from './enrollment-rules';

const eligible: EnrollmentCandidate = { studentId: 's', found: true, active: true, inSchool: true, alreadyEnrolled: false, recommendedCourseId: 'spire-2' };
const policy: EnrollmentPolicy = { classCourseId: 'spire-2', placementRequired: true, override: false };

describe('decideEnrollment', () => {
  it('enrolls an active student of the school with a placement for the class course, without warnings', () => {
    expect(decideEnrollment(eligible, policy)).toEqual({ studentId: 's', outcome: 'enrolled', warnings: [] });
  });

  it.each([
    ['CLASSES.STUDENT_NOT_FOUND', { found: false, active: false, inSchool: false }],
    ['CLASSES.STUDENT_NOT_ACTIVE', { active: false, inSchool: false, alreadyEnrolled: true }],
    ['CLASSES.STUDENT_NOT_IN_SCHOOL', { inSchool: false, alreadyEnrolled: true, recommendedCourseId: null }],
    ['CLASSES.ALREADY_ENROLLED', { alreadyEnrolled: true, recommendedCourseId: null }],
    ['CLASSES.PLACEMENT_REQUIRED', { recommendedCourseId: null }],
  ] as const)('rejects with %s (the first rule that fails wins)', (code, facts) => {
    expect(decideEnrollment({ ...eligible, ...facts }, policy)).toEqual({ studentId: 's', outcome: 'rejected', code, warnings: [] });
  });

  it('needs no placement when the district setting is off, or with an override', () => {
    const unplaced = { ...eligible, recommendedCourseId: null };
    expect(decideEnrollment(unplaced, { ...policy, placementRequired: false }).outcome).toBe('enrolled');
    expect(decideEnrollment(unplaced, { ...policy, override: true }).outcome).toBe('enrolled');
    // The override lifts the placement rule only.
    expect(decideEnrollment({ ...unplaced, inSchool: false }, { ...policy, override: true }).code).toBe('CLASSES.STUDENT_NOT_IN_SCHOOL');
  });

  it('warns (never rejects) when the class course differs from the latest recommendation', () => {
    const decision = decideEnrollment({ ...eligible, recommendedCourseId: 'spire-5' }, policy);
    expect(decision.outcome).toBe('enrolled');
    expect(decision.warnings).toEqual([{ code: 'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT', detail: expect.stringContaining('spire-5') }]);
    expect(decideEnrollment({ ...eligible, recommendedCourseId: 'spire-5' }, { ...policy, classCourseId: null }).warnings).toEqual([]);
  });

  it('allows an override to admins of the school only', () => {
    expect(overrideAllowed(true, false)).toBe(false);
    expect(overrideAllowed(true, true)).toBe(true);
    expect(overrideAllowed(false, false)).toBe(true);
  });
});
