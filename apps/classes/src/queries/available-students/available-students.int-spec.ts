import { randomUUID } from 'node:crypto';
import type { AccountState } from '@roster/contracts';
import { ClassesHarness, DistrictFixture, principal, principalOf } from '../../testing/classes-harness';

/** Available students (issue 5, point 6) and placements (point 4), with events in through Kafka. */
describe('available students and placements', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const north = d.school('North');
  const south = d.school('South');
  const admin = d.account(['school_admin'], [{ schoolId: north.schoolId }]);
  const teacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const southTeacher = d.account(['teacher'], [{ schoolId: south.schoolId }]);
  const student = (first: string, last: string, extra: Partial<AccountState> = {}, schoolId = north.schoolId) =>
    d.account(['student'], [{ schoolId }], { name: { first, last }, ...extra });
  const zoe = student('Zoe', 'Adams', { grade: '3', sisId: 'S-100', studentNumber: '9001' });
  const amy = student('amy', 'baker', { grade: '4' });
  const bob = student('Bob', 'Baker', { grade: '3' });
  const ann = student('Ann', 'Baker', { grade: '5' });
  const carl = student('Carl', 'Clark', { grade: '4' });
  const dana = student('Dana', 'Diaz', { status: 'archived' });
  const eve = student('Eve', 'Evans', {}, south.schoolId);
  const hal = student('Hal', 'Hughes', { grade: '2' });
  const generated = Array.from({ length: 25 }, () => d.account(['student'], [{ schoolId: north.schoolId }], { grade: '1' }));
  const visible = [zoe, amy, bob, ann, hal, ...generated];
  const sortKey = (a: AccountState) => [a.name.last.toLowerCase(), a.name.first.toLowerCase(), a.accountId] as const;
  const expectedOrder = [...visible]
    .sort((x, y) => {
      const [a, b] = [sortKey(x), sortKey(y)];
      for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return 0;
    })
    .map((a) => a.accountId);

  const list = async (query = '', as = principalOf(teacher)) => h.api('GET', `/schools/${north.schoolId}/available-students${query}`, as);
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((s) => s.id);

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_available');
    await h.deliver([d.schoolEvent(north), d.schoolEvent(south)]);
    await h.deliver([admin, teacher, southTeacher, zoe, amy, bob, ann, carl, eve, hal, ...generated].map((a) => d.accountEvent('created', a)));
    await h.deliver([d.accountEvent('archived', dana)]);
    await h.deliver(
      [d.placementEvent(zoe.accountId, 'spire-2', '2025-09-01'), d.placementEvent(bob.accountId, 'spire-3', '2025-09-01'), d.placementEvent(ann.accountId, 'spire-2', '2025-09-01'), d.placementEvent(carl.accountId, 'spire-1', '2025-09-01')],
      'classes.assessment',
    );
    const cls = await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: 'Taken', courseId: 'spire-1' });
    expect((await h.api('POST', `/classes/${cls.body.id}/enrollments`, principalOf(teacher), { studentIds: [carl.accountId] })).body.enrolled).toBe(1);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lists the active, unenrolled students of the school sorted by last name, first name, id', async () => {
    const res = await list('?limit=500');
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expectedOrder);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data[0]).toEqual({
      id: zoe.accountId,
      cleverId: zoe.cleverUserId,
      name: { first: 'Zoe', last: 'Adams' },
      grade: '3',
      sisId: 'S-100',
      studentNumber: '9001',
      latestPlacement: expect.objectContaining({ recommendedCourseId: 'spire-2', testedOn: '2025-09-01', source: 'assessment', studentId: zoe.accountId }),
    });
  });

  it('pages with a keyset cursor through the same list', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.data.length).toBeLessThanOrEqual(7);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expectedOrder);
    expect(pages).toBe(Math.ceil(expectedOrder.length / 7));
    expect((await list('?cursor=not-a-cursor')).body.code).toBe('INVALID_CURSOR');
  });

  it('filters by grade, by placement (none or a recommended course) and by text (name, sis_id, student_number)', async () => {
    expect(ids(await list('?grade=3'))).toEqual([zoe.accountId, bob.accountId]);
    expect(ids(await list('?placement=spire-2'))).toEqual([zoe.accountId, ann.accountId]);
    const none = ids(await list('?placement=none&limit=500'));
    expect(none).toEqual(expectedOrder.filter((id) => ![zoe, bob, ann].some((a) => a.accountId === id)));
    expect(ids(await list('?q=BAKER'))).toEqual([amy.accountId, ann.accountId, bob.accountId]);
    expect(ids(await list('?q=s-100'))).toEqual([zoe.accountId]);
    expect(ids(await list('?q=9001'))).toEqual([zoe.accountId]);
    expect(ids(await list('?q=%25'))).toEqual([]);
    expect(ids(await list('?grade=3&placement=spire-3&q=bob'))).toEqual([bob.accountId]);
  });

  it('answers staff of the school only: another school\'s teacher 404, another district 404, a student 403', async () => {
    expect((await list('', principalOf(southTeacher))).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    const foreign = await list('', principal(randomUUID(), ['district_admin']));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('IDENTITY.SCHOOL_NOT_FOUND');
    expect((await list('', principalOf(zoe))).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
    expect((await list('', principalOf(admin))).status).toBe(200);
  });

  it('records manual placements; the latest by test date, then by recorded time, counts and the history is kept', async () => {
    const place = (recommendedCourseId: string, testedOn: string, as = principalOf(teacher)) =>
      h.api('POST', '/placements', as, { studentId: hal.accountId, recommendedCourseId, testedOn, score: 42 });
    const first = await place('spire-4', '2025-10-01');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ studentId: hal.accountId, recommendedCourseId: 'spire-4', testedOn: '2025-10-01', score: 42, source: 'manual', recordedBy: teacher.accountId });
    expect((await place('spire-1', '2025-08-01')).status).toBe(201); // an older test does not count
    expect(ids(await list('?placement=spire-4'))).toEqual([hal.accountId]);
    expect((await place('spire-5', '2025-10-01')).status).toBe(201); // same test date, recorded later: counts
    expect(ids(await list('?placement=spire-5'))).toEqual([hal.accountId]);
    expect(ids(await list('?placement=spire-4'))).toEqual([]);

    const history = await h.api('GET', `/students/${hal.accountId}/placements`, principalOf(admin));
    expect(history.body.data.map((p: { recommendedCourseId: string }) => p.recommendedCourseId)).toEqual(['spire-5', 'spire-4', 'spire-1']);

    const unknown = await place('no-such-course', '2025-10-02');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('CLASSES.UNKNOWN_COURSE');
    // A student of another school is out of the teacher's scope: 404, as an unknown student.
    expect((await place('spire-1', '2025-10-02', principalOf(southTeacher))).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await h.api('POST', '/placements', principalOf(teacher), { studentId: randomUUID(), recommendedCourseId: 'spire-1', testedOn: '2025-10-02' })).body.code).toBe(
      'IDENTITY.ACCOUNT_NOT_FOUND',
    );
    expect((await h.api('POST', '/placements', principalOf(teacher), { studentId: hal.accountId, recommendedCourseId: 'spire-1', testedOn: 'yesterday' })).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('records a placement from the assessment service once per assessmentId, even when the message is sent twice', async () => {
    const a = d.placementEvent(amy.accountId, 'spire-6', '2025-11-01', 'assessment-amy-1');
    const replay = { ...d.placementEvent(amy.accountId, 'spire-6', '2025-11-01', 'assessment-amy-1') };
    await h.deliver([a, replay], 'classes.assessment');
    const history = await h.api('GET', `/students/${amy.accountId}/placements`, principalOf(teacher));
    expect(history.body.data).toEqual([expect.objectContaining({ recommendedCourseId: 'spire-6', source: 'assessment', testedOn: '2025-11-01' })]);
    expect(history.body.data[0].recordedBy).toBeUndefined();
    expect(ids(await list('?placement=spire-6'))).toEqual([amy.accountId]);
  });
});
