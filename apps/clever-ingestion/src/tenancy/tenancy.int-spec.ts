/**
 * Tenancy of Clever ids (issue 13, item 2) against the real services: clever-ingestion syncing the Clever
 * sandbox over HTTP (PostgreSQL, the real Kafka broker) and identity as a separate process consuming what
 * it publishes. District 2's feed carries district 1's school and students — with the `district` field
 * naming district 1, without it, and naming district 2 — in its full sync and in its events feed:
 * district 1's schools, accounts and memberships stay exactly as they were, district 2's run lists
 * `FOREIGN_DISTRICT_RECORD` for exactly those ids, district 2's own records still sync, and a second run
 * is stable (nothing published).
 */
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, startServiceProcess, type ServiceProcess } from '@roster/testing';
import { IngestionHarness, principalFor, SECRET } from '../testing/ingestion-harness';

type Json = Record<string, unknown>;

describe('tenancy of Clever ids: a district sharing another district’s ids (ingestion → identity)', () => {
  let sandbox: Sandbox;
  let h: IngestionHarness;
  let identity: ServiceProcess;
  let identityDbUrl: string;
  let idb: MikroORM;
  let D1: string;
  let D2: string;
  let foreignIds: string[];
  let ownNewStudent: string;

  const q = <T = Json>(statement: Parameters<typeof selectRows>[1]) => selectRows<T>(idb.em.fork(), statement);
  /** Everything identity holds about district 1: its schools, its accounts (with their memberships), and every member of its schools. */
  const districtOneState = async () => ({
    schools: await q(sql`select s.id, s.clever_id, s.name, s.status, s.version, s.source_version from school s join district d on d.id = s.district_id
      where d.clever_id = ${D1} order by s.clever_id`),
    accounts: await q(sql`select a.id, a.clever_id, a.status, a.roles, a.first_name, a.last_name, a.schools, a.version, a.source_version from account a
      join district d on d.id = a.district_id where d.clever_id = ${D1} order by a.clever_id`),
    members: await q(sql`select s.clever_id as school, a.clever_id as account from school s join district d on d.id = s.district_id
      join account a on a.schools @> jsonb_build_array(jsonb_build_object('schoolId', s.id)) where d.clever_id = ${D1} order by 1, 2`),
  });
  const accountsOf = async (district: string) =>
    (await q<{ n: number }>(sql`select count(*)::int as n from account a join district d on d.id = a.district_id where d.clever_id = ${district}`))[0].n;
  const foreignRejections = async () => {
    const status = await h.api('GET', `/districts/${D2}/sync`, principalFor(D2));
    expect(status.status).toBe(200);
    return (status.body.rejected as { runId: string; cleverId: string; reason: string }[]).filter((r) => r.reason === 'FOREIGN_DISTRICT_RECORD');
  };

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-tenancy', districts: [{ users: 80, schools: 2 }, { users: 60, schools: 2 }], rateLimitPerMinute: null });
    const { url } = await sandbox.start();
    [D1, D2] = sandbox.admin.districts().map((d) => d.id);
    h = await IngestionHarness.start('ingestion_tenancy', { url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
    identityDbUrl = await createTestDatabase('ingestion_tenancy_identity');
    identity = await startServiceProcess({ app: 'identity', databaseUrl: identityDbUrl, internalAuthSecret: SECRET, topicPrefix: h.prefix });
    idb = await openDatabase({ url: identityDbUrl, migrations: [] });
    expect((await h.control.discover()).added.sort()).toEqual([D1, D2].sort());
    for (const d of [D1, D2]) expect(await h.control.syncNow(d)).toMatchObject({ status: 'completed' });
    await h.settle();
    await eventually(async () => (await accountsOf(D1)) === sandbox.admin.counts(D1).accounts && (await accountsOf(D2)) === sandbox.admin.counts(D2).accounts, 120_000, 'identity has both districts');
  }, 300_000);

  afterAll(async () => {
    await idb?.close(true);
    await identity?.stop();
    await h?.close();
    await sandbox?.close();
    if (identityDbUrl) await dropTestDatabase(identityDbUrl);
  });

  it("district 2's full sync carrying district 1's school and students: rejected FOREIGN_DISTRICT_RECORD, district 1 unchanged, district 2's own records synced", async () => {
    const before = await districtOneState();
    expect(before.accounts.length).toBeGreaterThan(0);
    expect(before.members.length).toBeGreaterThan(0);

    const [school] = sandbox.admin.sampleIds(D1, 'schools', { limit: 1 });
    const students = sandbox.admin.sampleIds(D1, 'users', { role: 'student', limit: 3 });
    const copy = (collection: string, id: string, district: string | undefined) => {
      const { record } = sandbox.admin.get(D1, collection, id)!;
      const data: Json = { ...(record as Json), district };
      if (district === undefined) delete data.district;
      sandbox.admin.create(D2, collection, data as never);
      // The sandbox's create stamps the receiving district: a whole-record replace serves it without one.
      if (district === undefined) sandbox.admin.update(D2, collection, id, data as never, { replace: true });
    };
    copy('schools', school, undefined); // no district field
    copy('users', students[0], D1); // the owner's district
    copy('users', students[1], undefined); // no district field
    copy('users', students[2], D2); // claims to be district 2's
    // Sanity: district 2's feed really serves a record without the district field.
    expect('district' in (sandbox.admin.get(D2, 'users', students[1])!.record as Json)).toBe(false);
    foreignIds = [school, ...students];
    const [d2School] = sandbox.admin.sampleIds(D2, 'schools', { limit: 1 });
    ownNewStudent = String(sandbox.admin.createUser(D2, { name: { first: 'Own', last: 'Student' }, roles: { student: { school: d2School, schools: [d2School], grade: '4' } } }).id);

    const run = await h.control.syncNow(D2);
    expect(run).toMatchObject({ status: 'completed' });
    expect(run.counts).toMatchObject({ created: 1, archived: 0, restored: 0, rejected: 4 });
    await h.settle();

    expect((await foreignRejections()).filter((r) => r.runId === run.id).map((r) => r.cleverId).sort()).toEqual([...foreignIds].sort());
    // Nothing about district 1's ids was published on district 2's behalf.
    const published = h.dataEvents(D2).map((e) => e.subject);
    for (const id of foreignIds) expect(published).not.toContain(id);
    // District 2's own new student reached identity (so identity consumed past the run), in district 2.
    await eventually(async () => (await q(sql`select 1 from account a join district d on d.id = a.district_id where a.clever_id = ${ownNewStudent} and d.clever_id = ${D2}`)).length === 1, 60_000, 'own student synced');
    expect(await districtOneState()).toEqual(before);
    // The shadow index still gives every one of those ids to district 1.
    const owners = await h.sql<{ clever_id: string; clever_district_id: string }>(sql`select clever_id, clever_district_id from shadow_record where clever_id = any(${foreignIds}::text[])`);
    expect(owners.map((o) => o.clever_district_id)).toEqual(foreignIds.map(() => D1));
  }, 180_000);

  it('a second run is stable: the same rejections, nothing published, district 1 unchanged', async () => {
    const before = await districtOneState();
    const publishedBefore = h.dataEvents(D2).length + h.dataEvents(D1).length;
    const run = await h.control.syncNow(D2);
    expect(run).toMatchObject({ status: 'completed' });
    expect(run.counts).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0, rejected: 4 });
    await h.settle();
    expect(h.dataEvents(D2).length + h.dataEvents(D1).length).toBe(publishedBefore);
    expect((await foreignRejections()).filter((r) => r.runId === run.id).map((r) => r.cleverId).sort()).toEqual([...foreignIds].sort());
    // District 1's own sync is not disturbed by district 2's copies either.
    const own = await h.control.syncNow(D1);
    expect(own.counts).toMatchObject({ created: 0, updated: 0, archived: 0, rejected: 0 });
    await h.settle();
    expect(await districtOneState()).toEqual(before);
  }, 180_000);

  it("district 2's events feed updating and deleting district 1's ids changes nothing of district 1", async () => {
    const before = await districtOneState();
    const [school, ...students] = foreignIds;
    sandbox.admin.updateUser(D2, students[0], { name: { first: 'Eve', last: 'Mallory' } });
    sandbox.admin.deleteUser(D2, students[1]);
    sandbox.admin.remove(D2, 'schools', school);
    const outcome = await h.control.pollEvents(D2);
    expect(outcome?.kind).toBe('applied');
    await h.settle();
    const runId = (outcome as { run: { id: string } }).run.id;
    expect((await foreignRejections()).filter((r) => r.runId === runId).map((r) => r.cleverId).sort()).toEqual([school, students[0], students[1]].sort());
    const published = h.dataEvents(D2).map((e) => e.subject);
    for (const id of foreignIds) expect(published).not.toContain(id);
    // A later event of district 2 itself goes through (identity consumed past the foreign ones).
    sandbox.admin.updateUser(D2, ownNewStudent, { name: { first: 'Own', last: 'Renamed' } });
    expect((await h.control.pollEvents(D2))?.kind).toBe('applied');
    await h.settle();
    await eventually(async () => (await q(sql`select 1 from account where clever_id = ${ownNewStudent} and last_name = 'Renamed'`)).length === 1, 60_000, 'own update synced');
    expect(await districtOneState()).toEqual(before);
    const shadow = await h.sql<{ status: string }>(sql`select status from shadow_record where clever_id = any(${foreignIds}::text[]) and clever_district_id = ${D1}`);
    expect(shadow.map((s) => s.status)).toEqual(foreignIds.map(() => 'active'));
  }, 180_000);
});
