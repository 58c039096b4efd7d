import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { API_PREFIX, successStatus, type EndpointSpec } from '../../api/endpoint';
import { problemSchema } from '../../api/schemas';
import { GatewayHarness, type DistrictData, type Person } from '../../testing/gateway-harness';
import { listAvailableStudents } from '../available-students/available-students.controller';
import { getSharingHealth, listNeverEnrolled } from '../sharing-health/sharing-health.controller';
import { listSections } from './sections.controller';

/**
 * Issue 17 end to end: the REAL clever-ingestion, identity and classes (processes, PostgreSQL, Kafka) fed
 * by the Clever sandbox, whose sections include co-taught ones and students shared to two schools. The
 * expected figures are computed here from the sandbox's own data (its data API) and the enrollments this
 * test makes — never from Roster's answers.
 */
type Json = Record<string, any>;

const D1 = { name: 'Birch Hollow', schools: 2, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 4, students: 40, contacts: 3, classSize: 8, coTeachEvery: 2, multiSchoolEvery: 4 };
const D2 = { name: 'Alder Creek', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 1, students: 4, contacts: 0, classSize: 4, coTeachEvery: 0, multiSchoolEvery: 0 };

/** The routes of issue 17 whose every answer in this file is checked against its declaration. */
const ROUTES: EndpointSpec[] = [listSections, listAvailableStudents, getSharingHealth, listNeverEnrolled];

describe('Clever sections as filters and suggestions; sharing health (real services)', () => {
  let h: GatewayHarness;
  let d1: DistrictData;
  let d2: DistrictData;
  let admin: Person;
  let db: Client;
  /** The sandbox's sections of each district (Clever's records, through its data API). */
  const sandboxSections = new Map<string, Json[]>();
  /** Clever ids of the contact-only users of district 1. */
  let contacts = 0;
  const tokens = new Map<string, string>();
  const violations: string[] = [];

  const get = async (who: Person, path: string) => {
    if (!tokens.has(who.accountId)) tokens.set(who.accountId, await h.tokenOf(who));
    return h.call('GET', API_PREFIX + path, { token: tokens.get(who.accountId) });
  };
  const send = async (who: Person, method: string, path: string, body: unknown) => {
    if (!tokens.has(who.accountId)) tokens.set(who.accountId, await h.tokenOf(who));
    return h.call(method, API_PREFIX + path, { token: tokens.get(who.accountId), body });
  };
  const personOf = (d: DistrictData, cleverId: string) => d.people.find((p) => p.cleverId === cleverId);
  const schoolOf = (d: DistrictData, cleverSchoolId: string) => d.schools.find((s) => s.cleverId === cleverSchoolId)!;
  const sorted = (ids: string[]) => [...ids].sort();
  const all = async (who: Person, path: string): Promise<Json[]> => {
    const out: Json[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await get(who, `${path}${sep}limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
      out.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  };
  /** Rows of the classes service's tables a projection must never write. */
  const classesState = async () => {
    const q = async (text: string) => (await db.query(text)).rows;
    return {
      classes: await q('select id, status, name from class order by id'),
      teachers: await q('select class_id, teacher_id from class_teacher order by 1, 2'),
      enrollments: await q('select id, class_id, student_id, status from enrollment order by id'),
      classEvents: await q(`select count(*)::int as n from outbox_message where topic like '%classes.%'`),
    };
  };

  /** Names of this file's classes databases (`gw_sections_classes_<random>`): the harness makes a new one. */
  const classesDatabases = async (): Promise<string[]> => {
    const adminDb = new Client({ connectionString: process.env.ROSTER_TEST_PG_ADMIN_URL });
    await adminDb.connect();
    try {
      return ((await adminDb.query(`select datname from pg_database where datname like 'gw_sections_classes_%'`)).rows as { datname: string }[]).map((r) => r.datname);
    } finally {
      await adminDb.end();
    }
  };

  beforeAll(async () => {
    const before = await classesDatabases();
    h = await GatewayHarness.start('gw_sections', [D1, D2]);
    [d1, d2] = h.districts;
    admin = d1.people.find((p) => p.roles.includes('district_admin'))!;
    h.observe((method, url, answer) => {
      const spec = ROUTES.find((r) => r.method === method && new RegExp(`^${API_PREFIX}${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url.split('?')[0]));
      if (!spec) return;
      if (answer.status >= 400) {
        if (!problemSchema.safeParse(answer.body).success) violations.push(`${spec.operationId}: ${answer.status} is not a problem`);
      } else if (answer.status !== successStatus(spec)) {
        violations.push(`${spec.operationId}: ${answer.status}`);
      } else {
        const parsed = spec.response!.safeParse(answer.body);
        if (!parsed.success || !isDeepStrictEqual(parsed.data, answer.body)) violations.push(`${spec.operationId}: the answer is not what the route declares`);
      }
    });
    // Clever's own records, read as any Clever client would.
    for (const d of [d1, d2]) {
      const token = h.sandbox.admin.token(d.cleverId)!;
      const read = async (collection: string) => {
        const page = (await (await fetch(`${h.sandbox.url}/v3.0/${collection}?limit=10000`, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
        return (page.data as Json[]).map((x) => x.data as Json);
      };
      sandboxSections.set(d.id, await read('sections'));
      if (d === d1) contacts = (await read('users')).filter((u) => u.roles?.contact && Object.keys(u.roles).length === 1).length;
    }
    // The classes service's database: the one the harness made for this run.
    const names = (await classesDatabases()).filter((name) => !before.includes(name));
    if (names.length !== 1) throw new Error(`expected one new classes database, found ${names.length}`);
    const url = new URL(process.env.ROSTER_TEST_PG_ADMIN_URL!);
    url.pathname = `/${names[0]}`;
    db = new Client({ connectionString: url.toString() });
    await db.connect();
  }, 240_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await h?.close();
  });

  it('the sandbox has the cases this test is about: co-taught sections and students of another school', () => {
    const sections = sandboxSections.get(d1.id)!;
    expect(sections.filter((s) => (s.teachers as string[]).length > 1).length).toBeGreaterThan(0);
    // Students shared to two schools sit in a section of their second school too.
    const multiSchool = sections.filter((s) => (s.students as string[]).some((c) => personOf(d1, c)!.schools.length > 1));
    expect(multiSchool.length).toBeGreaterThan(1);
  });

  it('projects every shared section of every school exactly as Clever has it, and creates no class or enrollment', async () => {
    for (const d of [d1, d2]) {
      const who = d === d1 ? admin : d.people.find((p) => p.roles.includes('district_admin'))!;
      for (const school of d.schools) {
        const expected = sandboxSections
          .get(d.id)!
          .filter((s) => s.school === school.cleverId)
          .map((s) => ({
            cleverId: s.id as string,
            name: s.name as string,
            subject: s.subject as string,
            teacherIds: sorted((s.teachers as string[]).map((c) => personOf(d, c)!.accountId)),
            studentCount: (s.students as string[]).length,
          }))
          .sort((x, y) => x.cleverId.localeCompare(y.cleverId));
        expect(expected.length).toBeGreaterThan(0);
        let got: unknown;
        await eventually(async () => {
          got = (await all(who, `/schools/${school.id}/sections`))
            .map((s) => ({ cleverId: s.cleverId, name: s.name, subject: s.subject, teacherIds: s.teacherIds, studentCount: s.studentCount }))
            .sort((x, y) => x.cleverId.localeCompare(y.cleverId));
          // By value: the sandbox's arrays come from another realm (fetch), which isDeepStrictEqual tells apart.
          return JSON.stringify(got) === JSON.stringify(expected);
        }, 60_000, `sections of ${school.name}`).catch(() => undefined);
        expect(got).toEqual(expected);
      }
    }
    // Nothing but the projection was written: no class, no teacher assignment, no enrollment, no classes event.
    expect(await classesState()).toEqual({ classes: [], teachers: [], enrollments: [], classEvents: [{ n: 0 }] });
  }, 150_000);

  it('mine=true lists exactly the sections a teacher teaches (co-taught included); without it, theirs come first', async () => {
    const sections = sandboxSections.get(d1.id)!;
    const coTeacherClever = sections.find((s) => (s.teachers as string[]).length > 1)!.teachers[1] as string;
    const teacher = personOf(d1, coTeacherClever)!;
    for (const { schoolId } of teacher.schools) {
      const school = d1.schools.find((s) => s.id === schoolId)!;
      const theirs = sections.filter((s) => s.school === school.cleverId && (s.teachers as string[]).includes(teacher.cleverId)).map((s) => s.id as string);
      const mine = await all(teacher, `/schools/${schoolId}/sections?mine=true`);
      expect(sorted(mine.map((s) => s.cleverId))).toEqual(sorted(theirs));
      expect(mine.every((s) => s.mine === true && s.teacherIds.includes(teacher.accountId))).toBe(true);
      const everything = await all(teacher, `/schools/${schoolId}/sections`);
      expect(everything.length).toBe(sections.filter((s) => s.school === school.cleverId).length);
      expect(everything.slice(0, theirs.length).map((s) => s.cleverId).sort()).toEqual(sorted(theirs));
      expect(everything.slice(theirs.length).some((s) => s.mine)).toBe(false);
      // Their default list: the students of all their sections there (nobody is enrolled yet).
      const seated = new Set(sections.filter((s) => theirs.includes(s.id)).flatMap((s) => (s.students as string[]).map((c) => personOf(d1, c)!.accountId)));
      const byDefault = (await all(teacher, `/schools/${schoolId}/available-students?sectionId=mine`)).map((s) => s.id as string);
      expect(sorted(byDefault)).toEqual(sorted([...seated]));
    }
    // Someone teaching no section of the school gets an empty default list, not the whole school.
    expect((await get(admin, `/schools/${d1.schools[0].id}/available-students?sectionId=mine`)).body.data).toEqual([]);
  });

  describe('available-students?sectionId=', () => {
    let multi: Json;
    let school: DistrictData['schools'][number];

    beforeAll(() => {
      // A section seating students whose first school is another one (the sandbox puts them in a school's first section).
      multi = sandboxSections.get(d1.id)!.find((s) => (s.students as string[]).some((c) => personOf(d1, c)!.schools.length > 1))!;
      school = schoolOf(d1, multi.school);
    });

    const availableOf = async (query: string) => (await all(admin, `/schools/${school.id}/available-students?${query}`)).map((s) => s.id as string);

    it('returns exactly the section\'s available students, and combines with the other filters', async () => {
      const expected = (multi.students as string[]).map((c) => personOf(d1, c)!);
      const got = await availableOf(`sectionId=${(await sectionIdOf(multi)).id}`);
      expect(sorted(got)).toEqual(sorted(expected.map((p) => p.accountId)));
      const grade = expected[0].grade!;
      const graded = await availableOf(`sectionId=${(await sectionIdOf(multi)).id}&grade=${encodeURIComponent(grade)}`);
      expect(sorted(graded)).toEqual(sorted(expected.filter((p) => p.grade === grade).map((p) => p.accountId)));
    });

    it('leaves out the section\'s students once enrolled (two of them, with the placement rule applied to each)', async () => {
      const section = await sectionIdOf(multi);
      const [a, b] = (multi.students as string[]).map((c) => personOf(d1, c)!);
      const course = (await get(admin, '/courses')).body.data[0].id as string;
      for (const p of [a, b]) expect((await send(admin, 'POST', '/placements', { studentId: p.accountId, recommendedCourseId: course, testedOn: '2026-09-01' })).status).toBe(201);
      const cls = await send(admin, 'POST', '/classes', { schoolId: school.id, name: 'From a section', courseId: course });
      expect(cls.status).toBe(201);
      const enrolled = await send(admin, 'POST', `/classes/${cls.body.id}/enrollments`, { studentIds: [a.accountId, b.accountId] });
      expect(enrolled.body.enrolled).toBe(2);
      const rest = (multi.students as string[]).map((c) => personOf(d1, c)!.accountId).filter((id) => id !== a.accountId && id !== b.accountId);
      expect(sorted(await availableOf(`sectionId=${section.id}`))).toEqual(sorted(rest));
      const listed = (await all(admin, `/schools/${school.id}/sections`)).find((s) => s.id === section.id)!;
      expect({ studentCount: listed.studentCount, availableCount: listed.availableCount }).toEqual({ studentCount: (multi.students as string[]).length, availableCount: rest.length });
    });

    it('refuses a section of another school or district, or nobody\'s, with 404 CLASSES.SECTION_NOT_FOUND', async () => {
      const otherSchool = d1.schools.find((s) => s.id !== school.id)!;
      const ofOtherSchool = sandboxSections.get(d1.id)!.find((s) => s.school === otherSchool.cleverId)!;
      const foreign = sandboxSections.get(d2.id)![0];
      const foreignAdmin = d2.people.find((p) => p.roles.includes('district_admin'))!;
      const foreignId = (await all(foreignAdmin, `/schools/${schoolOf(d2, foreign.school).id}/sections`)).find((s) => s.cleverId === foreign.id)!.id;
      for (const id of [(await sectionIdOf(ofOtherSchool)).id, foreignId, randomUUID()]) {
        const res = await get(admin, `/schools/${school.id}/available-students?sectionId=${id}`);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'CLASSES.SECTION_NOT_FOUND' });
      }
      const bad = await get(admin, `/schools/${school.id}/available-students?sectionId=period-3`);
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    /** Our id of a sandbox section (listed by the school's sections). */
    async function sectionIdOf(s: Json): Promise<Json> {
      return (await all(admin, `/schools/${schoolOf(d1, s.school).id}/sections`)).find((x) => x.cleverId === s.id)!;
    }
  });

  describe('sharing health', () => {
    /** Students made to look shared 40 days ago (in the classes projection's first-seen record). */
    let old: Person[];

    beforeAll(async () => {
      const students = d1.people.filter((p) => p.roles.includes('student'));
      old = students.filter((_, i) => i % 3 === 0);
      await db.query(`update account_first_seen set first_seen_at = now() - interval '40 days' where account_id = any($1::uuid[])`, [old.map((p) => p.accountId)]);
    });

    /** Everything the report says, computed from the sandbox's people and the classes this file made. */
    async function expected(afterDays: number) {
      const enrollments = (await db.query(`select e.student_id, e.school_id from enrollment e`)).rows as { student_id: string; school_id: string }[];
      const teaching = (await db.query(`select ct.teacher_id, c.school_id from class_teacher ct join class c on c.id = ct.class_id where c.status = 'active'`)).rows as {
        teacher_id: string;
        school_id: string;
      }[];
      const isOld = (p: Person) => afterDays < 40 && old.includes(p);
      const figures = (schoolId: string | null) => {
        const inSchool = (p: Person, role: 'student' | 'teacher') => p.schools.some((m) => (schoolId === null || m.schoolId === schoolId) && m.roles.includes(role));
        const students = d1.people.filter((p) => inSchool(p, 'student'));
        const teachers = d1.people.filter((p) => inSchool(p, 'teacher'));
        const enrolled = (p: Person) => enrollments.some((e) => e.student_id === p.accountId && (schoolId === null || e.school_id === schoolId));
        const teaches = (p: Person) => teaching.some((t) => t.teacher_id === p.accountId && (schoolId === null || t.school_id === schoolId));
        return {
          studentsShared: students.length,
          studentsEverEnrolled: students.filter(enrolled).length,
          studentsNeverEnrolledAfterDays: students.filter((p) => !enrolled(p) && isOld(p)).length,
          teachersShared: teachers.length,
          teachersWithoutClass: teachers.filter((p) => !teaches(p)).length,
        };
      };
      return {
        districtId: d1.id,
        afterDays,
        district: figures(null),
        schools: [...d1.schools].sort((x, y) => x.name.localeCompare(y.name)).map((s) => ({ schoolId: s.id, name: s.name, ...figures(s.id) })),
        contactsIgnored: contacts,
      };
    }

    it('counts per school and for the district equal the counts computed from the sandbox and the enrollments', async () => {
      // A class with a teacher too, so "teachers without a class" is not everyone.
      const teacher = d1.people.find((p) => p.roles.includes('teacher'))!;
      const made = await send(admin, 'POST', '/classes', { schoolId: teacher.schools.find((m) => m.roles.includes('teacher'))!.schoolId, name: 'Taught', teacherIds: [teacher.accountId] });
      expect(made.status).toBe(201);
      for (const afterDays of [30, 365, 1]) {
        const res = await get(admin, `/districts/${d1.id}/sharing-health?afterDays=${afterDays}`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(await expected(afterDays));
      }
      const byDefault = await get(admin, `/districts/${d1.id}/sharing-health`);
      expect(byDefault.body).toEqual(await expected(30));
      expect(byDefault.body.district.studentsNeverEnrolledAfterDays).toBeGreaterThan(0);
      // Counts only: no name of anyone in the summary.
      for (const p of d1.people) expect(byDefault.text).not.toContain(p.accountId);
    });

    it('lists the never-enrolled students page by page for district admins only', async () => {
      const enrolled = new Set(((await db.query(`select student_id from enrollment`)).rows as { student_id: string }[]).map((r) => r.student_id));
      const expectedIds = old.filter((p) => !enrolled.has(p.accountId)).map((p) => p.accountId);
      const listed = await all(admin, `/districts/${d1.id}/sharing-health/never-enrolled?afterDays=30`);
      expect(sorted(listed.map((s) => s.id))).toEqual(sorted(expectedIds));
      const school = d1.schools[0];
      const ofSchool = await all(admin, `/districts/${d1.id}/sharing-health/never-enrolled?afterDays=30&schoolId=${school.id}`);
      expect(sorted(ofSchool.map((s) => s.id))).toEqual(sorted(old.filter((p) => !enrolled.has(p.accountId) && p.schools.some((m) => m.schoolId === school.id)).map((p) => p.accountId)));
      expect(await all(admin, `/districts/${d1.id}/sharing-health/never-enrolled?afterDays=41`)).toEqual([]);
      const teacher = d1.people.find((p) => p.roles.length === 1 && p.roles[0] === 'teacher')!;
      const refused = await get(teacher, `/districts/${d1.id}/sharing-health/never-enrolled`);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'ACCESS.DISTRICT_ADMIN_REQUIRED' });
    });

    it('refuses afterDays outside 1..365 with 400 CLASSES.AFTER_DAYS_OUT_OF_RANGE', async () => {
      for (const afterDays of [0, 366, -5]) {
        for (const path of ['sharing-health', 'sharing-health/never-enrolled']) {
          const res = await get(admin, `/districts/${d1.id}/${path}?afterDays=${afterDays}`);
          expect({ afterDays, path, status: res.status, code: res.body.code }).toEqual({ afterDays, path, status: 400, code: 'CLASSES.AFTER_DAYS_OUT_OF_RANGE' });
        }
      }
      const text = await get(admin, `/districts/${d1.id}/sharing-health?afterDays=soon`);
      expect({ status: text.status, code: text.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  it('unsharing a section removes it from the lists and the filter, and leaves classes and enrollments untouched', async () => {
    const before = await classesState();
    expect(before.enrollments.length).toBeGreaterThan(0);
    const section = sandboxSections.get(d1.id)!.find((s) => (s.students as string[]).length > 0)!;
    const school = schoolOf(d1, section.school);
    const ours = (await all(admin, `/schools/${school.id}/sections`)).find((s) => s.cleverId === section.id)!;
    h.sandbox.admin.unshare(d1.cleverId, 'sections', section.id);
    await eventually(async () => !(await all(admin, `/schools/${school.id}/sections`)).some((s) => s.cleverId === section.id), 60_000, 'the unshared section to leave the list');
    const res = await get(admin, `/schools/${school.id}/available-students?sectionId=${ours.id}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'CLASSES.SECTION_NOT_FOUND' });
    expect(await classesState()).toEqual(before);
  });

  it('every answer of these routes is what the route declares', () => {
    expect(violations).toEqual([]);
  });
});
