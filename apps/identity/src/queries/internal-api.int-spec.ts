import { signInternalToken, type Caller, type Principal } from '@roster/authz';
import type { Envelope } from '@roster/contracts';
import type { HostedService } from '@roster/http';
import { identityApi, problemSchema } from '@roster/internal-api';
import { KafkaMessageBus, serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, testBrokers } from '@roster/testing';
import type { z } from 'zod';
import { RosterHandler } from '../consumers/roster/roster.handler';
import { createIdentityService } from '../service';
import { cleverId, districtUpserted, schoolUpserted, userRemoved, userUpserted } from '../testing/roster-events';

/**
 * The internal API of docs/internal-api.md (identity section) over HTTP with real internal tokens, on a
 * real PostgreSQL seeded through the roster consumer's handler.
 */
const secret = 'test-internal-auth-secret-0123456789';
const D1 = cleverId('d', 11);
const D2 = cleverId('d', 12);
const [A, B, C, PENDING] = [cleverId('s', 11), cleverId('s', 12), cleverId('s', 13), cleverId('s', 14)];
const u = (n: number) => cleverId('u', 100 + n);
const people = {
  director: u(1),
  adminA: u(2),
  teacherB: u(3),
  multi: u(4),
  leo: u(5),
  ava: u(6),
  zoe: u(7),
  max: u(8),
  director2: u(9),
  teacherC: u(10),
  studentC: u(11),
  quoted: u(12),
};
const extraStudents = ['Baker', 'Baker', 'Diaz', 'Evans', 'evans', 'Fox'].map((last, i) => ({ id: u(20 + i), last, first: ['Ann', 'Bob', 'Cy', 'Di', 'Ed', 'Flo'][i] }));

function seed(): Envelope[] {
  const user = (id: string, district: string, first: string, last: string, roles: object, email?: string) =>
    userUpserted({ cleverUserId: id, cleverDistrictId: district, name: { first, last }, email, roles: roles as never }, 1);
  return [
    districtUpserted({ cleverDistrictId: D1, name: 'Maple Grove USD' }, 1),
    districtUpserted({ cleverDistrictId: D2, name: 'Cedar Falls SD' }, 1),
    schoolUpserted({ cleverSchoolId: A, cleverDistrictId: D1, name: 'Lincoln Elementary', sisId: '105', lowGrade: 'Kindergarten', highGrade: '5' }, 1),
    schoolUpserted({ cleverSchoolId: B, cleverDistrictId: D1, name: 'adams Middle' }, 1),
    schoolUpserted({ cleverSchoolId: C, cleverDistrictId: D2, name: 'Cedar Elementary' }, 1),
    user(people.director, D1, 'Maria', 'Gonzalez', { district_admin: { title: 'Director' } }, 'mgonzalez@maplegrove.k12.ca.us'),
    user(people.adminA, D1, 'Omar', 'Said', { staff: { schools: [A] } }),
    user(people.teacherB, D1, 'Priya', 'Shah', { teacher: { school: B, schools: [B] } }),
    user(people.multi, D1, 'James', 'Okafor', { teacher: { school: A, schools: [A] }, staff: { schools: [A, B] } }),
    user(people.leo, D1, 'Leo', 'Martin', { student: { school: A, schools: [A], sisId: 'S-1', studentNumber: '1001', grade: '3' } }),
    user(people.ava, D1, 'Ava', 'Chen', { student: { school: B, schools: [A, B], grade: '4' } }),
    user(people.zoe, D1, 'Zoe', 'Adams', { student: { school: B, schools: [B, PENDING] } }),
    user(people.max, D1, 'Max', 'Archer', { student: { school: A, schools: [A] } }),
    userRemoved({ cleverUserId: people.max, cleverDistrictId: D1, reason: 'unshared' }, 2),
    ...extraStudents.map((s) => user(s.id, D1, s.first, s.last, { student: { school: A, schools: [A] } })),
    user(people.director2, D2, 'Ruth', 'Hale', { district_admin: {} }),
    user(people.teacherC, D2, 'Ivan', 'Petrov', { teacher: { school: C, schools: [C] } }),
    user(people.studentC, D2, 'Mia', 'Rossi', { student: { school: C, schools: [C] } }),
    user(people.quoted, D2, 'Seán', "O'Brien \\ E'x' ?? ? $1", { student: { school: C, schools: [C], sisId: "'; drop table account; --" } }),
  ];
}

describe('identity internal API', () => {
  let url: string;
  let bus: KafkaMessageBus;
  let service: HostedService;
  let base: string;
  const principals: Record<string, Principal> = {};
  const ids: Record<string, string> = {};
  const schoolIds: Record<string, string> = {};
  const districtIds: Record<string, string> = {};

  const system: Caller = { kind: 'system', name: 'gateway' };
  const as = (who: keyof typeof people): Caller => ({ kind: 'user', principal: principals[who] });
  async function get(caller: Caller | null, path: string): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = caller ? { 'x-internal-token': signInternalToken(caller, 'identity', secret) } : {};
    const res = await fetch(`${base}/internal/v1${path}`, { headers });
    return { status: res.status, body: await res.json() };
  }

  beforeAll(async () => {
    url = await createTestDatabase('identity_api');
    bus = new KafkaMessageBus({ clientId: 'identity-api-test', brokers: testBrokers() });
    service = await createIdentityService({
      databaseUrl: url,
      bus,
      internalAuthSecret: secret,
      logger: createLogger('identity', { level: 'silent' }),
      roles: new Set(['api']),
      migrate: true,
    });
    base = await service.listen(0);
    const roster = new RosterHandler({ outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }) });
    await service.orm.em.fork().transactional((em) => roster.execute(em, seed()));
    for (const [who, clever] of Object.entries(people)) {
      const res = await get(system, `/sign-in/clever/${clever}`);
      if (res.status === 200) principals[who] = res.body.principal;
      ids[who] = res.status === 200 ? res.body.account.id : '';
    }
    const db = service.orm.em.fork();
    for (const r of await selectRows<{ id: string; clever_id: string }>(db, sql`select id, clever_id from school`)) schoolIds[r.clever_id] = r.id;
    for (const r of await selectRows<{ id: string; clever_id: string }>(db, sql`select id, clever_id from district`)) districtIds[r.clever_id] = r.id;
    ids.max = (await selectRows<{ id: string }>(db, sql`select id from account where clever_id = ${people.max}`))[0].id;
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
    if (url) await dropTestDatabase(url);
  });

  it('refuses calls without a valid internal token for identity', async () => {
    expect((await get(null, '/districts')).body).toMatchObject({ status: 401, code: 'INTERNAL_TOKEN_MISSING' });
    const res = await fetch(`${base}/internal/v1/districts`, { headers: { 'x-internal-token': signInternalToken(system, 'classes', secret) } });
    expect(res.status).toBe(401);
  });

  it('signs in by Clever id or account id: the account and its principal; archived → 403, unknown → 404, users and unknown system callers → 403', async () => {
    const res = await get(system, `/sign-in/clever/${people.multi}`);
    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({
      accountId: ids.multi,
      districtId: districtIds[D1],
      cleverDistrictId: D1,
      roles: ['school_admin', 'teacher'],
      schools: expect.arrayContaining([
        { schoolId: schoolIds[A], roles: ['school_admin', 'teacher'] },
        { schoolId: schoolIds[B], roles: ['school_admin'] },
      ]),
    });
    expect(res.body.account).toMatchObject({ id: ids.multi, cleverId: people.multi, status: 'active', name: { first: 'James', last: 'Okafor' } });
    expect(typeof res.body.account.createdAt).toBe('string');
    expect((await get(system, `/sign-in/account/${ids.multi}`)).body.account.id).toBe(ids.multi);
    expect((await get(system, `/sign-in/clever/${people.max}`)).body).toMatchObject({ status: 403, code: 'IDENTITY.ACCOUNT_ARCHIVED' });
    expect((await get(system, `/sign-in/account/${ids.max}`)).body).toMatchObject({ status: 403, code: 'IDENTITY.ACCOUNT_ARCHIVED' });
    expect((await get(system, `/sign-in/clever/nope`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(system, `/sign-in/account/not-a-uuid`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(as('director'), `/sign-in/clever/${people.leo}`)).body).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
    expect((await get({ kind: 'system', name: 'someone-else' }, `/sign-in/clever/${people.leo}`)).body).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
  });

  it('keeps quotes, backslashes and placeholders in values intact', async () => {
    const res = await get(system, `/sign-in/clever/${people.quoted}`);
    expect(res.body.account).toMatchObject({ name: { first: 'Seán', last: "O'Brien \\ E'x' ?? ? $1" }, sisId: "'; drop table account; --" });
    const found = await get(as('director2'), `/districts/${districtIds[D2]}/accounts?q=${encodeURIComponent("o'brien \\")}`);
    expect(found.body.data.map((a: any) => a.cleverId)).toEqual([people.quoted]);
  });

  it('lists districts to the system and shows a district to its staff; other districts 404, students 403', async () => {
    const list = await get(system, '/districts');
    expect(list.body.data).toEqual([
      { id: districtIds[D2], cleverId: D2, name: 'Cedar Falls SD', status: 'connected' },
      { id: districtIds[D1], cleverId: D1, name: 'Maple Grove USD', status: 'connected' },
    ]);
    expect((await get(as('director'), '/districts')).body).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
    expect((await get(as('teacherB'), `/districts/${districtIds[D1]}`)).body).toMatchObject({ id: districtIds[D1], name: 'Maple Grove USD' });
    expect((await get(system, `/districts/${districtIds[D1]}`)).status).toBe(200);
    expect((await get(as('director'), `/districts/${districtIds[D2]}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
    expect((await get(as('leo'), `/districts/${districtIds[D1]}`)).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
  });

  it('pages a district admin through all accounts sorted by last name, first name, id', async () => {
    const all = await get(as('director'), `/districts/${districtIds[D1]}/accounts?limit=500`);
    expect(all.status).toBe(200);
    const names = all.body.data.map((a: any) => `${a.name.last} ${a.name.first}`);
    expect(names).toEqual([
      'Adams Zoe', 'Archer Max', 'Baker Ann', 'Baker Bob', 'Chen Ava', 'Diaz Cy', 'Evans Di', 'evans Ed', 'Fox Flo',
      'Gonzalez Maria', 'Martin Leo', 'Okafor James', 'Said Omar', 'Shah Priya',
    ]);
    expect(all.body.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await get(as('director'), `/districts/${districtIds[D1]}/accounts?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.data.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.data.map((a: any) => a.id));
  });

  it('filters accounts by school, role, status, Clever id and text (name, email, sis_id, student_number)', async () => {
    const search = async (qs: string) => ((await get(as('director'), `/districts/${districtIds[D1]}/accounts?${qs}`)).body.data as any[]).map((a) => a.cleverId);
    expect(await search('role=teacher')).toEqual([people.multi, people.teacherB]);
    expect(await search('status=archived')).toEqual([people.max]);
    expect(await search(`schoolId=${schoolIds[B]}`)).toEqual([people.zoe, people.ava, people.multi, people.teacherB]);
    expect(await search(`schoolId=${schoolIds[B]}&role=student`)).toEqual([people.zoe, people.ava]);
    expect(await search('q=LEO')).toEqual([people.leo]);
    expect(await search('q=1001')).toEqual([people.leo]);
    expect(await search('q=s-1')).toEqual([people.leo]);
    expect(await search('q=mgonzalez%40maple')).toEqual([people.director]);
    expect(await search('q=james%20okafor')).toEqual([people.multi]);
    expect(await search('q=%25')).toEqual([]);
    expect(await search(`cleverId=${people.ava}`)).toEqual([people.ava]);
  });

  it('limits school admins and teachers to the accounts of their schools; other districts 404; students 403', async () => {
    const ofAdminA = (await get(as('adminA'), `/districts/${districtIds[D1]}/accounts?limit=500`)).body.data.map((a: any) => a.cleverId);
    expect(ofAdminA).toContain(people.leo);
    expect(ofAdminA).toContain(people.ava);
    expect(ofAdminA).not.toContain(people.zoe);
    expect(ofAdminA).not.toContain(people.director);
    const ofTeacherB = (await get(as('teacherB'), `/districts/${districtIds[D1]}/accounts?role=student`)).body.data.map((a: any) => a.cleverId);
    expect(ofTeacherB).toEqual([people.zoe, people.ava]);
    expect((await get(as('director2'), `/districts/${districtIds[D1]}/accounts`)).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
    expect((await get(as('leo'), `/districts/${districtIds[D1]}/accounts`)).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
    expect((await get(system, `/districts/${districtIds[D1]}/accounts`)).body).toMatchObject({ status: 403, code: 'ACCESS.USERS_ONLY' });
    expect((await get(as('director'), `/districts/${districtIds[D1]}/accounts?limit=501`)).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await get(as('director'), `/districts/${districtIds[D1]}/accounts?cursor=bogus`)).body).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });

  it('shows one account to staff in scope: by id and by Clever id', async () => {
    expect((await get(as('director'), `/accounts/${ids.leo}`)).body).toMatchObject({ id: ids.leo, sisId: 'S-1', studentNumber: '1001', grade: '3' });
    expect((await get(as('teacherB'), `/accounts/${ids.ava}`)).status).toBe(200);
    expect((await get(as('teacherB'), `/accounts/${ids.leo}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(as('teacherB'), `/accounts/${ids.teacherB}`)).status).toBe(200);
    expect((await get(as('director2'), `/accounts/${ids.leo}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(as('leo'), `/accounts/${ids.leo}`)).body).toMatchObject({ status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
    expect((await get(as('director'), `/accounts/not-a-uuid`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(system, `/accounts/by-clever-id/${people.ava}`)).body).toMatchObject({ id: ids.ava, cleverId: people.ava });
    expect((await get(as('adminA'), `/accounts/by-clever-id/${people.zoe}`)).status).toBe(404);
    const archived = (await get(as('director'), `/accounts/${ids.max}`)).body;
    expect(archived).toMatchObject({ status: 'archived' });
    expect(typeof archived.archivedAt).toBe('string');
  });

  it('lists the schools of a district by name (their own for school staff), never placeholders', async () => {
    const all = await get(as('director'), `/districts/${districtIds[D1]}/schools`);
    expect(all.body).toEqual({
      data: [
        { id: schoolIds[B], cleverId: B, districtId: districtIds[D1], name: 'adams Middle', status: 'active' },
        { id: schoolIds[A], cleverId: A, districtId: districtIds[D1], name: 'Lincoln Elementary', sisId: '105', lowGrade: 'Kindergarten', highGrade: '5', status: 'active' },
      ],
      nextCursor: null,
    });
    const paged = await get(as('director'), `/districts/${districtIds[D1]}/schools?limit=1`);
    expect(paged.body.data.map((s: any) => s.cleverId)).toEqual([B]);
    expect((await get(as('director'), `/districts/${districtIds[D1]}/schools?limit=1&cursor=${paged.body.nextCursor}`)).body.data.map((s: any) => s.cleverId)).toEqual([A]);
    expect((await get(as('adminA'), `/districts/${districtIds[D1]}/schools`)).body.data.map((s: any) => s.cleverId)).toEqual([A]);
    expect((await get(as('adminA'), `/schools/${schoolIds[A]}`)).status).toBe(200);
    expect((await get(as('adminA'), `/schools/${schoolIds[B]}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    expect((await get(as('director2'), `/schools/${schoolIds[A]}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    expect((await get(as('director'), `/schools/${schoolIds[PENDING]}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
  });

  it('summarises accounts by role and status for district admins only', async () => {
    const res = await get(as('director'), `/districts/${districtIds[D1]}/summary`);
    expect(res.status).toBe(200);
    expect(res.body.totals.byRole).toEqual({
      district_admin: { active: 1, archived: 0 },
      school_admin: { active: 2, archived: 0 },
      teacher: { active: 2, archived: 0 },
      student: { active: 9, archived: 1 },
    });
    const lincoln = res.body.schools.find((s: any) => s.schoolId === schoolIds[A]);
    expect(lincoln).toEqual({
      schoolId: schoolIds[A],
      name: 'Lincoln Elementary',
      byRole: { district_admin: { active: 0, archived: 0 }, school_admin: { active: 2, archived: 0 }, teacher: { active: 1, archived: 0 }, student: { active: 8, archived: 1 } },
    });
    expect(res.body.schools).toHaveLength(2);
    expect((await get(as('adminA'), `/districts/${districtIds[D1]}/summary`)).body).toMatchObject({ status: 403, code: 'ACCESS.DISTRICT_ADMIN_REQUIRED' });
    expect((await get(as('director2'), `/districts/${districtIds[D1]}/summary`)).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
  });

  it('gives the dev login at least one active user per role and per school', async () => {
    const res = await get(system, `/dev-users?districtId=${districtIds[D1]}`);
    expect(res.status).toBe(200);
    const users = res.body.data as { accountId: string; roles: string[]; schools: { schoolId: string; name: string | null }[] }[];
    for (const role of ['district_admin', 'school_admin', 'teacher', 'student']) expect(users.some((x) => x.roles.includes(role))).toBe(true);
    for (const school of [A, B]) {
      for (const role of ['school_admin', 'teacher', 'student']) expect(users.some((x) => x.roles.includes(role) && x.schools.some((s) => s.schoolId === schoolIds[school]))).toBe(true);
    }
    expect(users.map((x) => x.accountId)).not.toContain(ids.max);
    expect(users.every((x) => principals.director2.accountId !== x.accountId)).toBe(true);
    expect(users.length).toBeLessThan(10);
    expect(users.find((x) => x.accountId === ids.zoe)?.schools).toEqual(expect.arrayContaining([{ schoolId: schoolIds[PENDING], name: null }]));
    expect((await get(system, '/dev-users')).body.data.length).toBeGreaterThan(users.length);
    expect((await get(as('director'), '/dev-users')).body).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
  });

  it('answers exactly what the internal contracts of @roster/internal-api declare', async () => {
    const check = async (caller: Caller, path: string, schema: z.ZodType) => {
      const res = await get(caller, path);
      const parsed = schema.safeParse(res.body);
      expect({ path, issues: parsed.error?.issues ?? [] }).toEqual({ path, issues: [] });
      // Nothing undeclared either (zod drops unknown keys).
      expect(parsed.data).toEqual(res.body);
    };
    await check(system, '/districts', identityApi.districtList);
    await check(system, `/districts/${districtIds[D1]}`, identityApi.district);
    await check(as('director'), `/districts/${districtIds[D1]}/schools?limit=1`, identityApi.schoolPage);
    await check(as('director'), `/schools/${schoolIds[A]}`, identityApi.school);
    await check(as('director'), `/districts/${districtIds[D1]}/accounts?limit=500`, identityApi.accountPage);
    await check(as('director'), `/accounts/${ids.max}`, identityApi.account);
    await check(system, `/accounts/by-clever-id/${people.quoted}`, identityApi.account);
    await check(system, `/sign-in/clever/${people.multi}`, identityApi.signIn);
    await check(system, `/sign-in/account/${ids.director}`, identityApi.signIn);
    await check(system, '/dev-users', identityApi.devUserList);
    await check(as('director'), `/districts/${districtIds[D1]}/summary`, identityApi.districtSummary);
    await check(as('director2'), `/accounts/${ids.leo}`, problemSchema);
    await check(system, `/sign-in/clever/${people.max}`, problemSchema);
  });
  it('re-reads accounts and schools as their newest event carries them, for classes only (state routes)', async () => {
    const classes: Caller = { kind: 'system', name: 'classes' };
    const db = service.orm.em.fork();
    const lastEvent = async (subject: string) =>
      (await selectRows<{ payload: { version: number; data: unknown } }>(db, sql`select payload from outbox_message where payload->>'subject' = ${subject} order by seq desc limit 1`))[0].payload;
    for (const who of ['leo', 'max', 'multi'] as const) {
      const res = await get(classes, `/state/accounts/${ids[who]}`);
      const event = await lastEvent(ids[who]);
      expect(res).toEqual({ status: 200, body: { version: event.version, state: event.data } });
      identityApi.accountState.parse(res.body);
    }
    expect((await get(classes, `/state/accounts/${ids.max}`)).body.state.status).toBe('archived');
    const school = await get(classes, `/state/schools/${schoolIds[A]}`);
    const schoolEvent = await lastEvent(schoolIds[A]);
    expect(school).toEqual({ status: 200, body: { version: schoolEvent.version, state: schoolEvent.data } });

    // Unknown ids, placeholders (never published) and other callers.
    expect((await get(classes, `/state/accounts/not-a-uuid`)).body).toMatchObject({ status: 404, code: 'IDENTITY.ACCOUNT_NOT_FOUND' });
    expect((await get(classes, `/state/schools/${schoolIds[PENDING]}`)).body).toMatchObject({ status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    expect((await get(classes, `/state/districts/00000000-0000-4000-8000-000000000000/accounts`)).body).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
    expect((await get(system, `/state/accounts/${ids.leo}`)).body).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
    expect((await get(as('director'), `/state/accounts/${ids.leo}`)).body).toMatchObject({ status: 403 });

    // A district's accounts and schools, page by page: every one of the district's rows once, nothing of another district.
    const all = async (path: string) => {
      const out: { version: number; state: { id?: string; accountId?: string; schoolId?: string; districtId: string } }[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: typeof out; nextCursor: string | null } } = await get(classes, `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        identityApi.accountStatePage.or(identityApi.schoolStatePage).parse(page.body);
        out.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor);
      return out;
    };
    const accounts = await all(`/state/districts/${districtIds[D1]}/accounts`);
    const expected = await selectRows<{ id: string }>(db, sql`select a.id from account a join district d on d.id = a.district_id where d.clever_id = ${D1} order by a.id`);
    expect(accounts.map((a) => a.state.accountId)).toEqual(expected.map((r) => r.id));
    expect(new Set(accounts.map((a) => a.state.districtId))).toEqual(new Set([districtIds[D1]]));
    const schools = await all(`/state/districts/${districtIds[D1]}/schools`);
    expect(schools.map((x) => x.state.schoolId).sort()).toEqual([schoolIds[A], schoolIds[B]].sort());
  });
});
