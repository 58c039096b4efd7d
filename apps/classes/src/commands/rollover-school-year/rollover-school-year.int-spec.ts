import { Client } from 'pg';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Principal } from '@roster/authz';
import { classesApi } from '@roster/internal-api';
import { sql } from '@roster/persistence';
import { eventually } from '@roster/testing';
import { defaultSchoolYear } from '../../domain/school-year';
import { rolloverLockName } from '../../persistence/school-years.repository';
import { ClassesHarness, DistrictFixture, principal, principalOf, SECRET } from '../../testing/classes-harness';

/**
 * School years (issue 15, item 1) on a real PostgreSQL and Kafka: the default current year, refused rollovers
 * change nothing, the preview's counts equal what the rollover then does, classes and enrollments end with
 * `school_year_ended` (history and placements kept, students back in the available lists), carried-forward
 * classes start empty with the same teachers and course, the idempotent repeat, `placementValidity`.
 */
describe('school-year rollover', () => {
  let h: ClassesHarness;
  const d = new DistrictFixture();
  const other = new DistrictFixture();
  const north = d.school('North');
  const south = d.school('South');
  const admin = d.account(['district_admin'], []);
  const northAdmin = d.account(['school_admin'], [{ schoolId: north.schoolId }]);
  const teacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const colleague = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const southTeacher = d.account(['teacher'], [{ schoolId: south.schoolId }]);
  const [s1, s2, s3, s4] = [1, 2, 3, 4].map(() => d.account(['student'], [{ schoolId: north.schoolId }], { grade: '3' }));
  const [s5, s6] = [5, 6].map(() => d.account(['student'], [{ schoolId: south.schoolId }], { grade: '4' }));
  const otherSchool = other.school('Elsewhere');
  const otherAdmin = other.account(['district_admin'], []);
  const race = new DistrictFixture();
  const raceSchool = race.school('Race');
  const raceAdmin = race.account(['district_admin'], []);
  const raceTeacher = race.account(['teacher'], [{ schoolId: raceSchool.schoolId }]);
  const year = defaultSchoolYear(new Date());
  const first = Number(year.name.slice(0, 4));
  const nextName = `${first + 1}–${first + 2}`;
  const nextStart = `${first + 1}-08-15`;
  const ids: Record<string, string> = {};

  async function call(method: string, path: string, as: Principal | undefined, body?: unknown, headers: Record<string, string> = {}) {
    const h2: Record<string, string> = { ...headers };
    if (as) h2[INTERNAL_TOKEN_HEADER] = signInternalToken({ kind: 'user', principal: as }, 'classes', SECRET);
    if (body !== undefined) h2['content-type'] = 'application/json';
    const res = await fetch(`${h.base}/internal/v1${path}`, { method, headers: h2, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const preview = (body: unknown, as: Principal = principalOf(admin)) => call('POST', `/districts/${d.districtId}/school-years/rollover/preview`, as, body);
  const rollover = (body: unknown, key: string | undefined, as: Principal = principalOf(admin)) =>
    call('POST', `/districts/${d.districtId}/school-years/rollover`, as, body, key === undefined ? {} : { 'idempotency-key': key });

  /** Everything a refused request must leave as it was. */
  async function state() {
    const [row] = await h.rows<Record<string, number>>(sql`select
      (select count(*)::int from outbox_message) as outbox,
      (select count(*)::int from audit_log) as audit,
      (select count(*)::int from class where status = 'active') as active_classes,
      (select count(*)::int from enrollment where status = 'active') as active_enrollments,
      (select count(*)::int from school_year) as years,
      (select count(*)::int from school_year_rollover) as rollovers`);
    return row;
  }

  beforeAll(async () => {
    h = await ClassesHarness.start('classes_school_years');
    await h.deliver([d.schoolEvent(north), d.schoolEvent(south), other.schoolEvent(otherSchool), race.schoolEvent(raceSchool)]);
    await h.deliver([raceAdmin, raceTeacher].map((a) => race.accountEvent('created', a)));
    await h.deliver([admin, northAdmin, teacher, colleague, southTeacher, s1, s2, s3, s4, s5, s6, otherAdmin].map((a) => (a.districtId === d.districtId ? d : other).accountEvent('created', a)));
    await h.deliver(
      [
        ...[s1, s2, s3, s5, s6].map((s) => d.placementEvent(s.accountId, 'spire-1', `${first}-09-01`)),
        d.placementEvent(s4.accountId, 'spire-1', `${first - 2}-09-01`),
      ],
      'classes.assessment',
    );
    const create = async (as: Principal, body: unknown) => {
      const res = await h.api('POST', '/classes', as, body);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    ids.a = await create(principalOf(teacher), { schoolId: north.schoolId, name: 'Bluebirds', courseId: 'spire-1', teacherIds: [colleague.accountId] });
    ids.b = await create(principalOf(teacher), { schoolId: north.schoolId, name: 'Robins', courseId: 'spire-2' });
    ids.c = await create(principalOf(southTeacher), { schoolId: south.schoolId, name: 'Owls' });
    ids.archived = await create(principalOf(teacher), { schoolId: north.schoolId, name: 'Gone' });
    ids.foreign = await create(principalOf(otherAdmin), { schoolId: otherSchool.schoolId, name: 'Foreign' });
    ids.race1 = await create(principalOf(raceTeacher), { schoolId: raceSchool.schoolId, name: 'Sparrows' });
    ids.race2 = await create(principalOf(raceTeacher), { schoolId: raceSchool.schoolId, name: 'Wrens' });
    const enroll = async (classId: string, as: Principal, students: string[]) =>
      expect((await h.api('POST', `/classes/${classId}/enrollments`, as, { studentIds: students })).body.enrolled).toBe(students.length);
    await enroll(ids.a, principalOf(teacher), [s1.accountId, s2.accountId]);
    await enroll(ids.b, principalOf(teacher), [s1.accountId, s3.accountId]);
    await enroll(ids.c, principalOf(southTeacher), [s5.accountId]);
    expect((await h.api('POST', `/classes/${ids.archived}/archive`, principalOf(teacher))).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('gives every district a current year derived from the date; classes belong to it', async () => {
    const res = await call('GET', `/districts/${d.districtId}/school-years`, principalOf(teacher));
    expect(res.status).toBe(200);
    expect(classesApi.schoolYearList.parse(res.body).data).toEqual([{ id: expect.any(String), ...year, status: 'current' }]);
    // A read stores nothing: the classes are not assigned yet (they belong to the current year), no year row exists.
    const rows = await h.rows<{ n: number; years: number }>(
      sql`select count(*)::int as n, (select count(*)::int from school_year where district_id = ${d.districtId}) as years
          from class where district_id = ${d.districtId} and school_year_id is null`,
    );
    expect(rows[0]).toEqual({ n: 4, years: 0 });
    // ...and show it.
    expect((await h.api('GET', `/classes/${ids.a}`, principalOf(teacher))).body.schoolYear).toEqual({ id: res.body.data[0].id, name: year.name });
    expect((await call('GET', `/districts/${d.districtId}/school-years`, principalOf(admin))).body.data[0].id).toBe(res.body.data[0].id);
    expect((await call('GET', `/districts/${d.districtId}/school-years`, principalOf(otherAdmin))).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
  });

  it('placementValidity current_school_year: only a placement tested in the current school year satisfies PLACEMENT_REQUIRED', async () => {
    const settings = `/districts/${d.districtId}/settings`;
    expect((await h.api('GET', settings, principalOf(admin))).body).toEqual({ districtId: d.districtId, placementRequired: true, placementValidity: 'any' });
    expect((await h.api('PATCH', settings, principalOf(teacher), { placementValidity: 'current_school_year' })).status).toBe(403);
    expect((await h.api('PATCH', settings, principalOf(admin), { placementValidity: 'sometimes' })).body.code).toBe('VALIDATION_FAILED');
    expect((await h.api('PATCH', settings, principalOf(admin), { placementValidity: 'current_school_year' })).body).toEqual({
      districtId: d.districtId,
      placementRequired: true,
      placementValidity: 'current_school_year',
    });
    const stale = await h.api('POST', `/classes/${ids.b}/enrollments`, principalOf(teacher), { studentIds: [s4.accountId] });
    expect(stale.body.results).toEqual([expect.objectContaining({ studentId: s4.accountId, outcome: 'rejected', code: 'CLASSES.PLACEMENT_REQUIRED' })]);
    // The rule reads the current (default) year; an enroll stores no year and assigns no class (review C8).
    const [unstored] = await h.rows<{ years: number; unassigned: number }>(
      sql`select (select count(*)::int from school_year where district_id = ${d.districtId}) as years,
                 (select count(*)::int from class where district_id = ${d.districtId} and school_year_id is null) as unassigned`,
    );
    expect(unstored).toEqual({ years: 0, unassigned: 4 });
    expect((await h.api('PATCH', settings, principalOf(admin), { placementValidity: 'any' })).body.placementValidity).toBe('any');
    expect((await h.api('POST', `/classes/${ids.b}/enrollments`, principalOf(teacher), { studentIds: [s4.accountId] })).body.enrolled).toBe(1);
  });

  it('refuses bad rollovers with stable codes and changes nothing', async () => {
    const before = await state();
    const body = { name: nextName, startsOn: nextStart };
    const cases: [Promise<{ status: number; body: any }>, number, string][] = [
      [rollover({ name: 'next year', startsOn: nextStart }, 'k-bad-1'), 400, 'CLASSES.SCHOOL_YEAR_NAME_INVALID'],
      [rollover({ name: `${first + 1}–${first + 3}`, startsOn: nextStart }, 'k-bad-2'), 400, 'CLASSES.SCHOOL_YEAR_NAME_INVALID'],
      [rollover({ name: nextName, startsOn: `${first + 3}-08-15` }, 'k-bad-3'), 400, 'CLASSES.SCHOOL_YEAR_NAME_INVALID'],
      [rollover({ name: year.name, startsOn: `${first}-08-15` }, 'k-bad-4'), 409, 'CLASSES.SCHOOL_YEAR_EXISTS'],
      [rollover({ name: `${first - 1}–${first}`, startsOn: `${first - 1}-08-15` }, 'k-bad-5'), 400, 'CLASSES.SCHOOL_YEAR_STARTS_TOO_EARLY'],
      [rollover({ ...body, carryForwardClassIds: [ids.a, ids.archived] }, 'k-bad-6'), 400, 'CLASSES.CARRY_FORWARD_INVALID'],
      [rollover({ ...body, carryForwardClassIds: [ids.foreign] }, 'k-bad-7'), 400, 'CLASSES.CARRY_FORWARD_INVALID'],
      [rollover({ ...body, startsOn: 'soon' }, 'k-bad-8'), 400, 'VALIDATION_FAILED'],
      [rollover(body, undefined), 400, 'CLASSES.IDEMPOTENCY_KEY_REQUIRED'],
      [rollover(body, 'k-bad-9', principalOf(teacher)), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED'],
      [rollover(body, 'k-bad-10', principalOf(northAdmin)), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED'],
      [rollover(body, 'k-bad-11', principalOf(otherAdmin)), 404, 'IDENTITY.DISTRICT_NOT_FOUND'],
      [rollover(body, 'k-bad-12', principal(d.districtId, ['student'])), 403, 'ACCESS.STUDENT_NO_ACCESS'],
      [preview(body, principalOf(northAdmin)), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED'],
      [preview({ ...body, carryForwardClassIds: [ids.foreign] }), 400, 'CLASSES.CARRY_FORWARD_INVALID'],
    ];
    for (const [answer, status, code] of cases) {
      const res = await answer;
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.body).toMatchObject({ status, code, title: expect.any(String) });
    }
    const carry = await rollover({ ...body, carryForwardClassIds: [ids.a, ids.archived, ids.foreign] }, 'k-bad-13');
    expect(carry.body.classIds.sort()).toEqual([ids.archived, ids.foreign].sort());
    expect(await state()).toEqual(before);
  });

  it("rolls over: the preview's counts are what the rollover does; classes archived and enrollments ended with school_year_ended; carried-forward classes start empty", async () => {
    const body = { name: nextName, startsOn: nextStart, carryForwardClassIds: [ids.a] };
    const before = await state();
    const planned = await preview(body);
    expect(planned.status).toBe(200);
    expect(await state()).toEqual(before); // a preview changes nothing
    const plan = classesApi.rolloverPreview.parse(planned.body);
    expect(plan.endingYear).toMatchObject({ name: year.name, status: 'current' });
    expect(plan.newYear).toEqual({ name: nextName, startsOn: nextStart, endsOn: `${first + 2}-08-14` });
    expect(plan.schools).toEqual([
      // North: Bluebirds (s1, s2) and Robins (s1, s3, s4) — s1 counts once; South: Owls (s5).
      { schoolId: north.schoolId, name: 'North', classesToArchive: 2, enrollmentsToEnd: 5, studentsReturning: 4, classesCarriedForward: 1 },
      { schoolId: south.schoolId, name: 'South', classesToArchive: 1, enrollmentsToEnd: 1, studentsReturning: 1, classesCarriedForward: 0 },
    ]);
    expect(plan.totals).toEqual({ classesToArchive: 3, enrollmentsToEnd: 6, studentsReturning: 5, classesCarriedForward: 1 });

    const available = async (schoolId: string) =>
      (await h.api('GET', `/schools/${schoolId}/available-students?limit=100`, principalOf(admin))).body.data.map((s: { id: string }) => s.id).sort();
    expect(await available(north.schoolId)).toEqual([]);

    const done = await rollover(body, 'rollover-1');
    expect(done.status).toBe(200);
    const result = classesApi.rolloverResult.parse(done.body);
    expect(result.schools).toEqual(plan.schools);
    expect(result.totals).toEqual(plan.totals);
    expect(result.endingYear).toMatchObject({ id: plan.endingYear.id, status: 'ended' });
    expect(result.newYear).toMatchObject({ ...plan.newYear, status: 'current' });
    expect(result.carriedForward).toEqual([{ fromClassId: ids.a, classId: expect.any(String) }]);
    const carriedId = result.carriedForward[0].classId;

    // Classes archived with the reason, kept in the ending year; enrollment history kept with the reason; placements kept.
    const classes = await h.rows<{ id: string; status: string; archive_reason: string | null; school_year_id: string }>(
      sql`select id, status, archive_reason, school_year_id from class where district_id = ${d.districtId} order by name`,
    );
    for (const id of [ids.a, ids.b, ids.c]) {
      expect(classes.find((c) => c.id === id)).toMatchObject({ status: 'archived', archive_reason: 'school_year_ended', school_year_id: plan.endingYear.id });
    }
    expect(classes.find((c) => c.id === ids.archived)).toMatchObject({ status: 'archived', archive_reason: null });
    const history = await h.api('GET', `/classes/${ids.b}/enrollments?status=ended`, principalOf(teacher));
    expect(history.body.data).toHaveLength(3);
    expect(history.body.data.every((e: { endReason: string; endedBy: unknown }) => e.endReason === 'school_year_ended')).toBe(true);
    expect(history.body.data[0].endedBy).toEqual({ type: 'user', id: admin.accountId });
    expect((await h.api('GET', `/students/${s1.accountId}/placements`, principalOf(admin))).body.data).toHaveLength(1);
    // Students back in their schools' available lists.
    expect(await available(north.schoolId)).toEqual([s1, s2, s3, s4].map((s) => s.accountId).sort());
    expect(await available(south.schoolId)).toEqual([s5, s6].map((s) => s.accountId).sort());
    // The carried-forward class: same school, name, course and teachers, no students, in the new year.
    const carried = await h.api('GET', `/classes/${carriedId}`, principalOf(teacher));
    expect(carried.body).toMatchObject({
      schoolId: north.schoolId,
      name: 'Bluebirds',
      courseId: 'spire-1',
      teacherIds: [teacher.accountId, colleague.accountId].sort(),
      status: 'active',
      activeEnrollments: 0,
      schoolYear: { id: result.newYear.id, name: nextName },
    });
    expect(classes.find((c) => c.id === carriedId)?.school_year_id).toBe(result.newYear.id);
    expect((await h.api('GET', `/classes/${ids.a}`, principalOf(teacher))).body.schoolYear).toEqual({ id: plan.endingYear.id, name: year.name });

    // Events through the outbox and Kafka; audit entries for all of it.
    const events = await h.waitForPublished(
      (all) =>
        all.filter((e) => e.type === 'classes.enrollment.ended' && e.data.reason === 'school_year_ended').length === 6 &&
        all.filter((e) => e.type === 'classes.class.archived' && [ids.a, ids.b, ids.c].includes(e.data.classId)).length === 3 &&
        all.some((e) => e.type === 'classes.class.created' && e.data.classId === carriedId),
      'rollover events',
    );
    expect(events.find((e) => e.type === 'classes.class.created' && e.data.classId === carriedId)?.data).toMatchObject({
      name: 'Bluebirds',
      courseId: 'spire-1',
      teacherIds: [teacher.accountId, colleague.accountId].sort(),
      status: 'active',
      actor: { type: 'user', id: admin.accountId },
    });
    const audit = await h.rows<{ action: string; n: number }>(
      sql`select action, count(*)::int as n from audit_log where district_id = ${d.districtId} and actor_id = ${admin.accountId} group by action order by action`,
    );
    expect(audit).toEqual([
      { action: 'class.archived', n: 3 },
      { action: 'class.created', n: 1 },
      { action: 'district.settings.updated', n: 2 },
      { action: 'enrollment.ended', n: 6 },
      { action: 'school_year.rolled_over', n: 1 },
    ]);

    // The years: the new one current, first.
    const years = (await call('GET', `/districts/${d.districtId}/school-years`, principalOf(admin))).body.data;
    expect(years.map((y: { name: string; status: string }) => [y.name, y.status])).toEqual([
      [nextName, 'current'],
      [year.name, 'ended'],
    ]);

    // The idempotent repeat returns the first answer and changes nothing; the same year again is refused.
    const settled = await state();
    const again = await rollover(body, 'rollover-1');
    expect([again.status, again.body]).toEqual([200, done.body]);
    expect((await rollover({ ...body, carryForwardClassIds: [] }, 'rollover-1')).body.code).toBe('CLASSES.IDEMPOTENCY_KEY_REUSED');
    const twice = await rollover(body, 'rollover-2');
    expect([twice.status, twice.body.code]).toEqual([409, 'CLASSES.SCHOOL_YEAR_EXISTS']);
    expect(await state()).toEqual(settled);

    // A class created now belongs to the new year.
    const fresh = (await h.api('POST', '/classes', principalOf(teacher), { schoolId: north.schoolId, name: 'Finches' })).body.id;
    const [row] = await h.rows<{ school_year_id: string }>(sql`select school_year_id from class where id = ${fresh}`);
    expect(row.school_year_id).toBe(result.newYear.id);
  });

  it('two rollovers of a district at once (other keys, other years): one rolls over, the other is refused and changes nothing', async () => {
    const raceRollover = (body: unknown, key: string) =>
      call('POST', `/districts/${race.districtId}/school-years/rollover`, principalOf(raceAdmin), body, { 'idempotency-key': key });
    // The test holds the district's rollover lock, so both requests are waiting on it when it is released.
    const holder = new Client({ connectionString: h.databaseUrl });
    await holder.connect();
    let answers: { status: number; body: any }[];
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [rolloverLockName(race.districtId)]);
      const both = Promise.all([
        raceRollover({ name: nextName, startsOn: nextStart, carryForwardClassIds: [ids.race1] }, 'race-a'),
        raceRollover({ name: `${first + 2}–${first + 3}`, startsOn: `${first + 2}-08-15` }, 'race-b'),
      ]);
      await eventually(
        async () => {
          const [w] = await h.rows<{ n: number }>(
            sql`select count(*)::int as n from pg_locks
                where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`,
          );
          return w.n >= 2 ? true : undefined;
        },
        30_000,
        'both rollovers waiting',
      );
      await holder.query('commit');
      answers = await both;
    } finally {
      await holder.end();
    }
    const won = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(won).toHaveLength(1);
    expect(refused.map((a) => [a.status, a.body.code])).toEqual([[409, 'CLASSES.SCHOOL_YEAR_ROLLED_OVER']]);
    const result = classesApi.rolloverResult.parse(won[0].body);
    expect(refused[0].body).toMatchObject({ endedYear: year.name, currentYear: result.newYear.name });

    // Only the winner's effects: two years (one ended), one recorded rollover, one audit entry of it, the winner's classes.
    const years = (await call('GET', `/districts/${race.districtId}/school-years`, principalOf(raceAdmin))).body.data;
    expect(years.map((y: { name: string; status: string }) => [y.name, y.status])).toEqual([
      [result.newYear.name, 'current'],
      [year.name, 'ended'],
    ]);
    const [row] = await h.rows<Record<string, number>>(sql`select
      (select count(*)::int from school_year_rollover where district_id = ${race.districtId}) as rollovers,
      (select count(*)::int from audit_log where district_id = ${race.districtId} and action = 'school_year.rolled_over') as audited,
      (select count(*)::int from class where district_id = ${race.districtId} and status = 'archived' and archive_reason = 'school_year_ended') as archived,
      (select count(*)::int from class where district_id = ${race.districtId} and status = 'active') as active`);
    expect(row).toEqual({ rollovers: 1, audited: 1, archived: 2, active: result.carriedForward.length });
  });

  it('another district is untouched by this rollover', async () => {
    const [row] = await h.rows<{ status: string }>(sql`select status from class where id = ${ids.foreign}`);
    expect(row.status).toBe('active');
    expect((await call('GET', `/districts/${other.districtId}/school-years`, principalOf(otherAdmin))).body.data).toEqual([
      { id: expect.any(String), ...year, status: 'current' },
    ]);
  });
});
