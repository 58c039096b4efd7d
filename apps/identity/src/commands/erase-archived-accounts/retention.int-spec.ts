/**
 * Retention of archived accounts (issue 16) with the clock advanced: identity in this process (its retention
 * job reads an injected clock, every 200 ms), the REAL classes service as a process, the real Kafka broker and
 * PostgreSQL. A district sets `archivedRetentionDays: 90`; a student is archived; at +89 days nothing
 * happens, at +91 days the student's personal fields are erased in identity and in classes' projections, the
 * ids and history rows (enrollment, audit) stay linked, the erasure is audited and counted, and nothing else
 * changes (an active student, another district's archived student, whose district keeps archived accounts).
 */
import { randomBytes } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Caller, type Principal } from '@roster/authz';
import { Events, buildEnvelope, envelopeHeaders, type Envelope } from '@roster/contracts';
import type { HostedService } from '@roster/http';
import { KafkaMessageBus, provisionTopics, serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, startServiceProcess, testBrokers, testKafka, uniqueSuffix, type ServiceProcess } from '@roster/testing';
import { createIdentityService } from '../../service';
import { EraseArchivedAccountsHandler } from './erase-archived-accounts.handler';

const SECRET = 'identity-retention-it-secret-0123456789';
const DAY = 86_400_000;
const cleverId = () => randomBytes(12).toString('hex');

describe('retention of archived accounts (identity in process with an injected clock, real classes, Kafka, PostgreSQL)', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const [D1, D2, S1, S2] = [cleverId(), cleverId(), cleverId(), cleverId()];
  const [admin, teacher, leaver, stayer, otherLeaver] = [cleverId(), cleverId(), cleverId(), cleverId(), cleverId()];
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  let bus: KafkaMessageBus;
  let identity: HostedService;
  let identityUrl: string;
  let classes: ServiceProcess;
  let identityDb: string;
  let classesDb: string;
  let cdb: MikroORM;
  let adminP: Principal;
  const ids: Record<string, string> = {};

  const rosterEvent = (kind: 'districtUpserted' | 'schoolUpserted' | 'userUpserted' | 'userRemoved', district: string, subject: string, version: number, data: unknown) =>
    buildEnvelope(Events[kind] as typeof Events.userUpserted, { id: `clever-event:${subject}:v${version}`, source: 'clever-ingestion', subject, districtId: district, version, data: data as never });
  const roster = (envelopes: Envelope[]) =>
    bus.publish(envelopes.map((e) => ({ topic: (Object.values(Events).find((d) => d.type === e.type)!).topic.name, key: e.subject, value: JSON.stringify(e), headers: envelopeHeaders(e) })));
  const call = async (base: string, audience: string, caller: Caller, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/internal/v1${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken(caller, audience, SECRET), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const asAdmin = (method: string, path: string, body?: unknown) => call(identityUrl, 'identity', { kind: 'user', principal: adminP }, method, path, body);
  const classesAsAdmin = (method: string, path: string, body?: unknown) => call(classes.url, 'classes', { kind: 'user', principal: adminP }, method, path, body);
  const identityAccount = async (id: string) => (await asAdmin('GET', `/accounts/${id}`)).body;
  const projection = async (id: string) =>
    (await selectRows<Record<string, unknown>>(cdb.em.fork(), sql`select first_name, middle_name, last_name, preferred_name, grade, sis_id, student_number, status, clever_id from account where id = ${id}`))[0];
  const retentionRun = () =>
    new EraseArchivedAccountsHandler({ orm: identity.orm, outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }), clock }).execute();
  const erasedEvents = async () => (await selectRows<{ n: number }>(identity.orm.em.fork(), sql`select count(*)::int as n from outbox_message where event_type = 'identity.account.erased'`))[0].n;

  beforeAll(async () => {
    await eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned');
    bus = new KafkaMessageBus({ clientId: 'identity-retention-it', brokers: testBrokers() }, undefined, prefix);
    [identityDb, classesDb] = await Promise.all([createTestDatabase('identity_retention'), createTestDatabase('identity_retention_classes')]);
    classes = await startServiceProcess({ app: 'classes', databaseUrl: classesDb, internalAuthSecret: SECRET, topicPrefix: prefix });
    cdb = await openDatabase({ url: classesDb, migrations: [] });
    identity = await createIdentityService({
      databaseUrl: identityDb,
      bus,
      internalAuthSecret: SECRET,
      logger: createLogger('identity', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      migrate: true,
      relay: { pollIntervalMs: 50 },
      clock,
      retentionIntervalMs: 200,
    });
    identityUrl = await identity.listen(0);

    const student = (school: string, n: string) => ({ student: { school, schools: [school], grade: '4', sisId: `SIS-${n}`, studentNumber: `N-${n}`, stateId: `ST-${n}` } });
    await roster([
      rosterEvent('districtUpserted', D1, D1, 1, { cleverDistrictId: D1, name: 'Keeps 90 days' }),
      rosterEvent('districtUpserted', D2, D2, 1, { cleverDistrictId: D2, name: 'Keeps everything' }),
      rosterEvent('schoolUpserted', D1, S1, 1, { cleverSchoolId: S1, cleverDistrictId: D1, name: 'North' }),
      rosterEvent('schoolUpserted', D2, S2, 1, { cleverSchoolId: S2, cleverDistrictId: D2, name: 'South' }),
      rosterEvent('userUpserted', D1, admin, 1, { cleverUserId: admin, cleverDistrictId: D1, name: { first: 'Ada', last: 'Admin' }, roles: { district_admin: {} } }),
      rosterEvent('userUpserted', D1, teacher, 1, { cleverUserId: teacher, cleverDistrictId: D1, name: { first: 'Tom', last: 'Teacher' }, roles: { teacher: { school: S1, schools: [S1] } } }),
      rosterEvent('userUpserted', D1, leaver, 1, { cleverUserId: leaver, cleverDistrictId: D1, name: { first: 'Lena', middle: 'Q', last: 'Leaver' }, email: 'lena@example.org', roles: student(S1, '1') }),
      rosterEvent('userUpserted', D1, stayer, 1, { cleverUserId: stayer, cleverDistrictId: D1, name: { first: 'Stan', last: 'Stayer' }, roles: student(S1, '2') }),
      rosterEvent('userUpserted', D2, otherLeaver, 1, { cleverUserId: otherLeaver, cleverDistrictId: D2, name: { first: 'Olga', last: 'Other' }, roles: student(S2, '3') }),
    ]);
    const system: Caller = { kind: 'system', name: 'gateway' };
    for (const c of [admin, teacher, leaver, stayer, otherLeaver]) {
      ids[c] = await eventually(async () => {
        const res = await call(identityUrl, 'identity', system, 'GET', `/sign-in/clever/${c}`);
        return res.status === 200 ? (res.body.account.id as string) : undefined;
      }, 60_000, `identity account of ${c}`);
    }
    adminP = (await call(identityUrl, 'identity', system, 'GET', `/sign-in/account/${ids[admin]}`)).body.principal;
    await eventually(async () => (await projection(ids[leaver])) && (await projection(ids[stayer])) && (await projection(ids[otherLeaver])), 120_000, 'classes projected the students');
  }, 300_000);

  afterAll(async () => {
    await identity?.close();
    await classes?.stop();
    await cdb?.close(true);
    await bus?.close();
    if (identityDb) await dropTestDatabase(identityDb);
    if (classesDb) await dropTestDatabase(classesDb);
  });

  it('the setting: off by default, district admins only, at least 30 days', async () => {
    expect((await asAdmin('GET', `/districts/${adminP.districtId}/retention`)).body).toEqual({ districtId: adminP.districtId, archivedRetentionDays: null });
    const tooShort = await asAdmin('PATCH', `/districts/${adminP.districtId}/retention`, { archivedRetentionDays: 29 });
    expect({ status: tooShort.status, code: tooShort.body.code }).toEqual({ status: 400, code: 'IDENTITY.RETENTION_TOO_SHORT' });
    expect((await asAdmin('PATCH', `/districts/${adminP.districtId}/retention`, { archivedRetentionDays: 'soon' })).body.code).toBe('VALIDATION_FAILED');
    const teacherP = (await call(identityUrl, 'identity', { kind: 'system', name: 'gateway' }, 'GET', `/sign-in/account/${ids[teacher]}`)).body.principal;
    const byTeacher = await call(identityUrl, 'identity', { kind: 'user', principal: teacherP }, 'PATCH', `/districts/${adminP.districtId}/retention`, { archivedRetentionDays: 30 });
    expect({ status: byTeacher.status, code: byTeacher.body.code }).toEqual({ status: 403, code: 'ACCESS.DISTRICT_ADMIN_REQUIRED' });
    expect((await asAdmin('GET', `/districts/${adminP.districtId}/retention`)).body.archivedRetentionDays).toBeNull();
    expect((await asAdmin('PATCH', `/districts/${adminP.districtId}/retention`, { archivedRetentionDays: 90 })).body).toEqual({ districtId: adminP.districtId, archivedRetentionDays: 90 });
  });

  it('erases an account archived longer than the retention, in identity and in classes, keeping ids and history', async () => {
    // History: the leaver is enrolled, then archived (the enrollment ends and stays as history).
    expect((await classesAsAdmin('PATCH', `/districts/${adminP.districtId}/settings`, { placementRequired: false })).status).toBe(200);
    const schoolId = adminP.schools[0]?.schoolId ?? (await identityAccount(ids[leaver])).schools[0].schoolId;
    const created = await classesAsAdmin('POST', '/classes', { schoolId, name: 'History', teacherIds: [ids[teacher]] });
    expect(created.status).toBe(201);
    const classId = created.body.id as string;
    expect((await classesAsAdmin('POST', `/classes/${classId}/enrollments`, { studentIds: [ids[leaver], ids[stayer]] })).status).toBe(200);
    await roster([
      rosterEvent('userRemoved', D1, leaver, 2, { cleverUserId: leaver, cleverDistrictId: D1, reason: 'unshared' }),
      rosterEvent('userRemoved', D2, otherLeaver, 2, { cleverUserId: otherLeaver, cleverDistrictId: D2, reason: 'unshared' }),
    ]);
    await eventually(async () => (await projection(ids[leaver]))?.status === 'archived' && (await projection(ids[otherLeaver]))?.status === 'archived', 60_000, 'both leavers archived in classes');
    const before = { stayer: await identityAccount(ids[stayer]), leaverProjection: await projection(ids[leaver]) };
    expect(before.leaverProjection).toMatchObject({ first_name: 'Lena', sis_id: 'SIS-1' });

    // +89 days: not yet. A run of the job at that time (the code the schedule runs, with the same clock)
    // erases nothing; asserted on its answer, not on the absence of an event after a wait.
    offsetMs = 89 * DAY;
    expect(await retentionRun()).toEqual({ erased: 0 });
    expect(await erasedEvents()).toBe(0);
    expect((await identityAccount(ids[leaver])).name).toEqual({ first: 'Lena', middle: 'Q', last: 'Leaver' });

    // +91 days: erased in identity…
    offsetMs = 91 * DAY;
    const erased = await eventually(async () => {
      const a = await identityAccount(ids[leaver]);
      return a.name.first === 'Former' ? a : undefined;
    }, 30_000, 'identity erased the leaver');
    expect(erased).toMatchObject({ id: ids[leaver], cleverId: leaver, status: 'archived', name: { first: 'Former', last: 'student' } });
    for (const field of ['email', 'sisId', 'studentNumber', 'stateId', 'grade', 'preferredName']) expect(erased).not.toHaveProperty(field);
    expect(erased.name).not.toHaveProperty('middle');
    expect(erased.schools).toHaveLength(1); // memberships are linkage, not personal fields

    // …and in classes' projections, with the history linked and the erasure audited.
    await eventually(async () => (await projection(ids[leaver]))?.first_name === 'Former', 60_000, 'classes erased the leaver');
    expect(await projection(ids[leaver])).toEqual({ first_name: 'Former', middle_name: null, last_name: 'student', preferred_name: null, grade: null, sis_id: null, student_number: null, status: 'archived', clever_id: leaver });
    const memberships = await selectRows<{ search_text: string; sort_last: string }>(cdb.em.fork(), sql`select search_text, sort_last from account_school where account_id = ${ids[leaver]}`);
    expect(memberships).toEqual([{ search_text: 'former student', sort_last: 'student' }]);
    const history = (await classesAsAdmin('GET', `/classes/${classId}/enrollments?status=all`)).body.data as { studentId: string; status: string; endReason?: string }[];
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ studentId: ids[leaver], status: 'ended', endReason: 'student_archived' })]));
    const audit = await selectRows<{ action: string; actor_id: string; target_id: string }>(cdb.em.fork(), sql`select action, actor_id, target_id from audit_log where action = 'account.erased'`);
    expect(audit).toEqual([{ action: 'account.erased', actor_id: 'retention', target_id: ids[leaver] }]);

    // Nothing else changed: the active student, the other district's archived student (its district keeps them).
    expect(await identityAccount(ids[stayer])).toEqual(before.stayer);
    expect((await projection(ids[stayer]))).toMatchObject({ first_name: 'Stan', sis_id: 'SIS-2', status: 'active' });
    expect((await projection(ids[otherLeaver]))).toMatchObject({ first_name: 'Olga', sis_id: 'SIS-3', status: 'archived' });

    // Idempotent: a later run finds nothing; one event, one audit entry; counted in the metrics.
    expect(await retentionRun()).toEqual({ erased: 0 });
    expect(await erasedEvents()).toBe(1);
    expect(await selectRows(cdb.em.fork(), sql`select 1 from audit_log where action = 'account.erased'`)).toHaveLength(1);
    const metrics = await (await fetch(`${identity.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/^roster_identity_accounts_erased_total 1$/m);
  }, 180_000);
});
