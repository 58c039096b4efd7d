import { randomUUID } from 'node:crypto';
import { ClassesHarness, DistrictFixture, principal, principalOf } from '../../testing/classes-harness';

/**
 * Enrollment rules (issue 5, point 5) against the real service: identity and placement events go in
 * through Kafka, requests come over HTTP with internal tokens, events come out of the outbox on Kafka.
 */
describe('enroll students', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const other = new DistrictFixture();
  const s1 = d.school('North');
  const s2 = d.school('South');
  const teacher = d.account(['teacher'], [{ schoolId: s1.schoolId }]);
  const teacher2 = d.account(['teacher'], [{ schoolId: s1.schoolId }]);
  const schoolAdmin = d.account(['school_admin'], [{ schoolId: s1.schoolId }]);
  const districtAdmin = d.account(['district_admin'], []);
  const placed = d.account(['student'], [{ schoolId: s1.schoolId }], { grade: '3' });
  const unplaced = d.account(['student'], [{ schoolId: s1.schoolId }], { grade: '3' });
  const archived = d.account(['student'], [{ schoolId: s1.schoolId }], { status: 'archived' });
  const elsewhere = d.account(['student'], [{ schoolId: s2.schoolId }]);
  const otherCourse = d.account(['student'], [{ schoolId: s1.schoolId }]);
  const late = d.account(['student'], [{ schoolId: s1.schoolId }]);
  const foreign = other.account(['student'], [{ schoolId: other.school().schoolId }]);
  let classId: string;

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_enroll');
    await h.deliver([
      d.schoolEvent(s1),
      d.schoolEvent(s2),
    ]);
    await h.deliver([
      ...[teacher, teacher2, schoolAdmin, districtAdmin, placed, unplaced, elsewhere, otherCourse, late].map((a) => d.accountEvent('created', a)),
      d.accountEvent('archived', archived),
      other.accountEvent('created', foreign),
    ]);
    await h.deliver(
      [d.placementEvent(placed.accountId, 'spire-2', '2025-09-01'), d.placementEvent(otherCourse.accountId, 'spire-5', '2025-09-02')],
      'classes.assessment',
    );
    const created = await h.api('POST', '/classes', principalOf(teacher), { schoolId: s1.schoolId, name: 'Group A', courseId: 'spire-2' });
    expect(created.status).toBe(201);
    classId = created.body.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('enrolls each requested student or rejects it with its code, one result per student', async () => {
    const unknown = randomUUID();
    const res = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher), {
      studentIds: [placed.accountId, unplaced.accountId, archived.accountId, elsewhere.accountId, otherCourse.accountId, unknown, foreign.accountId, teacher2.accountId],
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { studentId: placed.accountId, outcome: 'enrolled', warnings: [] },
      { studentId: unplaced.accountId, outcome: 'rejected', code: 'CLASSES.PLACEMENT_REQUIRED', warnings: [] },
      { studentId: archived.accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_ACTIVE', warnings: [] },
      { studentId: elsewhere.accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_IN_SCHOOL', warnings: [] },
      { studentId: otherCourse.accountId, outcome: 'enrolled', warnings: [{ code: 'CLASSES.COURSE_DIFFERS_FROM_PLACEMENT', detail: expect.stringContaining('spire-5') }] },
      { studentId: unknown, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_FOUND', warnings: [] },
      // Another district's student, and an account that is not a student, are not found either.
      { studentId: foreign.accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_FOUND', warnings: [] },
      { studentId: teacher2.accountId, outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_FOUND', warnings: [] },
    ]);
    expect(res.body).toMatchObject({ enrolled: 2, rejected: 6 });

    const roster = await h.api('GET', `/classes/${classId}/enrollments`, principalOf(teacher));
    expect(roster.body.data.map((e: { studentId: string }) => e.studentId).sort()).toEqual([placed.accountId, otherCourse.accountId].sort());
    expect(roster.body.data[0]).toMatchObject({ classId, status: 'active', startedBy: { type: 'user', id: teacher.accountId }, student: { name: { first: expect.any(String) } } });

    const events = await h.waitForPublished((all) => all.filter((e) => e.type === 'classes.enrollment.started').length >= 2, 'enrollment.started events');
    const started = events.filter((e) => e.type === 'classes.enrollment.started' && e.data.classId === classId);
    expect(started.map((e) => e.data.studentId).sort()).toEqual([placed.accountId, otherCourse.accountId].sort());
    expect(started[0]).toMatchObject({ source: 'classes', subject: classId, districtId: d.districtId, version: 1, data: { courseId: 'spire-2', actor: { type: 'user', id: teacher.accountId } } });
  });

  it('rejects a student already enrolled in this class, but not one enrolled in another class', async () => {
    const again = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher), { studentIds: [placed.accountId] });
    expect(again.body.results).toEqual([{ studentId: placed.accountId, outcome: 'rejected', code: 'CLASSES.ALREADY_ENROLLED', warnings: [] }]);
    const second = await h.api('POST', '/classes', principalOf(teacher), { schoolId: s1.schoolId, name: 'Group B', courseId: 'spire-2' });
    const res = await h.api('POST', `/classes/${second.body.id}/enrollments`, principalOf(teacher), { studentIds: [placed.accountId] });
    expect(res.body).toMatchObject({ enrolled: 1, results: [{ outcome: 'enrolled' }] });
  });

  it("refuses a teacher's override (403 OVERRIDE_NOT_ALLOWED) and lets an admin of the school override the placement rule", async () => {
    const byTeacher = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher), { studentIds: [unplaced.accountId], override: true });
    expect(byTeacher.status).toBe(403);
    expect(byTeacher.body.code).toBe('CLASSES.OVERRIDE_NOT_ALLOWED');
    const byAdmin = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(schoolAdmin), { studentIds: [unplaced.accountId], override: true });
    expect(byAdmin.body).toMatchObject({ enrolled: 1, results: [{ studentId: unplaced.accountId, outcome: 'enrolled', warnings: [] }] });
    // The override lifts the placement rule only: the other rules still hold.
    const stillRejected = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(districtAdmin), { studentIds: [elsewhere.accountId], override: true });
    expect(stillRejected.body.results[0]).toMatchObject({ outcome: 'rejected', code: 'CLASSES.STUDENT_NOT_IN_SCHOOL' });
  });

  it('enrolls without a placement when the district turns placementRequired off (district admins only)', async () => {
    expect((await h.api('GET', `/districts/${d.districtId}/settings`, principalOf(teacher))).body).toEqual({ districtId: d.districtId, placementRequired: true, placementValidity: 'any' });
    const byTeacher = await h.api('PATCH', `/districts/${d.districtId}/settings`, principalOf(teacher), { placementRequired: false });
    expect([byTeacher.status, byTeacher.body.code]).toEqual([403, 'ACCESS.DISTRICT_ADMIN_REQUIRED']);
    const off = await h.api('PATCH', `/districts/${d.districtId}/settings`, principalOf(districtAdmin), { placementRequired: false });
    expect(off.body).toEqual({ districtId: d.districtId, placementRequired: false, placementValidity: 'any' });
    try {
      const res = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher), { studentIds: [late.accountId] });
      expect(res.body.results).toEqual([{ studentId: late.accountId, outcome: 'enrolled', warnings: [] }]);
    } finally {
      await h.api('PATCH', `/districts/${d.districtId}/settings`, principalOf(districtAdmin), { placementRequired: true });
    }
  });

  it('unenrolls (204, then 404 ENROLLMENT_NOT_FOUND) keeping the history, and enrolls again as a new enrollment', async () => {
    const first = await h.api('DELETE', `/classes/${classId}/enrollments/${placed.accountId}`, principalOf(teacher));
    expect(first.status).toBe(204);
    const second = await h.api('DELETE', `/classes/${classId}/enrollments/${placed.accountId}`, principalOf(teacher));
    expect(second.status).toBe(404);
    expect(second.body.code).toBe('CLASSES.ENROLLMENT_NOT_FOUND');
    const again = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher), { studentIds: [placed.accountId] });
    expect(again.body.enrolled).toBe(1);

    const history = await h.api('GET', `/classes/${classId}/enrollments?status=all`, principalOf(teacher));
    const mine = history.body.data.filter((e: { studentId: string }) => e.studentId === placed.accountId);
    expect(mine).toHaveLength(2);
    expect(mine.find((e: { status: string }) => e.status === 'ended')).toMatchObject({
      endReason: 'unenrolled',
      endedBy: { type: 'user', id: teacher.accountId },
      endedAt: expect.any(String),
      startedAt: expect.any(String),
    });
    const ended = await h.waitForPublished((all) => all.some((e) => e.type === 'classes.enrollment.ended' && e.data.studentId === placed.accountId), 'enrollment.ended');
    expect(ended.find((e) => e.type === 'classes.enrollment.ended' && e.data.studentId === placed.accountId)).toMatchObject({
      version: 2,
      data: { reason: 'unenrolled', classId, actor: { type: 'user', id: teacher.accountId } },
    });
    const audit = await h.api('GET', `/districts/${d.districtId}/audit?limit=500`, principalOf(districtAdmin));
    expect(audit.body.data.filter((a: { action: string; details: { studentId?: string } }) => a.details.studentId === placed.accountId).map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['enrollment.started', 'enrollment.ended']),
    );
  });

  it('enrolls 500 students in one request', async () => {
    const many = Array.from({ length: 500 }, () => d.account(['student'], [{ schoolId: s1.schoolId }], { grade: '4' }));
    await h.deliver(many.map((a) => d.accountEvent('created', a)));
    await h.deliver(many.map((a) => d.placementEvent(a.accountId, 'spire-1', '2025-10-01')), 'classes.assessment');
    const big = await h.api('POST', '/classes', principalOf(schoolAdmin), { schoolId: s1.schoolId, name: 'Big', courseId: 'spire-1', teacherIds: [teacher.accountId] });
    const res = await h.api('POST', `/classes/${big.body.id}/enrollments`, principalOf(schoolAdmin), { studentIds: many.map((a) => a.accountId) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enrolled: 500, rejected: 0 });
    expect(res.body.results.map((r: { studentId: string }) => r.studentId)).toEqual(many.map((a) => a.accountId));
    const view = await h.api('GET', `/classes/${big.body.id}`, principalOf(teacher));
    expect(view.body.activeEnrollments).toBe(500);
    await h.waitForPublished((all) => all.filter((e) => e.type === 'classes.enrollment.started' && e.data.classId === big.body.id).length === 500, '500 started events');

    const tooMany = await h.api('POST', `/classes/${big.body.id}/enrollments`, principalOf(schoolAdmin), { studentIds: [...many.map((a) => a.accountId), randomUUID()] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
  });

  it('checks the caller: another district is 404, a student 403, a teacher not teaching the class 404', async () => {
    const foreignAdmin = principal(other.districtId, ['district_admin']);
    expect((await h.api('POST', `/classes/${classId}/enrollments`, foreignAdmin, { studentIds: [late.accountId] })).body).toMatchObject({ status: 404, code: 'CLASSES.CLASS_NOT_FOUND' });
    const student = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(placed), { studentIds: [late.accountId] });
    expect([student.status, student.body.code]).toEqual([403, 'ACCESS.STUDENT_NO_ACCESS']);
    const notHers = await h.api('POST', `/classes/${classId}/enrollments`, principalOf(teacher2), { studentIds: [late.accountId] });
    expect([notHers.status, notHers.body.code]).toEqual([404, 'CLASSES.CLASS_NOT_FOUND']);
    expect((await h.api('POST', `/classes/${classId}/enrollments`, undefined, { studentIds: [late.accountId] })).status).toBe(401);
  });
});
