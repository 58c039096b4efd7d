import { randomUUID } from 'node:crypto';
import { NOT_FOUND, FORBIDDEN } from '@roster/authz';
import { API_PREFIX, type EndpointSpec } from './endpoint';
import { endpointsOf } from './openapi';
import { apiControllers } from '../controllers';
import { GatewayHarness, type Answer, type DistrictData, type Person } from '../testing/gateway-harness';

/**
 * The tenant-isolation matrix (issue 13): every public route, enumerated from the route declarations
 * (`endpointsOf(apiControllers)`, the same list that builds the Nest routes and the OpenAPI document), ×
 * every role × a resource in and out of the role's scope, against the REAL services (Kafka + PostgreSQL,
 * Clever sandbox). Every cell's expected answer is written in ONE table (`MATRIX`); a declared route with
 * no row fails, and so does a row whose route no longer exists.
 *
 * Path parameters are substituted by name from a "place" (a set of resource ids): `{id}` takes the id of
 * the resource the preceding path segment names (districts → district, schools → school, classes → class,
 * accounts/students → student), `{runId}` a sync run of the place's district, `{studentId}` the place's
 * student. The rule (ARCHITECTURE.md §6, libs/authz/src/policy.ts): out of scope → 404 with the
 * resource's not-found code (the same an unknown id gets), another district always 404; in scope but not
 * permitted → 403 ACCESS.*; students → 403 ACCESS.STUDENT_NO_ACCESS. Every refusal is problem+json with a
 * code and names no internal route; a refused mutation changes nothing (state snapshot before/after).
 */
const PROBLEM = 'application/problem+json';

type Role = 'districtAdmin' | 'schoolAdmin' | 'teacher' | 'student' | 'otherDistrictAdmin';
const ROLES: Role[] = ['districtAdmin', 'schoolAdmin', 'teacher', 'student', 'otherDistrictAdmin'];

/** A set of resource ids: everything a path or body may name. */
interface Place {
  name: string;
  /** The district named by district-level routes. */
  districtId: string;
  /** The district the school, class and student belong to. */
  homeDistrictId: string;
  schoolId: string;
  classId: string;
  studentId: string;
  runId: string;
  courseId: string;
  /** Ids nobody has (random uuids): must answer exactly as out of scope. */
  unknown?: boolean;
}

/** An expected answer: a status, or a status with the problem code it must carry. */
type Expect = number | readonly [number, string];
type Cell = { in: Expect; out: Expect };
interface ScopedRow {
  cells: Record<Role, Cell>;
  /** The query string of the call (e.g. a schoolId filter taken from the place). */
  query?: (p: Place) => string;
  /** A minimal valid body (required when the route declares one). */
  body?: (p: Place) => unknown;
  /** Creates the resource the call consumes, fresh for each cell (e.g. a class to archive). */
  fresh?: (p: Place) => Promise<Partial<Place>>;
  /** The route changes state: a refused call must change nothing. */
  mutation?: boolean;
}
interface UnscopedRow {
  /** Why the route names no resource of a district. */
  unscoped: string;
  status: Record<Role, Expect>;
  body?: (who: Person) => unknown;
  /** Ids the answer must never contain, for list routes (their scope is the caller's). */
  listsOnlyOwn?: boolean;
  /** The call ends credentials: it is made with fresh ones, after every other row. */
  endsSessions?: boolean;
  /** The call needs the browser session cookie (not a bearer token). */
  cookie?: boolean;
}
type Row = ScopedRow | UnscopedRow;

// Shorthands of the table.
const nf = (kind: keyof typeof NOT_FOUND) => [404, NOT_FOUND[kind]] as const;
const STUDENT = [403, FORBIDDEN.staffOnly] as const;
const DISTRICT_ADMIN = [403, FORBIDDEN.districtAdmin] as const;
const SCHOOL_ADMIN = [403, FORBIDDEN.schoolAdmin] as const;
const all = (e: Expect): Record<Role, Expect> => ({ districtAdmin: e, schoolAdmin: e, teacher: e, student: e, otherDistrictAdmin: e });
const staffList = (staff: Expect, teacher: Expect = staff): Record<Role, Expect> => ({ districtAdmin: staff, schoolAdmin: staff, teacher, student: STUDENT, otherDistrictAdmin: staff });

/**
 * Roles and their places: the district admin of district 1 (in: school A of district 1; out: district 2, and
 * ids nobody has); the school admin and the teacher of school A and a student of A (in: school A; out: school
 * B of the same district — with district 2 for district-level resources — and district 2); district 2's
 * admin (in: district 2; out: district 1's school A, i.e. the district admin's "in"). Every out-of-scope
 * place of a role must give the role's one `out` answer.
 */
const TEST_DATE = '2026-09-01';

/** A district-level route for district admins only. */
const districtAdminRoute = (kind: 'district' | 'run', ok: number, inAdmin: Expect = ok): Record<Role, Cell> => ({
  districtAdmin: { in: inAdmin, out: nf(kind === 'run' ? 'district' : 'district') },
  schoolAdmin: { in: DISTRICT_ADMIN, out: nf('district') },
  teacher: { in: DISTRICT_ADMIN, out: nf('district') },
  student: { in: STUDENT, out: STUDENT },
  otherDistrictAdmin: { in: inAdmin, out: nf('district') },
});

/** A valid next school year for a district on its default current year (July 1 starts a year). */
function nextSchoolYear() {
  const now = new Date();
  const first = (now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1) + 1;
  return { name: `${first}–${first + 1}`, startsOn: `${first}-08-15` };
}

/** THE table: every /api/v1 route, keyed `METHOD /path` as declared. */
const MATRIX: Record<string, Row> = {
  // ---------------------------------------------------------------- sign-in: no district resource
  'GET /auth/dev-users': { unscoped: 'public list of dev sign-in users (dev auth mode only)', status: all(200) },
  'POST /auth/dev-login': { unscoped: 'public sign-in: names the caller, not a resource', status: all(200), body: (who: Person) => ({ cleverId: who.cleverId }) },
  'GET /auth/clever/login': { unscoped: 'public redirect to Clever', status: all(302) },
  'GET /auth/clever/callback': { unscoped: 'public OAuth callback; without code/state it is refused', status: all(302) },
  'POST /auth/token': { unscoped: 'exchanges the caller\'s own session cookie for a bearer token', status: all(200), cookie: true },
  'POST /auth/logout': { unscoped: 'ends the caller\'s own session', status: all(204), endsSessions: true },
  'POST /auth/logout-everywhere': { unscoped: 'ends every session of the caller\'s own account', status: all(204), endsSessions: true },
  'GET /me': { unscoped: 'the caller\'s own account and scope', status: all(200) },
  // --------------------------------------------------------------------------- district-level
  'GET /districts/{id}/sync': { cells: districtAdminRoute('district', 200) },
  'POST /districts/{id}/sync': { cells: districtAdminRoute('district', 202), mutation: true },
  'POST /districts/{id}/sync/runs/{runId}/approve': { cells: districtAdminRoute('run', 409, [409, 'INGESTION.RUN_NOT_HELD']), mutation: true },
  'POST /districts/{id}/sync/runs/{runId}/reject': { cells: districtAdminRoute('run', 409, [409, 'INGESTION.RUN_NOT_HELD']), mutation: true },
  // Sync preview (issue 15): starts a dry run (changes nothing but its own run); `{runId}` is a real completed run, which lists no changes.
  'POST /districts/{id}/sync/preview': { cells: districtAdminRoute('district', 202), mutation: true },
  'GET /districts/{id}/sync/runs/{runId}/changes': {
    query: () => '?kind=archived',
    cells: districtAdminRoute('run', 409, [409, 'INGESTION.CHANGES_NOT_RECORDED']),
  },
  'GET /districts/{id}/summary': { cells: districtAdminRoute('district', 200) },
  'GET /districts/{id}/sharing-health': { cells: districtAdminRoute('district', 200) },
  'GET /districts/{id}/sharing-health/never-enrolled': { cells: districtAdminRoute('district', 200) },
  'GET /districts/{id}/settings': { cells: districtAdminRoute('district', 200) },
  'PATCH /districts/{id}/settings': { cells: districtAdminRoute('district', 200), body: () => ({ placementRequired: true }), mutation: true },
  // ------------------------------------------------------------------------------ school-level
  'GET /schools': { unscoped: 'lists the caller\'s own schools (scope from the principal)', status: staffList(200), listsOnlyOwn: true },
  'GET /accounts': {
    query: (p: Place) => `?schoolId=${p.schoolId}`,
    cells: {
      districtAdmin: { in: 200, out: nf('school') },
      schoolAdmin: { in: 200, out: nf('school') },
      teacher: { in: 200, out: nf('school') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('school') },
    },
  },
  'GET /accounts/{id}': {
    cells: {
      districtAdmin: { in: 200, out: nf('account') },
      schoolAdmin: { in: 200, out: nf('account') },
      teacher: { in: 200, out: nf('account') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('account') },
    },
  },
  'GET /schools/{id}/available-students': {
    cells: {
      districtAdmin: { in: 200, out: nf('school') },
      schoolAdmin: { in: 200, out: nf('school') },
      teacher: { in: 200, out: nf('school') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('school') },
    },
  },
  'GET /schools/{id}/sections': {
    cells: {
      districtAdmin: { in: 200, out: nf('school') },
      schoolAdmin: { in: 200, out: nf('school') },
      teacher: { in: 200, out: nf('school') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('school') },
    },
  },
  'GET /courses': { unscoped: 'the course catalogue of the caller\'s own district', status: staffList(200) },
  // ------------------------------------------------------------------------------- classes
  'GET /classes': {
    query: (p: Place) => `?schoolId=${p.schoolId}`,
    cells: {
      districtAdmin: { in: 200, out: nf('school') },
      schoolAdmin: { in: 200, out: nf('school') },
      teacher: { in: 200, out: nf('school') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('school') },
    },
  },
  'POST /classes': {
    body: (p: Place) => ({ schoolId: p.schoolId, name: 'Matrix class' }),
    mutation: true,
    cells: {
      districtAdmin: { in: 201, out: nf('school') },
      schoolAdmin: { in: 201, out: nf('school') },
      teacher: { in: 201, out: nf('school') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 201, out: nf('school') },
    },
  },
  'GET /classes/{id}': {
    cells: {
      districtAdmin: { in: 200, out: nf('class') },
      schoolAdmin: { in: 200, out: nf('class') },
      teacher: { in: 200, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('class') },
    },
  },
  'PATCH /classes/{id}': {
    body: () => ({ name: 'Matrix class' }),
    mutation: true,
    cells: {
      districtAdmin: { in: 200, out: nf('class') },
      schoolAdmin: { in: 200, out: nf('class') },
      teacher: { in: 200, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('class') },
    },
  },
  'POST /classes/{id}/archive': {
    fresh: async (p: Place) => ({ classId: await classIn(p) }),
    mutation: true,
    cells: {
      districtAdmin: { in: 200, out: nf('class') },
      schoolAdmin: { in: 200, out: nf('class') },
      teacher: { in: 200, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('class') },
    },
  },
  'GET /classes/{id}/enrollments': {
    cells: {
      districtAdmin: { in: 200, out: nf('class') },
      schoolAdmin: { in: 200, out: nf('class') },
      teacher: { in: 200, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('class') },
    },
  },
  'POST /classes/{id}/enrollments': {
    fresh: async (p: Place) => ({ classId: await classIn(p) }),
    body: (p: Place) => ({ studentIds: [p.studentId] }),
    mutation: true,
    cells: {
      districtAdmin: { in: 200, out: nf('class') },
      schoolAdmin: { in: 200, out: nf('class') },
      teacher: { in: 200, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('class') },
    },
  },
  'DELETE /classes/{id}/enrollments/{studentId}': {
    fresh: async (p: Place) => ({ classId: await classIn(p, true) }),
    mutation: true,
    cells: {
      districtAdmin: { in: 204, out: nf('class') },
      schoolAdmin: { in: 204, out: nf('class') },
      teacher: { in: 204, out: nf('class') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 204, out: nf('class') },
    },
  },
  // ---------------------------------------------------------------------------- placements
  'POST /placements': {
    body: (p: Place) => ({ studentId: p.studentId, recommendedCourseId: p.courseId, testedOn: TEST_DATE }),
    mutation: true,
    cells: {
      districtAdmin: { in: 201, out: nf('account') },
      schoolAdmin: { in: 201, out: nf('account') },
      teacher: { in: 201, out: nf('account') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 201, out: nf('account') },
    },
  },
  'GET /students/{id}/placements': {
    cells: {
      districtAdmin: { in: 200, out: nf('account') },
      schoolAdmin: { in: 200, out: nf('account') },
      teacher: { in: 200, out: nf('account') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('account') },
    },
  },
  // ---------------------------------------------------------------- school years (issue 15)
  'GET /districts/{id}/school-years': {
    cells: {
      districtAdmin: { in: 200, out: nf('district') },
      schoolAdmin: { in: 200, out: nf('district') },
      teacher: { in: 200, out: nf('district') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: 200, out: nf('district') },
    },
  },
  'POST /districts/{id}/school-years/rollover/preview': { cells: districtAdminRoute('district', 200), body: () => nextSchoolYear() },
  // Sent without an Idempotency-Key: in scope the route answers 400, so the matrix never rolls a district over.
  'POST /districts/{id}/school-years/rollover': {
    cells: districtAdminRoute('district', 400, [400, 'CLASSES.IDEMPOTENCY_KEY_REQUIRED']),
    body: () => nextSchoolYear(),
    mutation: true,
  },
  // --------------------------------------------------------------------------------- audit
  'GET /audit': {
    unscoped: 'the audit log of the caller\'s own district / schools (scope from the principal)',
    status: { districtAdmin: 200, schoolAdmin: 200, teacher: SCHOOL_ADMIN, student: STUDENT, otherDistrictAdmin: 200 },
    listsOnlyOwn: true,
  },
  // -------------------------------------------------------------- duplicates and merge (issue 16)
  'GET /districts/{id}/duplicate-accounts': { cells: districtAdminRoute('district', 200) },
  'POST /accounts/{id}/merge': {
    // The place's student into itself: in scope, a district admin gets the pair's refusal (nothing is merged).
    body: (p: Place) => ({ intoAccountId: p.studentId }),
    mutation: true,
    cells: {
      districtAdmin: { in: [409, 'IDENTITY.MERGE_INTO_ITSELF'], out: nf('account') },
      schoolAdmin: { in: DISTRICT_ADMIN, out: nf('account') },
      teacher: { in: DISTRICT_ADMIN, out: nf('account') },
      student: { in: STUDENT, out: STUDENT },
      otherDistrictAdmin: { in: [409, 'IDENTITY.MERGE_INTO_ITSELF'], out: nf('account') },
    },
  },
  'GET /districts/{id}/account-retention': { cells: districtAdminRoute('district', 200) },
  'PATCH /districts/{id}/account-retention': { cells: districtAdminRoute('district', 200), body: () => ({ archivedRetentionDays: null }), mutation: true },
};

// The harness and the class factory are module-level so table rows can create fresh fixtures.
let h: GatewayHarness;
const tokens = new Map<string, string>();
const adminOf = new Map<string, Person>(); // district id → its admin
const token = async (p: Person) => {
  if (!tokens.has(p.accountId)) tokens.set(p.accountId, await h.tokenOf(p));
  return tokens.get(p.accountId)!;
};
const asPerson = async (p: Person, method: string, path: string, body?: unknown) => h.call(method, API_PREFIX + path, { token: await token(p), body });
const teacherOf = new Map<string, Person>(); // school id → the teacher who teaches the place's classes

/** A new class in the place's school, taught by the place's teacher, created by the district's admin (optionally with the place's student enrolled). */
async function classIn(p: Place, withStudent = false): Promise<string> {
  const admin = adminOf.get(p.homeDistrictId)!;
  const created = await asPerson(admin, 'POST', '/classes', { schoolId: p.schoolId, name: `Matrix ${p.name}`, courseId: p.courseId, teacherIds: [teacherOf.get(p.schoolId)!.accountId] });
  if (created.status !== 201) throw new Error(`fixture class in ${p.name}: ${created.status} ${created.text}`);
  if (withStudent) {
    const enrolled = await asPerson(admin, 'POST', `/classes/${created.body.id}/enrollments`, { studentIds: [p.studentId] });
    if (enrolled.status !== 200) throw new Error(`fixture enrollment in ${p.name}: ${enrolled.status} ${enrolled.text}`);
  }
  return created.body.id as string;
}

const label = (spec: EndpointSpec) => `${spec.method} ${spec.path}`;
const endsSessions = (spec: EndpointSpec) => {
  const row = MATRIX[label(spec)];
  return row !== undefined && 'unscoped' in row && row.endsSessions === true;
};
const expectOf = (e: Expect) => (typeof e === 'number' ? { status: e } : { status: e[0], code: e[1] });

type IdKey = 'districtId' | 'schoolId' | 'classId' | 'studentId' | 'runId';

/** `{id}` takes the id of the resource the preceding segment names. */
function pathFor(template: string, p: Place): string {
  const byCollection: Record<string, IdKey> = { districts: 'districtId', schools: 'schoolId', classes: 'classId', accounts: 'studentId', students: 'studentId' };
  const segments = template.split('/');
  return segments
    .map((segment, i) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment;
      const name = m[1];
      const key: IdKey | undefined = name === 'id' ? byCollection[segments[i - 1]] : name === 'runId' ? 'runId' : name === 'studentId' ? 'studentId' : undefined;
      if (!key) throw new Error(`${template}: no fixture for the path parameter {${name}} after "${segments[i - 1]}" — add it to pathFor`);
      return encodeURIComponent(p[key]);
    })
    .join('/');
}

describe('tenant isolation matrix (every /api/v1 route × role × in/out of scope; real services)', () => {
  const routes = endpointsOf(apiControllers);
  let people: Record<Role, Person>;
  let inOf: Record<Role, Place>;
  /** The out-of-scope places of each role; every one must answer the role's `out` cell. */
  let outOf: Record<Role, Place[]>;
  let places: Place[];
  const mismatches: string[] = [];

  beforeAll(async () => {
    h = await GatewayHarness.start('gw_tenancy', [
      { name: 'Maple Grove', schools: 2, districtAdmins: 1, schoolAdmins: 2, multiRole: 0, teachers: 2, students: 6, contacts: 0, multiSchoolEvery: 0 },
      { name: 'Cedar Falls', schools: 1, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 1, students: 2, contacts: 0, multiSchoolEvery: 0 },
    ]);
    const [d1, d2] = h.districts;
    const only = (d: DistrictData, role: string, school?: string) =>
      d.people.find((p) => p.roles.length === 1 && p.roles[0] === role && (!school || p.schools.some((m) => m.schoolId === school)));
    const [A, B] = d1.schools;
    const [C] = d2.schools;
    const must = (p: Person | undefined, what: string) => {
      if (!p) throw new Error(`the sandbox has no ${what}`);
      return p;
    };
    people = {
      districtAdmin: must(only(d1, 'district_admin'), 'district admin of d1'),
      schoolAdmin: must(only(d1, 'school_admin', A.id), 'school admin of A'),
      teacher: must(only(d1, 'teacher', A.id), 'teacher of A'),
      student: must(only(d1, 'student', A.id), 'student of A'),
      otherDistrictAdmin: must(only(d2, 'district_admin'), 'district admin of d2'),
    };
    adminOf.set(d1.id, people.districtAdmin).set(d2.id, people.otherDistrictAdmin);
    teacherOf.set(A.id, people.teacher).set(B.id, must(only(d1, 'teacher', B.id), 'teacher of B')).set(C.id, must(only(d2, 'teacher', C.id), 'teacher of C'));
    const runOf = async (d: DistrictData) => {
      const res = await h.internal('clever-ingestion', `/districts/${encodeURIComponent(d.cleverId)}/sync`);
      return (res.body.runs as { id: string; status: string }[]).find((r) => r.status === 'completed')!.id;
    };
    const course = async (admin: Person) => {
      const res = await asPerson(admin, 'GET', '/courses');
      return (res.body.data[0]?.id as string | undefined) ?? 'MATH-7';
    };
    const [run1, run2, course1, course2] = await Promise.all([runOf(d1), runOf(d2), course(people.districtAdmin), course(people.otherDistrictAdmin)]);
    const place = (name: string, d: DistrictData, school: DistrictData['schools'][number], student: Person, runId: string, courseId: string): Place => ({
      name, districtId: d.id, homeDistrictId: d.id, schoolId: school.id, studentId: student.accountId, runId, courseId, classId: '',
    });
    const placeA = place('school A of d1', d1, A, people.student, run1, course1);
    // School B of district 1; its district-level resources are district 2's (district 1 is in everyone's scope there).
    const placeB = { ...place('school B of d1 / d2', d1, B, must(only(d1, 'student', B.id), 'student of B'), run2, course1), districtId: d2.id };
    const placeC = place('district 2', d2, C, must(only(d2, 'student', C.id), 'student of d2'), run2, course2);
    // Placements first (enrollment requires one by default), then a class per place, taught by its teacher.
    for (const [p, admin] of [[placeA, people.districtAdmin], [placeB, people.districtAdmin], [placeC, people.otherDistrictAdmin]] as const) {
      const placed = await asPerson(admin, 'POST', '/placements', { studentId: p.studentId, recommendedCourseId: p.courseId, testedOn: TEST_DATE });
      if (placed.status !== 201) throw new Error(`fixture placement in ${p.name}: ${placed.status} ${placed.text}`);
    }
    placeA.classId = await classIn(placeA, true);
    placeB.classId = await classIn(placeB, true);
    placeC.classId = await classIn(placeC, true);
    places = [placeA, placeB, placeC];
    inOf = { districtAdmin: placeA, schoolAdmin: placeA, teacher: placeA, student: placeA, otherDistrictAdmin: placeC };
    const nobody = randomUUID();
    const unknown: Place = { name: 'unknown ids', districtId: randomUUID(), homeDistrictId: nobody, schoolId: randomUUID(), classId: randomUUID(), studentId: randomUUID(), runId: randomUUID(), courseId: course1, unknown: true };
    // School staff and students: another school of their district AND another district answer the same;
    // the district admin: another district AND ids nobody has answer the same (existence never leaks).
    outOf = {
      districtAdmin: [placeC, unknown],
      schoolAdmin: [placeB, placeC],
      teacher: [placeB, placeC],
      student: [placeB, placeC],
      otherDistrictAdmin: [placeA],
    };
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('has exactly one row per declared route (a new route needs its row; a stale row fails)', () => {
    const declared = routes.map(label);
    const missing = declared.filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((r) => !declared.includes(r));
    expect({ missingRows: missing, rowsOfRoutesThatNoLongerExist: stale }).toEqual({ missingRows: [], rowsOfRoutesThatNoLongerExist: [] });
    for (const spec of routes) {
      const row = MATRIX[label(spec)];
      if (row && 'cells' in row && spec.body && !row.body) throw new Error(`${label(spec)} declares a body: its row needs a body builder`);
    }
  });

  /** The state a refused mutation must leave unchanged: every class (with enrollments), placements, settings and runs of every place. */
  async function snapshot(): Promise<string> {
    const reads: Promise<unknown>[] = [];
    const read = (admin: Person, path: string, pick: (body: any) => unknown = (b) => b) =>
      reads.push(asPerson(admin, 'GET', path).then((res) => (res.status === 200 ? pick(res.body) : `${path}: ${res.status}`)));
    for (const p of places) {
      const admin = adminOf.get(p.homeDistrictId)!;
      // Each class carries its name, teachers, status and activeEnrollments; the fixture classes' enrollments in full.
      read(admin, `/classes?schoolId=${p.schoolId}&limit=500`);
      read(admin, `/classes?schoolId=${p.schoolId}&status=archived&limit=500`);
      read(admin, `/classes/${p.classId}/enrollments?status=all&limit=500`);
      read(admin, `/students/${p.studentId}/placements`);
    }
    for (const districtId of [places[0].homeDistrictId, places[2].homeDistrictId]) {
      const admin = adminOf.get(districtId)!;
      read(admin, `/districts/${districtId}/settings`);
      read(admin, `/districts/${districtId}/sync`, (b) => (b.runs ?? []).filter((r: { kind: string }) => r.kind === 'full').map((r: { id: string }) => r.id));
    }
    return JSON.stringify(await Promise.all(reads));
  }

  function checkRefusal(where: string, res: Answer, expected: { status: number; code?: string }): void {
    if (res.status < 400) return;
    const bad: string[] = [];
    if (!res.headers.get('content-type')?.includes(PROBLEM)) bad.push(`content-type ${res.headers.get('content-type')}`);
    if (typeof res.body?.code !== 'string') bad.push('no code');
    if (/\/internal\/|\binternal\/v1\b|at .+\.(ts|js):\d+|select |insert into/i.test(res.text)) bad.push(`names internals: ${res.text.slice(0, 200)}`);
    if (expected.code && res.body?.code !== expected.code) bad.push(`code ${res.body?.code}, expected ${expected.code}`);
    if (bad.length) mismatches.push(`${where}: ${bad.join('; ')}`);
  }

  it('answers every cell as the table says, refusals are problems, refused mutations change nothing', async () => {
    // Rows that end sessions run last (logout-everywhere revokes every token of the account).
    // The state every refused mutation is compared against; re-read only after something changed it.
    let known: string | undefined = await snapshot();
    const unreadable = (JSON.parse(known) as unknown[]).filter((part) => typeof part === 'string');
    expect(unreadable).toEqual([]); // every read of the snapshot answers (else the comparison would prove nothing)
    const ordered = [...routes].sort((x, y) => Number(endsSessions(x)) - Number(endsSessions(y)));
    for (const spec of ordered) {
      const row = MATRIX[label(spec)];
      if (!row) continue; // reported by the first test
      for (const role of ROLES) {
        const who = people[role];
        if ('unscoped' in row) {
          const expected = expectOf(row.status[role]);
          const credentials = row.cookie
            ? { cookie: (await h.call('POST', `${API_PREFIX}/auth/dev-login`, { body: { cleverId: who.cleverId } })).headers.get('set-cookie')!.split(';')[0] }
            : { token: row.endsSessions ? await h.tokenOf(who) : await token(who) };
          const res = await h.call(spec.method, API_PREFIX + spec.path, { ...credentials, body: row.body?.(who) });
          const where = `${label(spec)} as ${role}`;
          if (res.status !== expected.status) mismatches.push(`${where}: ${res.status} ${res.body?.code ?? ''}, expected ${expected.status}`);
          checkRefusal(where, res, expected);
          if (row.listsOnlyOwn && res.status === 200) {
            for (const id of outOf[role].flatMap((p) => [p.schoolId, p.classId, p.studentId])) {
              if (res.text.includes(id)) mismatches.push(`${where}: lists ${id}, out of the caller's scope`);
            }
          }
          continue;
        }
        const cases = [{ side: 'in' as const, base: inOf[role] }, ...outOf[role].map((base) => ({ side: 'out' as const, base }))];
        for (const { side, base } of cases) {
          const p: Place = row.fresh && !base.unknown ? { ...base, ...(await row.fresh(base)) } : base;
          if (row.fresh) known = undefined;
          const expected = expectOf(row.cells[role][side]);
          const url = API_PREFIX + pathFor(spec.path, p) + (row.query?.(p) ?? '');
          const before = row.mutation && expected.status >= 400 ? (known ??= await snapshot()) : undefined;
          const res = await h.call(spec.method, url, { token: await token(who), body: row.body?.(p) });
          const where = `${label(spec)} as ${role}, ${side} of scope (${p.name})`;
          if (res.status !== expected.status) mismatches.push(`${where}: ${res.status} ${res.body?.code ?? ''}, expected ${expected.status} ${expected.code ?? ''}`);
          checkRefusal(where, res, expected);
          if (before !== undefined && res.status >= 400) {
            const after = await snapshot();
            if (after !== before) mismatches.push(`${where}: refused (${res.status}) but the state changed`);
            known = after;
          } else if (row.mutation) {
            known = undefined;
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});
