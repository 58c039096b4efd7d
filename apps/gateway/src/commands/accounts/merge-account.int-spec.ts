import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { problemSchema } from '../../api/schemas';
import { listDuplicateAccounts } from '../../queries/duplicate-accounts/duplicate-accounts.controller';
import { GatewayHarness, type DistrictData, type Person } from '../../testing/gateway-harness';
import { updateAccountRetention } from './account-retention.controller';
import { mergeAccount } from './merge-account.controller';

/**
 * Issue 16, "When Clever ids change": the REAL clever-ingestion, identity and classes services (Kafka,
 * PostgreSQL) behind the gateway, the Clever sandbox as Clever. A student's Clever id changes in the sandbox
 * (old id unshared, a new id shared with the same sis_id) → identity lists the pair as a possible duplicate →
 * a district admin merges the old account into the new one → classes moves the placements and enrollment
 * history and re-opens the enrollments the old account lost by being archived (never twice) → the old Clever
 * id, shared again, resolves to the new account instead of restoring the old one.
 */
describe('duplicates and merge (real ingestion, identity, classes; Kafka, PostgreSQL, Clever sandbox)', () => {
  let h: GatewayHarness;
  let d1: DistrictData;
  let d2: DistrictData;
  let admin: Person;
  let schoolAdmin: Person;
  let teacher: Person;
  let moved: Person; // the student whose Clever id changes
  let leaver: Person; // a student who leaves (archived, not merged)
  let foreign: Person; // a student of the other district
  let schoolId: string;
  let newCleverId: string;
  let targetId: string;
  let classMoved: string; // only the old account was enrolled
  let classShared: string; // both accounts end up enrolled
  let classArchived: string; // the old account was enrolled; the class is archived before the merge
  const tokens = new Map<string, string>();

  const only = (d: DistrictData, roles: string[]) => d.people.filter((p) => p.roles.length === roles.length && roles.every((r) => p.roles.includes(r as never)));
  const as = async (p: Person | { cleverId: string; accountId?: string }, method: string, path: string, body?: unknown) => {
    const key = p.cleverId;
    if (!tokens.has(key)) tokens.set(key, await h.tokenOf(p));
    return h.call(method, `/api/v1${path}`, { token: tokens.get(key)!, body });
  };
  const expectProblem = (res: { status: number; body: any }, status: number, code: string) => {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(problemSchema.safeParse(res.body).success).toBe(true);
  };
  const duplicates = async () => {
    const res = await as(admin, 'GET', `/districts/${d1.id}/duplicate-accounts`);
    expect(res.status).toBe(200);
    expect(listDuplicateAccounts.response.parse(res.body)).toEqual(res.body);
    return res.body.data as { roleGroup: string; archived: { id: string }; active: { id: string }; evidence: { field: string; value: string }[] }[];
  };
  const enrollmentsOf = async (classId: string) =>
    (await as(admin, 'GET', `/classes/${classId}/enrollments?status=all&limit=500`)).body.data as { studentId: string; status: string; endReason?: string }[];
  /** The databases the harness made for this run (`gw_merge_<service>_<random>`), found by name as they appear. */
  const databases = async (): Promise<string[]> => {
    const server = new Client({ connectionString: process.env.ROSTER_TEST_PG_ADMIN_URL });
    await server.connect();
    try {
      return ((await server.query(`select datname from pg_database where datname like 'gw\\_merge\\_%'`)).rows as { datname: string }[]).map((r) => r.datname);
    } finally {
      await server.end();
    }
  };
  let identityDb: Client;
  let classesDb: Client;
  const count = async (db: Client, statement: string, params: unknown[]) => Number((await db.query(statement, params)).rows[0].n);
  const account = async (id: string) => (await as(admin, 'GET', `/accounts/${id}`)).body as { id: string; status: string };

  beforeAll(async () => {
    const before = await databases();
    h = await GatewayHarness.start('gw_merge', [
      { name: 'Maple Grove', schools: 1, districtAdmins: 1, schoolAdmins: 1, multiRole: 0, teachers: 1, students: 5, contacts: 0, multiSchoolEvery: 0 },
      { name: 'Cedar Falls', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 1, students: 2, contacts: 0, multiSchoolEvery: 0 },
    ]);
    [d1, d2] = h.districts;
    [admin] = only(d1, ['district_admin']);
    [schoolAdmin] = only(d1, ['school_admin']);
    [teacher] = only(d1, ['teacher']);
    [moved, leaver] = only(d1, ['student']);
    [foreign] = only(d2, ['student']);
    schoolId = d1.schools[0].id;
    const made = (await databases()).filter((name) => !before.includes(name));
    const connect = async (service: string) => {
      const names = made.filter((name) => name.startsWith(`gw_merge_${service}_`));
      if (names.length !== 1) throw new Error(`expected one new ${service} database, found ${names.length}`);
      const url = new URL(process.env.ROSTER_TEST_PG_ADMIN_URL!);
      url.pathname = `/${names[0]}`;
      const db = new Client({ connectionString: url.toString() });
      await db.connect();
      return db;
    };
    [identityDb, classesDb] = [await connect('identity'), await connect('classes')];
  }, 240_000);

  afterAll(async () => {
    await identityDb?.end();
    await classesDb?.end();
    await h?.close();
  }, 180_000);

  it('before the change: the student has a placement and three classes', async () => {
    const courseId = (await as(admin, 'GET', '/courses')).body.data[0].id as string;
    expect((await as(admin, 'POST', '/placements', { studentId: moved.accountId, recommendedCourseId: courseId, score: 71, testedOn: '2026-09-01' })).status).toBe(201);
    const create = async (name: string) => {
      const res = await as(admin, 'POST', '/classes', { schoolId, name, courseId, teacherIds: [teacher.accountId] });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    [classMoved, classShared, classArchived] = [await create('Moved'), await create('Shared'), await create('Archived later')];
    for (const c of [classMoved, classShared, classArchived]) {
      expect((await as(admin, 'POST', `/classes/${c}/enrollments`, { studentIds: [moved.accountId] })).body.results).toEqual([expect.objectContaining({ studentId: moved.accountId, outcome: 'enrolled' })]);
    }
  }, 180_000);

  it('the Clever id changes: the old account is archived (its enrollments end), a new one appears, and the pair is listed with its evidence', async () => {
    const cleverDistrict = d1.cleverId;
    const record = h.sandbox.admin.get(cleverDistrict, 'users', moved.cleverId)!.record;
    h.sandbox.admin.unshareUser(cleverDistrict, moved.cleverId);
    h.sandbox.admin.unshareUser(cleverDistrict, leaver.cleverId);
    const { id: _old, created: _c, last_modified: _m, ...rest } = record as Record<string, unknown>;
    newCleverId = h.sandbox.admin.createUser(cleverDistrict, rest as never).id as string;
    expect(newCleverId).not.toBe(moved.cleverId);

    targetId = await eventually(async () => {
      const res = await h.internal('identity', `/sign-in/clever/${newCleverId}`);
      return res.status === 200 ? (res.body.account.id as string) : undefined;
    }, 60_000, 'the new Clever id\'s account');
    expect(targetId).not.toBe(moved.accountId);
    await eventually(async () => (await account(moved.accountId)).status === 'archived' && (await account(leaver.accountId)).status === 'archived', 60_000, 'the old accounts archived');
    await eventually(async () => (await enrollmentsOf(classMoved)).every((e) => e.status === 'ended'), 60_000, 'the old account\'s enrollments ended');
    expect(await enrollmentsOf(classMoved)).toEqual([expect.objectContaining({ studentId: moved.accountId, status: 'ended', endReason: 'student_archived' })]);

    const pairs = await eventually(async () => {
      const listed = await duplicates();
      return listed.length > 0 ? listed : undefined;
    }, 60_000, 'the duplicate pair');
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ roleGroup: 'student', archived: { id: moved.accountId }, active: { id: targetId } });
    expect(pairs[0].evidence.map((e) => e.field).sort()).toEqual(expect.arrayContaining(['sis_id']));
    // Nobody else: the leaver shares nothing with an active account.
    expect(pairs.some((p) => p.archived.id === leaver.accountId)).toBe(false);
  }, 180_000);

  it('the new account is enrolled in one of the classes; the third class is archived', async () => {
    await eventually(async () => {
      const res = await as(admin, 'GET', `/schools/${schoolId}/available-students?limit=500`);
      return res.body.data.some((s: { id: string }) => s.id === targetId);
    }, 60_000, 'the new account in classes\' projection');
    const enrolled = await as(admin, 'POST', `/classes/${classShared}/enrollments`, { studentIds: [targetId], override: true });
    expect(enrolled.body.results).toEqual([expect.objectContaining({ studentId: targetId, outcome: 'enrolled' })]);
    const archived = await as(admin, 'POST', `/classes/${classArchived}/archive`);
    expect(archived.status).toBeLessThan(300);
  }, 180_000);

  it('refuses ineligible pairs with stable codes and changes nothing', async () => {
    const merge = (p: Person, source: string, into: string) => as(p, 'POST', `/accounts/${source}/merge`, { intoAccountId: into });
    expectProblem(await merge(admin, targetId, moved.accountId), 409, 'IDENTITY.MERGE_SOURCE_ACTIVE');
    expectProblem(await merge(admin, moved.accountId, moved.accountId), 409, 'IDENTITY.MERGE_INTO_ITSELF');
    expectProblem(await merge(admin, moved.accountId, leaver.accountId), 409, 'IDENTITY.MERGE_TARGET_ARCHIVED');
    expectProblem(await merge(admin, moved.accountId, teacher.accountId), 409, 'IDENTITY.MERGE_ROLE_MISMATCH');
    // Another district's account does not exist for the caller, as source or as target.
    expectProblem(await merge(admin, moved.accountId, foreign.accountId), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
    expectProblem(await merge(only(d2, ['district_admin'])[0], moved.accountId, targetId), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');
    // In scope, but only a district admin may merge.
    expectProblem(await merge(schoolAdmin, moved.accountId, targetId), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(admin, 'POST', `/accounts/${moved.accountId}/merge`, { intoAccountId: 'nope' }), 400, 'VALIDATION_FAILED');
    expectProblem(await as(schoolAdmin, 'GET', `/districts/${d1.id}/duplicate-accounts`), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(admin, 'GET', `/districts/${d2.id}/duplicate-accounts`), 404, 'IDENTITY.DISTRICT_NOT_FOUND');

    expect(await duplicates()).toHaveLength(1);
    expect((await enrollmentsOf(classMoved)).map((e) => e.studentId)).toEqual([moved.accountId]);
  }, 180_000);

  it('merges: classes moves the placement and the history, re-opens the lost enrollment, never duplicates; a repeat is a no-op', async () => {
    const res = await as(admin, 'POST', `/accounts/${moved.accountId}/merge`, { intoAccountId: targetId });
    expect(res.status).toBe(200);
    expect(mergeAccount.response.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ sourceAccountId: moved.accountId, intoAccountId: targetId, districtId: d1.id, roleGroup: 'student', alreadyMerged: false });

    // Class "Moved": the old enrollment (ended, student_archived) is the target's history, and the target is active in it again.
    await eventually(async () => (await enrollmentsOf(classMoved)).some((e) => e.studentId === targetId && e.status === 'active'), 60_000, 'the re-opened enrollment');
    const movedClass = await enrollmentsOf(classMoved);
    expect(movedClass.filter((e) => e.studentId === moved.accountId)).toEqual([]);
    expect(movedClass.map((e) => [e.status, e.endReason ?? null]).sort()).toEqual([['active', null], ['ended', 'student_archived']]);
    // Class "Shared": the target was enrolled already: one active enrollment, the old one as history.
    const shared = await enrollmentsOf(classShared);
    expect(shared.filter((e) => e.status === 'active').map((e) => e.studentId)).toEqual([targetId]);
    expect(shared.every((e) => e.studentId === targetId)).toBe(true);
    expect(shared).toHaveLength(2);
    // Class "Archived later": history moves, nothing re-opens in an archived class.
    expect((await enrollmentsOf(classArchived)).map((e) => [e.studentId, e.status])).toEqual([[targetId, 'ended']]);

    // The placement follows the person; the available list has neither account (the target is enrolled, the source archived).
    const placements = await as(admin, 'GET', `/students/${targetId}/placements`);
    expect(placements.body.data).toEqual([expect.objectContaining({ studentId: targetId, score: 71 })]);
    const available = (await as(admin, 'GET', `/schools/${schoolId}/available-students?limit=500`)).body.data.map((s: { id: string }) => s.id);
    expect(available).not.toContain(targetId);
    expect(available).not.toContain(moved.accountId);
    expect(available.length).toBe(only(d1, ['student']).length - 2);

    // The audit log keeps both ids.
    const audit = (await as(admin, 'GET', '/audit?limit=100')).body.data as { action: string; details: Record<string, unknown>; actor: { id: string } }[];
    expect(audit.find((e) => e.action === 'account.merged')).toMatchObject({
      actor: { id: admin.accountId },
      details: { sourceAccountId: moved.accountId, intoAccountId: targetId, placementsMoved: 1, enrollmentsReopened: 1 },
    });

    // The pair is settled; a repeat answers the same merge and changes nothing.
    expect(await duplicates()).toEqual([]);
    const again = await as(admin, 'POST', `/accounts/${moved.accountId}/merge`, { intoAccountId: targetId });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sourceAccountId: moved.accountId, intoAccountId: targetId, alreadyMerged: true, mergedAt: res.body.mergedAt });
    // Deterministic, no waiting: identity holds one merged event for the source (the repeat's transaction
    // committed before it answered, and wrote none), and classes applied exactly that one.
    const mergedEvents = "select count(*)::int as n from outbox_message where event_type = 'identity.account.merged' and message_key = $1";
    expect(await count(identityDb, mergedEvents, [moved.accountId])).toBe(1);
    const mergedId = (await identityDb.query("select id from outbox_message where event_type = 'identity.account.merged' and message_key = $1", [moved.accountId])).rows[0].id as string;
    expect(await count(classesDb, 'select count(*)::int as n from inbox_message where message_id = $1', [mergedId])).toBe(1);
    expect(await enrollmentsOf(classMoved)).toHaveLength(2);
    expect((await as(admin, 'GET', '/audit?limit=100')).body.data.filter((e: { action: string }) => e.action === 'account.merged')).toHaveLength(1);
  }, 180_000);

  it('the retention setting through the gateway: off by default, district admins only, at least 30 days', async () => {
    const route = `/districts/${d1.id}/account-retention`;
    expect((await as(admin, 'GET', route)).body).toEqual({ districtId: d1.id, archivedRetentionDays: null });
    expectProblem(await as(admin, 'PATCH', route, { archivedRetentionDays: 29 }), 400, 'IDENTITY.RETENTION_TOO_SHORT');
    expectProblem(await as(schoolAdmin, 'PATCH', route, { archivedRetentionDays: 90 }), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED');
    expectProblem(await as(admin, 'PATCH', `/districts/${d2.id}/account-retention`, { archivedRetentionDays: 90 }), 404, 'IDENTITY.DISTRICT_NOT_FOUND');
    expect((await as(admin, 'GET', route)).body.archivedRetentionDays).toBeNull();
    const set = await as(admin, 'PATCH', route, { archivedRetentionDays: 365 });
    expect(set.status).toBe(200);
    expect(updateAccountRetention.response.parse(set.body)).toEqual({ districtId: d1.id, archivedRetentionDays: 365 });
    expect((await as(admin, 'PATCH', route, { archivedRetentionDays: null })).body.archivedRetentionDays).toBeNull();
  }, 180_000);

  it('the old Clever id resolves to the new account: sign-in finds it, and sharing the old id again restores the new account, not the old one', async () => {
    const byOld = await h.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: moved.cleverId } });
    expect(byOld.body.account.id).toBe(targetId);

    // The new id stops being shared (the new account is archived), then the old one is shared again.
    h.sandbox.admin.unshareUser(d1.cleverId, newCleverId);
    await eventually(async () => (await account(targetId)).status === 'archived', 60_000, 'the new account archived');
    h.sandbox.admin.reshareUser(d1.cleverId, moved.cleverId);
    await eventually(async () => (await account(targetId)).status === 'active', 60_000, 'the new account restored through the old id');
    expect((await account(moved.accountId)).status).toBe('archived');
    const listed = await as(admin, 'GET', `/accounts?cleverId=${moved.cleverId}`);
    expect(listed.body.data.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[moved.accountId, 'archived']]);
    expect(await duplicates()).toEqual([]);
  }, 180_000);
});
