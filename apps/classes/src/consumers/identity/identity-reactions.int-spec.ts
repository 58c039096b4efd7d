import type { AccountState } from '@roster/contracts';
import { sql } from '@roster/persistence';
import { ClassesHarness, DistrictFixture, principalOf } from '../../testing/classes-harness';

/**
 * Leavers and movers (issue 5, point 7): identity events on Kafka change enrollments and class teachers,
 * with the system actor `identity-sync`, events on classes.* topics and audit entries.
 */
describe('reactions to identity events', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const north = d.school('North');
  const south = d.school('South');
  const admin = d.account(['school_admin'], [{ schoolId: north.schoolId }, { schoolId: south.schoolId }]);
  const districtAdmin = d.account(['district_admin'], []);
  const soloTeacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const pairTeacherA = d.account(['teacher'], [{ schoolId: north.schoolId }, { schoolId: south.schoolId }]);
  const pairTeacherB = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const leaver = d.account(['student'], [{ schoolId: north.schoolId }]);
  const mover = d.account(['student'], [{ schoolId: north.schoolId }]);
  const flicker = d.account(['student'], [{ schoolId: north.schoolId }]);
  const stayer = d.account(['student'], [{ schoolId: north.schoolId }]);
  let soloClass: string;
  let pairClass: string;
  let southClass: string;

  const available = async (schoolId: string): Promise<string[]> => {
    const res = await h.api('GET', `/schools/${schoolId}/available-students?limit=500`, principalOf(admin));
    expect(res.status).toBe(200);
    return res.body.data.map((s: { id: string }) => s.id);
  };
  const activeIn = async (classId: string): Promise<string[]> =>
    (await h.api('GET', `/classes/${classId}/enrollments?status=active`, principalOf(admin))).body.data.map((e: { studentId: string }) => e.studentId);
  const ended = async (classId: string, studentId: string) =>
    (await h.api('GET', `/classes/${classId}/enrollments?status=ended`, principalOf(admin))).body.data.filter((e: { studentId: string }) => e.studentId === studentId);
  const moved = (a: AccountState, schoolIds: string[]): AccountState => ({
    ...a,
    schools: schoolIds.map((schoolId, i) => ({ schoolId, cleverSchoolId: `cs${i}`, roles: a.roles, primary: i === 0 })),
  });

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_reactions');
    await h.deliver([d.schoolEvent(north), d.schoolEvent(south)]);
    await h.deliver([admin, districtAdmin, soloTeacher, pairTeacherA, pairTeacherB, leaver, mover, flicker, stayer].map((a) => d.accountEvent('created', a)));
    // Placement is not the point here: the district lets students be enrolled without one.
    await h.api('PATCH', `/districts/${d.districtId}/settings`, principalOf(districtAdmin), { placementRequired: false });
    soloClass = (await h.api('POST', '/classes', principalOf(soloTeacher), { schoolId: north.schoolId, name: 'Solo' })).body.id;
    pairClass = (await h.api('POST', '/classes', principalOf(admin), { schoolId: north.schoolId, name: 'Pair', teacherIds: [pairTeacherA.accountId, pairTeacherB.accountId] })).body.id;
    southClass = (await h.api('POST', '/classes', principalOf(admin), { schoolId: south.schoolId, name: 'South', teacherIds: [pairTeacherA.accountId] })).body.id;
    const enrolled = await h.api('POST', `/classes/${pairClass}/enrollments`, principalOf(admin), {
      studentIds: [leaver.accountId, mover.accountId, flicker.accountId, stayer.accountId],
    });
    expect(enrolled.body.enrolled).toBe(4);
    await h.api('POST', `/classes/${soloClass}/enrollments`, principalOf(admin), { studentIds: [leaver.accountId] });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('ends an archived student\'s active enrollments (student_archived); restored, the student is available again but not re-enrolled', async () => {
    await h.deliver([d.accountEvent('archived', { ...leaver, status: 'archived' })]);
    expect(await activeIn(pairClass)).not.toContain(leaver.accountId);
    expect(await activeIn(soloClass)).not.toContain(leaver.accountId);
    expect(await ended(pairClass, leaver.accountId)).toEqual([
      expect.objectContaining({ status: 'ended', endReason: 'student_archived', endedBy: { type: 'system', id: 'identity-sync' } }),
    ]);
    expect(await available(north.schoolId)).not.toContain(leaver.accountId);
    const events = await h.waitForPublished(
      (all) => all.filter((e) => e.type === 'classes.enrollment.ended' && e.data.studentId === leaver.accountId).length === 2,
      'two enrollment.ended for the archived student',
    );
    expect(events.find((e) => e.type === 'classes.enrollment.ended' && e.data.studentId === leaver.accountId)).toMatchObject({
      data: { reason: 'student_archived', actor: { type: 'system', id: 'identity-sync' } },
    });

    await h.deliver([d.accountEvent('restored', leaver)]);
    expect(await available(north.schoolId)).toContain(leaver.accountId);
    expect(await activeIn(pairClass)).not.toContain(leaver.accountId);
    expect(await activeIn(soloClass)).not.toContain(leaver.accountId);
  });

  it('ends the enrollments in the old school\'s classes of a student who moved (left_school); the student is available in the new school', async () => {
    expect(await available(south.schoolId)).not.toContain(mover.accountId);
    await h.deliver([d.accountEvent('updated', moved(mover, [south.schoolId]))]);
    expect(await activeIn(pairClass)).not.toContain(mover.accountId);
    expect(await ended(pairClass, mover.accountId)).toEqual([expect.objectContaining({ endReason: 'left_school', endedBy: { type: 'system', id: 'identity-sync' } })]);
    expect(await available(south.schoolId)).toContain(mover.accountId);
    expect(await available(north.schoolId)).not.toContain(mover.accountId);
    expect(await activeIn(pairClass)).toContain(stayer.accountId);
  });

  it('ends the enrollments of a student archived and restored within one delivery (the archive is not lost)', async () => {
    await h.deliver([d.accountEvent('archived', { ...flicker, status: 'archived' }), d.accountEvent('restored', flicker)]);
    expect(await activeIn(pairClass)).not.toContain(flicker.accountId);
    expect(await ended(pairClass, flicker.accountId)).toEqual([expect.objectContaining({ endReason: 'student_archived' })]);
    expect(await available(north.schoolId)).toContain(flicker.accountId);
  });

  it('ignores an event older than the projection (version guard) and a redelivered event (inbox)', async () => {
    const current = d.accountEvent('updated', stayer);
    await h.deliver([current]);
    // An old "archived" state arriving late must not archive the student nor end the enrollment.
    await h.deliver([d.accountEvent('archived', { ...stayer, status: 'archived' }, 1)]);
    expect(await activeIn(pairClass)).toContain(stayer.accountId);
    const [row] = await h.rows<{ status: string; version: string }>(sql`select status, version from account where id = ${stayer.accountId}`);
    expect(row).toEqual({ status: 'active', version: '2' });
    // The same envelope again (same id, with a state that would end the enrollment) has no effect.
    await h.publish([{ ...current, data: { ...(current.data as AccountState), status: 'archived' } }]);
    // A later event of the same account (same key, same partition) is applied after the duplicate.
    await h.deliver([d.accountEvent('updated', stayer)]);
    expect((await h.rows<{ n: number }>(sql`select count(*)::int as n from inbox_message where message_id = ${current.id}`))[0].n).toBe(1);
    expect(await activeIn(pairClass)).toContain(stayer.accountId);
  });

  it('removes a teacher who left the school from its classes there, and flags a class left without a teacher (needs_teacher)', async () => {
    // pairTeacherA leaves North but stays in South.
    await h.deliver([d.accountEvent('updated', moved(pairTeacherA, [south.schoolId]))]);
    const pair = (await h.api('GET', `/classes/${pairClass}`, principalOf(admin))).body;
    expect(pair).toMatchObject({ teacherIds: [pairTeacherB.accountId], needsTeacher: false, status: 'active' });
    const south_ = (await h.api('GET', `/classes/${southClass}`, principalOf(admin))).body;
    expect(south_).toMatchObject({ teacherIds: [pairTeacherA.accountId], needsTeacher: false });

    // The solo teacher is archived: the class stays (never deleted), flagged.
    await h.deliver([d.accountEvent('archived', { ...soloTeacher, status: 'archived' })]);
    const solo = (await h.api('GET', `/classes/${soloClass}`, principalOf(admin))).body;
    expect(solo).toMatchObject({ teacherIds: [], needsTeacher: true, status: 'active' });

    const events = await h.waitForPublished(
      (all) => all.some((e) => e.type === 'classes.class.updated' && e.data.classId === soloClass && e.data.needsTeacher),
      'class.updated with needsTeacher',
    );
    const update = events.filter((e) => e.type === 'classes.class.updated' && e.data.classId === soloClass).pop()!;
    expect(update).toMatchObject({ subject: soloClass, data: { teacherIds: [], needsTeacher: true, changed: ['teacherIds', 'needsTeacher'], actor: { type: 'system', id: 'identity-sync' } } });
    expect(update.version).toBeGreaterThan(1);
    const pairUpdate = events.filter((e) => e.type === 'classes.class.updated' && e.data.classId === pairClass).pop()!;
    expect(pairUpdate.data).toMatchObject({ teacherIds: [pairTeacherB.accountId], needsTeacher: false, changed: ['teacherIds'] });

    const audit = (await h.api('GET', `/districts/${d.districtId}/audit?limit=500`, principalOf(districtAdmin))).body.data;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'class.teacher_removed', targetId: soloClass, actor: { type: 'system', id: 'identity-sync' }, details: { teacherId: soloTeacher.accountId, reason: 'teacher_archived' } }),
        expect.objectContaining({ action: 'class.teacher_removed', targetId: pairClass, details: { teacherId: pairTeacherA.accountId, reason: 'left_school' } }),
        expect.objectContaining({ action: 'class.needs_teacher', targetId: soloClass }),
        expect.objectContaining({ action: 'enrollment.ended', schoolId: north.schoolId, details: expect.objectContaining({ studentId: leaver.accountId, reason: 'student_archived' }) }),
      ]),
    );
  });
});
