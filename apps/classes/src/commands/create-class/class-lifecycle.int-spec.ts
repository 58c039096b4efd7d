import { randomUUID } from 'node:crypto';
import { ClassesHarness, DistrictFixture, principal, principalOf } from '../../testing/classes-harness';

/** Classes (issue 5, points 2, 3, 8, 9): catalog, create, change, archive, scope, events and audit. */
describe('class lifecycle', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const north = d.school('North');
  const south = d.school('South');
  const districtAdmin = d.account(['district_admin'], []);
  const northAdmin = d.account(['school_admin'], [{ schoolId: north.schoolId }]);
  const southAdmin = d.account(['school_admin'], [{ schoolId: south.schoolId }]);
  const teacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const colleague = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const southTeacher = d.account(['teacher'], [{ schoolId: south.schoolId }]);
  const gone = d.account(['teacher'], [{ schoolId: north.schoolId }], { status: 'archived' });
  const pupil = d.account(['student'], [{ schoolId: north.schoolId }]);

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_lifecycle');
    await h.deliver([d.schoolEvent(north), d.schoolEvent(south)]);
    await h.deliver([districtAdmin, northAdmin, southAdmin, teacher, colleague, southTeacher, pupil].map((a) => d.accountEvent('created', a)));
    await h.deliver([d.accountEvent('archived', gone)]);
    await h.deliver([d.placementEvent(pupil.accountId, 'spire-1', '2025-09-01')], 'classes.assessment');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('serves the course catalog (the illustrative default) to staff only', async () => {
    const res = await h.api('GET', '/courses', principalOf(teacher));
    expect(res.body.data).toHaveLength(8);
    expect(res.body.data[0]).toMatchObject({ id: 'spire-1', name: 'Level 1', order: 1 });
    expect((await h.api('GET', '/courses', principalOf(pupil))).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
  });

  it('creates a class: a teacher becomes its teacher; courses and teachers are checked', async () => {
    const mine = await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: '  Bluebirds ', courseId: 'spire-3' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      districtId: d.districtId,
      schoolId: north.schoolId,
      name: 'Bluebirds',
      courseId: 'spire-3',
      teacherIds: [teacher.accountId],
      teachers: [{ id: teacher.accountId, name: teacher.name }],
      status: 'active',
      needsTeacher: false,
      activeEnrollments: 0,
    });

    const byAdmin = await h.api('POST', '/classes', principalOf(northAdmin), { schoolId: north.schoolId, name: 'Unstaffed' });
    expect(byAdmin.body).toMatchObject({ teacherIds: [], needsTeacher: true, courseId: null });

    const unknownCourse = await h.api('POST', '/classes', principalOf(northAdmin), { schoolId: north.schoolId, name: 'X', courseId: 'level-99' });
    expect([unknownCourse.status, unknownCourse.body.code]).toEqual([400, 'CLASSES.UNKNOWN_COURSE']);
    for (const wrong of [southTeacher.accountId, gone.accountId, pupil.accountId, randomUUID()]) {
      const res = await h.api('POST', '/classes', principalOf(northAdmin), { schoolId: north.schoolId, name: 'X', teacherIds: [colleague.accountId, wrong] });
      expect([res.status, res.body.code, res.body.teacherIds]).toEqual([400, 'CLASSES.TEACHER_NOT_IN_SCHOOL', [wrong]]);
    }
    // Another school of the district is out of a teacher's scope: it does not exist for them (the policy's 404).
    expect((await h.api('POST', '/classes', principalOf(southTeacher), { schoolId: north.schoolId, name: 'X' })).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    expect((await h.api('POST', '/classes', principalOf(pupil), { schoolId: north.schoolId, name: 'X' })).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
    const foreign = await h.api('POST', '/classes', principal(randomUUID(), ['district_admin']), { schoolId: north.schoolId, name: 'X' });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'IDENTITY.SCHOOL_NOT_FOUND']);
    expect((await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: '' })).body.code).toBe('VALIDATION_FAILED');

    const created = await h.waitForPublished((all) => all.some((e) => e.type === 'classes.class.created' && e.data.classId === mine.body.id), 'class.created');
    expect(created.find((e) => e.data.classId === mine.body.id)).toMatchObject({
      subject: mine.body.id,
      version: 1,
      data: { name: 'Bluebirds', courseId: 'spire-3', teacherIds: [teacher.accountId], status: 'active', needsTeacher: false, actor: { type: 'user', id: teacher.accountId } },
    });
  });

  it('renames, changes and clears the course, adds and removes teachers; only visible changes publish an event', async () => {
    const cls = (await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: 'Robins', courseId: 'spire-1' })).body;
    const patch = (body: unknown, as = principalOf(teacher)) => h.api('PATCH', `/classes/${cls.id}`, as, body);

    expect((await patch({ name: 'Robins 2', courseId: 'spire-2' })).body).toMatchObject({ name: 'Robins 2', courseId: 'spire-2' });
    expect((await patch({ courseId: null })).body.courseId).toBeNull();
    expect((await patch({ courseId: 'nope' })).body.code).toBe('CLASSES.UNKNOWN_COURSE');
    expect((await patch({ addTeacherIds: [southTeacher.accountId] })).body.code).toBe('CLASSES.TEACHER_NOT_IN_SCHOOL');
    expect((await patch({ addTeacherIds: [colleague.accountId] })).body.teacherIds.sort()).toEqual([teacher.accountId, colleague.accountId].sort());
    // The colleague now teaches it and may change it; the creator leaves; the last teacher leaving flags the class.
    expect((await patch({ removeTeacherIds: [teacher.accountId] }, principalOf(colleague))).body).toMatchObject({ teacherIds: [colleague.accountId], needsTeacher: false });
    // A class a teacher does not teach is out of their scope: 404, the same answer as an unknown class.
    expect((await h.api('GET', `/classes/${cls.id}`, principalOf(teacher))).body).toMatchObject({ status: 404, code: 'CLASSES.CLASS_NOT_FOUND' });
    expect((await patch({ removeTeacherIds: [colleague.accountId] }, principalOf(northAdmin))).body).toMatchObject({ teacherIds: [], needsTeacher: true });
    expect((await patch({ addTeacherIds: [teacher.accountId] }, principalOf(northAdmin))).body).toMatchObject({ teacherIds: [teacher.accountId], needsTeacher: false });
    expect((await patch({ name: 'Robins 2' })).status).toBe(200); // unchanged: no event
    expect((await patch({ addTeacherIds: [colleague.accountId], removeTeacherIds: [colleague.accountId] })).body.code).toBe('VALIDATION_FAILED');
    expect((await patch({ name: 'Hijack' }, principalOf(southAdmin))).body).toMatchObject({ status: 404, code: 'CLASSES.CLASS_NOT_FOUND' });

    const events = await h.waitForPublished(
      (all) => all.filter((e) => e.data.classId === cls.id).length === 7,
      'one created and six updated events',
    );
    const updates = events.filter((e) => e.type === 'classes.class.updated' && e.data.classId === cls.id);
    expect(updates.map((e) => e.data.changed)).toEqual([
      ['name', 'courseId'],
      ['courseId'],
      ['teacherIds'],
      ['teacherIds'],
      ['teacherIds', 'needsTeacher'],
      ['teacherIds', 'needsTeacher'],
    ]);
    expect(updates.map((e) => e.version)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(new Set(updates.map((e) => e.id)).size).toBe(6);
  });

  it('archives a class: kept with its history, enrollments end (class_archived), no more changes', async () => {
    const cls = (await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: 'Owls', courseId: 'spire-1' })).body;
    expect((await h.api('POST', `/classes/${cls.id}/enrollments`, principalOf(teacher), { studentIds: [pupil.accountId] })).body.enrolled).toBe(1);
    const archived = await h.api('POST', `/classes/${cls.id}/archive`, principalOf(teacher));
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', activeEnrollments: 0, teacherIds: [teacher.accountId] });
    const history = await h.api('GET', `/classes/${cls.id}/enrollments?status=ended`, principalOf(teacher));
    expect(history.body.data).toEqual([expect.objectContaining({ studentId: pupil.accountId, endReason: 'class_archived', endedBy: { type: 'user', id: teacher.accountId } })]);
    const again = await h.api('PATCH', `/classes/${cls.id}`, principalOf(teacher), { name: 'Owls 2' });
    expect([again.status, again.body.code]).toEqual([409, 'CLASSES.CLASS_ARCHIVED']);
    expect((await h.api('POST', `/classes/${cls.id}/enrollments`, principalOf(teacher), { studentIds: [pupil.accountId] })).body.code).toBe('CLASSES.CLASS_ARCHIVED');
    expect((await h.api('POST', `/classes/${cls.id}/archive`, principalOf(teacher))).body.status).toBe('archived');
    await h.waitForPublished(
      (all) =>
        all.some((e) => e.type === 'classes.class.archived' && e.data.classId === cls.id && e.data.status === 'archived') &&
        all.some((e) => e.type === 'classes.enrollment.ended' && e.data.classId === cls.id && e.data.reason === 'class_archived'),
      'class.archived and enrollment.ended',
    );
    expect(h.published('classes.class.archived').filter((e) => e.data.classId === cls.id)).toHaveLength(1);
  });

  it('lists classes by scope: district admins all, school admins their schools, teachers the classes they teach', async () => {
    const southClass = (await h.api('POST', '/classes', principalOf(southTeacher), { schoolId: south.schoolId, name: 'Southern' })).body;
    const names = async (as: ReturnType<typeof principalOf>, query = '') =>
      (await h.api('GET', `/districts/${d.districtId}/classes?limit=500${query}`, as)).body.data.map((c: { name: string }) => c.name);
    const all = await names(principalOf(districtAdmin));
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['Bluebirds', 'Unstaffed', 'Robins 2', 'Owls', 'Southern']));
    expect(await names(principalOf(southAdmin))).toEqual(['Southern']);
    expect(await names(principalOf(southTeacher))).toEqual(['Southern']);
    expect(await names(principalOf(teacher))).toEqual(['Bluebirds', 'Owls', 'Robins 2']);
    expect(await names(principalOf(districtAdmin), `&schoolId=${south.schoolId}`)).toEqual(['Southern']);
    expect(await names(principalOf(districtAdmin), '&status=archived')).toEqual(['Owls']);
    const firstPage = await h.api('GET', `/districts/${d.districtId}/classes?limit=2`, principalOf(districtAdmin));
    const secondPage = await h.api('GET', `/districts/${d.districtId}/classes?limit=2&cursor=${firstPage.body.nextCursor}`, principalOf(districtAdmin));
    expect([...firstPage.body.data, ...secondPage.body.data].map((c: { name: string }) => c.name)).toEqual(all.slice(0, 4));
    expect((await h.api('GET', `/districts/${randomUUID()}/classes`, principalOf(districtAdmin))).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
    expect((await h.api('GET', `/classes/${southClass.id}`, principalOf(northAdmin))).body).toMatchObject({ status: 404, code: 'CLASSES.CLASS_NOT_FOUND' });
    expect((await h.api('GET', `/classes/${southClass.id}`, principal(randomUUID(), ['district_admin']))).body).toMatchObject({ status: 404, code: 'CLASSES.CLASS_NOT_FOUND' });
  });

  it('keeps an audit log per district, newest first with a cursor; school admins see their schools\' entries', async () => {
    const page1 = await h.api('GET', `/districts/${d.districtId}/audit?limit=3`, principalOf(districtAdmin));
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(3);
    const full = (await h.api('GET', `/districts/${d.districtId}/audit?limit=500`, principalOf(districtAdmin))).body.data;
    const page2 = await h.api('GET', `/districts/${d.districtId}/audit?limit=3&cursor=${page1.body.nextCursor}`, principalOf(districtAdmin));
    expect([...page1.body.data, ...page2.body.data]).toEqual(full.slice(0, 6));
    const times = full.map((e: { at: string }) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(full).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'class.created', targetType: 'class', schoolId: north.schoolId, actor: { type: 'user', id: teacher.accountId } }),
        expect.objectContaining({ action: 'class.updated', details: expect.objectContaining({ changed: ['name', 'courseId'] }) }),
        expect.objectContaining({ action: 'class.archived' }),
        expect.objectContaining({ action: 'enrollment.ended', details: expect.objectContaining({ reason: 'class_archived' }) }),
        expect.objectContaining({ action: 'placement.recorded', actor: { type: 'system', id: 'assessment' }, schoolId: north.schoolId }),
      ]),
    );
    const south_ = (await h.api('GET', `/districts/${d.districtId}/audit?limit=500`, principalOf(southAdmin))).body.data;
    expect(south_.length).toBeGreaterThan(0);
    expect(south_.every((e: { schoolId: string }) => e.schoolId === south.schoolId)).toBe(true);
    expect((await h.api('GET', `/districts/${d.districtId}/audit`, principalOf(teacher))).body).toMatchObject({ status: 403, code: 'ACCESS.SCHOOL_ADMIN_REQUIRED' });
  });
});
