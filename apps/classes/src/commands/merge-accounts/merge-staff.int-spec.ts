import { randomUUID } from 'node:crypto';
import { buildEnvelope, Events, type AccountState, type Envelope } from '@roster/contracts';
import { sql } from '@roster/persistence';
import { ClassesHarness, DistrictFixture, principalOf } from '../../testing/classes-harness';

/**
 * A staff merge in classes (issue 16, review C1): an archived teacher's account merged into the teacher's new
 * account makes the new one teacher of the old one's classes (those it was removed from because it was
 * archived, and the archived classes it still teaches as history), with `classes.class.updated` events and
 * audit entries; a student enrollment of the same source stays where it is (only the merged role group moves).
 */
describe('a staff merge in classes (real Kafka and PostgreSQL)', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const north = d.school('North');
  const admin = d.account(['school_admin'], [{ schoolId: north.schoolId }]);
  const districtAdmin = d.account(['district_admin'], []);
  // The old account of a teacher who also takes a class as a student (a teaching assistant).
  const source = d.account(['teacher', 'student'], [{ schoolId: north.schoolId }]);
  const target = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const other = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  let solo: string; // taught by the source alone
  let shared: string; // taught by the source and the target
  let archived: string; // taught by the source, archived before the source was
  let studied: string; // the source is enrolled as a student
  let sourceVersion = 0;

  const get = async (classId: string) => (await h.api('GET', `/classes/${classId}`, principalOf(admin))).body;
  const merged = (): Envelope =>
    buildEnvelope(Events.accountMerged, {
      id: randomUUID(),
      source: 'identity',
      subject: source.accountId,
      districtId: d.districtId,
      version: sourceVersion + 1,
      data: {
        sourceAccountId: source.accountId,
        intoAccountId: target.accountId,
        districtId: d.districtId,
        roleGroup: 'staff',
        actor: { type: 'user', id: districtAdmin.accountId },
        mergedAt: new Date().toISOString(),
        into: target,
        intoVersion: 1,
      },
    });

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_merge_staff');
    await h.deliver([d.schoolEvent(north)]);
    await h.deliver([admin, districtAdmin, source, target, other].map((a) => d.accountEvent('created', a)));
    await h.api('PATCH', `/districts/${d.districtId}/settings`, principalOf(districtAdmin), { placementRequired: false });
    const create = async (name: string, teacherIds: string[]) => {
      const res = await h.api('POST', '/classes', principalOf(admin), { schoolId: north.schoolId, name, teacherIds });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    solo = await create('Solo', [source.accountId]);
    shared = await create('Shared', [source.accountId, target.accountId]);
    archived = await create('Last year', [source.accountId]);
    studied = await create('Studied', [other.accountId]);
    expect((await h.api('POST', `/classes/${archived}/archive`, principalOf(admin))).status).toBe(200);
    expect((await h.api('POST', `/classes/${studied}/enrollments`, principalOf(admin), { studentIds: [source.accountId] })).body.enrolled).toBe(1);
    // Clever gave the teacher a new id: identity archived the old account (classes removed it from its active classes).
    await h.deliver([d.accountEvent('archived', { ...source, status: 'archived' } satisfies AccountState, 2)]);
    sourceVersion = 2;
    expect(await get(solo)).toMatchObject({ teacherIds: [], needsTeacher: true });
    expect(await get(archived)).toMatchObject({ teacherIds: [source.accountId], status: 'archived' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('makes the target teacher of the source\'s classes, publishes and audits each change; student records stay', async () => {
    const version = async (classId: string) => (await h.rows<{ version: number }>(sql`select version from class where id = ${classId}`))[0].version;
    const sharedBefore = await version(shared);
    const event = merged();
    await h.deliver([event]);

    expect(await get(solo)).toMatchObject({ teacherIds: [target.accountId], needsTeacher: false, status: 'active' });
    expect(await get(archived)).toMatchObject({ teacherIds: [target.accountId], status: 'archived' });
    // The target already teaches it: nothing changes, nothing is published.
    expect(await get(shared)).toMatchObject({ teacherIds: [target.accountId] });
    expect(await version(shared)).toBe(sharedBefore);
    expect(await h.rows(sql`select count(*)::int as n from class_teacher where teacher_id = ${source.accountId}`)).toEqual([{ n: 0 }]);

    // The source's enrollment as a student belongs to the student role group: it stays with the source.
    const enrollments = await h.rows<{ student_id: string; status: string; end_reason: string }>(sql`select student_id, status, end_reason from enrollment where class_id = ${studied}`);
    expect(enrollments).toEqual([{ student_id: source.accountId, status: 'ended', end_reason: 'student_archived' }]);

    const published = await h.waitForPublished(
      (all) => all.filter((e) => e.type === 'classes.class.updated' && e.data.actor?.id === districtAdmin.accountId).length >= 2,
      'the merge\'s class.updated events',
    );
    const byMerge = published.filter((e) => e.type === 'classes.class.updated' && e.data.actor?.id === districtAdmin.accountId);
    expect(byMerge.map((e) => e.subject).sort()).toEqual([solo, archived].sort());
    expect(byMerge.find((e) => e.subject === solo)!.data).toMatchObject({ teacherIds: [target.accountId], needsTeacher: false, changed: ['teacherIds', 'needsTeacher'] });
    expect(byMerge.find((e) => e.subject === archived)!.data).toMatchObject({ teacherIds: [target.accountId], changed: ['teacherIds'] });

    const audit = (await h.api('GET', `/districts/${d.districtId}/audit?limit=500`, principalOf(districtAdmin))).body.data as { action: string; targetId: string; details: Record<string, unknown> }[];
    expect(audit.find((e) => e.action === 'account.merged')).toMatchObject({
      targetId: target.accountId,
      details: { sourceAccountId: source.accountId, roleGroup: 'staff', classesRestaffed: 2, enrollmentsMoved: 0, placementsMoved: 0 },
    });
    const restaffed = audit.filter((e) => e.action === 'class.updated' && e.details.reason === 'account_merged');
    expect(restaffed.map((e) => e.targetId).sort()).toEqual([solo, archived].sort());
    expect(restaffed.find((e) => e.targetId === solo)!.details).toMatchObject({ addedTeacherIds: [target.accountId], removedTeacherIds: [], needsTeacher: false });
    expect(restaffed.find((e) => e.targetId === archived)!.details).toMatchObject({ addedTeacherIds: [target.accountId], removedTeacherIds: [source.accountId] });
  });

  it('a second copy of the merge (another message id) changes nothing', async () => {
    const before = await Promise.all([solo, shared, archived].map(get));
    const auditBefore = await h.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'class.updated'`);
    await h.deliver([merged()]);
    expect(await Promise.all([solo, shared, archived].map(get))).toEqual(before);
    expect(await h.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'class.updated'`)).toEqual(auditBefore);
  });
});
