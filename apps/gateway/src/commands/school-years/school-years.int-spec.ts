import { problemSchema, rolloverPreviewSchema, rolloverResultSchema, schoolYearListSchema } from '../../api/schemas';
import { GatewayHarness, type DistrictData, type Person } from '../../testing/gateway-harness';

/**
 * Issue 15, school years, end to end: the REAL clever-ingestion, identity and classes services (Kafka, PostgreSQL)
 * behind the gateway, the Clever sandbox as Clever. A district with classes, placements and enrollments in two
 * schools previews its rollover and rolls over: the preview's counts are what the rollover does; classes are
 * archived and enrollments ended with `school_year_ended` (history and placements kept), the students are back in
 * the available lists, the carried-forward class is empty with the same teachers and course; the idempotent
 * repeat returns the first answer. Refused: while a sync run is held, without a key, by a teacher or a school
 * admin (403), from another district (404) — and a refusal changes nothing.
 */
describe('school-year rollover (real ingestion, identity, classes; Kafka, PostgreSQL, Clever sandbox)', () => {
  let h: GatewayHarness;
  let d1: DistrictData;
  let d2: DistrictData;
  let admin: Person;
  let schoolAdmin: Person;
  let teacher: Person;
  let otherAdmin: Person;
  let students: Person[];
  const ids: Record<string, string> = {};
  const tokens = new Map<string, string>();

  const only = (d: DistrictData, roles: string[]) => d.people.filter((p) => p.roles.length === roles.length && roles.every((r) => p.roles.includes(r as never)));
  const as = async (p: Person, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    if (!tokens.has(p.cleverId)) tokens.set(p.cleverId, await h.tokenOf(p));
    return h.call(method, `/api/v1${path}`, { token: tokens.get(p.cleverId)!, body, headers });
  };
  const expectProblem = (res: { status: number; body: any }, status: number, code: string) => {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(problemSchema.safeParse(res.body).success).toBe(true);
  };
  const classStatus = async (id: string) => (await as(admin, 'GET', `/classes/${id}`)).body.status as string;
  const availableIds = async (schoolId: string) =>
    ((await as(admin, 'GET', `/schools/${schoolId}/available-students?limit=500`)).body.data as { id: string }[]).map((s) => s.id);
  let nextYear: { name: string; startsOn: string };

  beforeAll(async () => {
    h = await GatewayHarness.start('gw_school_years', [
      { name: 'Maple Grove', schools: 2, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 2, students: 8, contacts: 0, multiSchoolEvery: 0 },
      { name: 'Cedar Falls', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 1, students: 2, contacts: 0, multiSchoolEvery: 0 },
    ]);
    [d1, d2] = h.districts;
    [admin] = only(d1, ['district_admin']);
    [schoolAdmin] = only(d1, ['school_admin']);
    [otherAdmin] = only(d2, ['district_admin']);
    students = only(d1, ['student']);
    teacher = only(d1, ['teacher']).find((t) => t.schools.some((s) => s.schoolId === d1.schools[0].id))!;
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('a district with classes, placements and enrollments in its current (default) school year', async () => {
    const years = await as(admin, 'GET', `/districts/${d1.id}/school-years`);
    expect(years.status).toBe(200);
    const [current] = schoolYearListSchema.parse(years.body).data;
    expect(current.status).toBe('current');
    const first = Number(current.name.slice(0, 4)) + 1;
    nextYear = { name: `${first}–${first + 1}`, startsOn: `${first}-08-20` };
    expect((await as(teacher, 'GET', `/districts/${d1.id}/school-years`)).status).toBe(200);

    const courseId = (await as(admin, 'GET', '/courses')).body.data[0].id as string;
    const inSchool = (s: string) => students.filter((p) => p.schools.some((m) => m.schoolId === s));
    const [a, b] = d1.schools.map((s) => s.id);
    const create = async (schoolId: string, name: string, teacherIds: string[]) => {
      const res = await as(admin, 'POST', '/classes', { schoolId, name, courseId, teacherIds });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    ids.a = await create(a, 'Bluebirds', [teacher.accountId]);
    ids.b = await create(b, 'Robins', []);
    const enrolled = [...inSchool(a).slice(0, 2), ...inSchool(b).slice(0, 1)];
    for (const s of enrolled) {
      expect((await as(admin, 'POST', '/placements', { studentId: s.accountId, recommendedCourseId: courseId, testedOn: `${first - 1}-09-10` })).status).toBe(201);
    }
    for (const [classId, group] of [[ids.a, inSchool(a).slice(0, 2)], [ids.b, inSchool(b).slice(0, 1)]] as const) {
      expect((await as(admin, 'POST', `/classes/${classId}/enrollments`, { studentIds: group.map((s) => s.accountId) })).body.enrolled).toBe(group.length);
    }
    ids.enrolled = enrolled.map((s) => s.accountId).join(',');
    for (const s of enrolled) expect([...(await availableIds(a)), ...(await availableIds(b))]).not.toContain(s.accountId);
  });

  it('refuses a rollover while a sync run is held, without a key, by a teacher or school admin, from another district; nothing changes', async () => {
    // A held run: any archive holds (thresholds 10 %, no minimum count), two students unshared in Clever.
    const settings = await as(admin, 'PATCH', `/districts/${d1.id}/settings`, {
      safeguardThresholdPercent: 10,
      safeguardThresholds: { students: 10, teachers: 10, staff: 10 },
      safeguardMinimumCount: 0,
    });
    expect(settings.status).toBe(200);
    const enrolled = new Set(ids.enrolled.split(','));
    h.unshare(d1.cleverId, ...students.filter((s) => !enrolled.has(s.accountId)).slice(0, 2));
    const runId = (await as(admin, 'POST', `/districts/${d1.id}/sync`)).body.runId as string;
    expect(await h.runOutcome(d1.cleverId, runId)).toMatchObject({ id: runId, status: 'held' });

    const key = { 'idempotency-key': 'gw-rollover-1' };
    const held = await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, nextYear, key);
    expectProblem(held, 409, 'CLASSES.SYNC_IN_PROGRESS');
    expect(held.body.heldRunId).toBe(runId);
    expectProblem(await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, nextYear), 400, 'CLASSES.IDEMPOTENCY_KEY_REQUIRED');
    expectProblem(await as(teacher, 'POST', `/districts/${d1.id}/school-years/rollover`, nextYear, key), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(schoolAdmin, 'POST', `/districts/${d1.id}/school-years/rollover`, nextYear, key), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(schoolAdmin, 'POST', `/districts/${d1.id}/school-years/rollover/preview`, nextYear), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(otherAdmin, 'POST', `/districts/${d1.id}/school-years/rollover`, nextYear, key), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
    expectProblem(await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, { ...nextYear, name: 'next' }, key), 409, 'CLASSES.SYNC_IN_PROGRESS');
    expect([await classStatus(ids.a), await classStatus(ids.b)]).toEqual(['active', 'active']);

    expect((await as(admin, 'POST', `/districts/${d1.id}/sync/runs/${runId}/reject`)).status).toBe(200);
    expectProblem(await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover/preview`, { ...nextYear, carryForwardClassIds: [ids.a, d2.id] }), 400, 'CLASSES.CARRY_FORWARD_INVALID');
    expectProblem(await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, { ...nextYear, name: 'next' }, { 'idempotency-key': 'gw-bad' }), 400, 'CLASSES.SCHOOL_YEAR_NAME_INVALID');
    expect([await classStatus(ids.a), await classStatus(ids.b)]).toEqual(['active', 'active']);
  });

  it("rolls over: the preview's counts are what it does; history, placements and teachers kept; students available again; the repeat answers the first result", async () => {
    const body = { ...nextYear, carryForwardClassIds: [ids.a] };
    const planned = await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover/preview`, body);
    expect(planned.status).toBe(200);
    const plan = rolloverPreviewSchema.parse(planned.body);
    expect(plan.totals).toEqual({ classesToArchive: 2, enrollmentsToEnd: 3, studentsReturning: 3, classesCarriedForward: 1 });
    expect([await classStatus(ids.a), await classStatus(ids.b)]).toEqual(['active', 'active']);

    const key = { 'idempotency-key': 'gw-rollover-2' };
    const done = await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, body, key);
    expect(done.status).toBe(200);
    const result = rolloverResultSchema.parse(done.body);
    expect({ schools: result.schools, totals: result.totals }).toEqual({ schools: plan.schools, totals: plan.totals });
    expect(result.newYear).toMatchObject({ name: nextYear.name, startsOn: nextYear.startsOn, status: 'current' });

    expect([await classStatus(ids.a), await classStatus(ids.b)]).toEqual(['archived', 'archived']);
    const history = (await as(admin, 'GET', `/classes/${ids.a}/enrollments?status=ended`)).body.data as { endReason: string }[];
    expect(history.map((e) => e.endReason)).toEqual(['school_year_ended', 'school_year_ended']);
    const enrolled = ids.enrolled.split(',');
    const available = [...(await availableIds(d1.schools[0].id)), ...(await availableIds(d1.schools[1].id))];
    for (const s of enrolled) expect(available).toContain(s);
    expect((await as(admin, 'GET', `/students/${enrolled[0]}/placements`)).body.data).toHaveLength(1);
    const carried = (await as(admin, 'GET', `/classes/${result.carriedForward[0].classId}`)).body;
    expect(carried).toMatchObject({ name: 'Bluebirds', schoolId: d1.schools[0].id, teacherIds: [teacher.accountId], status: 'active', activeEnrollments: 0 });
    // The teacher sees the carried-forward class (theirs) and enrolls last year's members again — the placement rule applies:
    // with placementValidity current_school_year, last year's placement no longer counts; one tested in the new year does.
    const validity = await as(admin, 'PATCH', `/districts/${d1.id}/settings`, { placementValidity: 'current_school_year' });
    expect(validity.body).toEqual({ districtId: d1.id, placementValidity: 'current_school_year' });
    expect((await as(admin, 'GET', `/districts/${d1.id}/settings`)).body).toMatchObject({ placementRequired: true, placementValidity: 'current_school_year' });
    expectProblem(await as(teacher, 'PATCH', `/districts/${d1.id}/settings`, { placementValidity: 'any' }), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    const stale = await as(teacher, 'POST', `/classes/${carried.id}/enrollments`, { studentIds: enrolled.slice(0, 2) });
    expect(stale.body.results.map((r: { code?: string }) => r.code)).toEqual(['CLASSES.PLACEMENT_REQUIRED', 'CLASSES.PLACEMENT_REQUIRED']);
    const courseId = carried.courseId as string;
    expect((await as(admin, 'POST', '/placements', { studentId: enrolled[0], recommendedCourseId: courseId, testedOn: nextYear.startsOn })).status).toBe(201);
    const fresh = await as(teacher, 'POST', `/classes/${carried.id}/enrollments`, { studentIds: enrolled.slice(0, 2) });
    expect(fresh.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['enrolled', 'rejected']);

    const again = await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, body, key);
    expect([again.status, again.body]).toEqual([200, done.body]);
    expectProblem(await as(admin, 'POST', `/districts/${d1.id}/school-years/rollover`, body, { 'idempotency-key': 'gw-rollover-3' }), 409, 'CLASSES.SCHOOL_YEAR_EXISTS');
    const years = schoolYearListSchema.parse((await as(admin, 'GET', `/districts/${d1.id}/school-years`)).body).data;
    expect(years.map((y) => [y.name, y.status])).toEqual([
      [nextYear.name, 'current'],
      [expect.any(String), 'ended'],
    ]);
    // The other district's year did not move.
    expect(schoolYearListSchema.parse((await as(otherAdmin, 'GET', `/districts/${d2.id}/school-years`)).body).data.map((y) => y.status)).toEqual(['current']);
  });
});
