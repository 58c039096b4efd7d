/**
 * Poison recovery with the REAL identity service (a separate process, its own database, the real Kafka
 * broker): identity archives a student (an unshare from the roster) while classes' `classes.identity`
 * group loses that event — its offset moves past it and the event sits on `identity.accounts.v1.dlq`, as
 * the inbox leaves a poison message — and `classes.identity-dlq` re-reads the account from identity's
 * `/internal/v1/state` route: classes' projection ends up archived at identity's version and the student's
 * enrollment ends, exactly as the normal path would have done.
 */
import { randomBytes } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Principal } from '@roster/authz';
import { Events, Topics, buildEnvelope, dlqTopicName, envelopeHeaders, type Envelope } from '@roster/contracts';
import { hostService, type HostedService } from '@roster/http';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, startServiceProcess, testBrokers, testKafka, uniqueSuffix, type ServiceProcess } from '@roster/testing';
import { ClassesModule } from '../../classes.module';
import { SERVICE_NAME } from '../../common/context';
import { CourseCatalog, DEFAULT_COURSE_CATALOG } from '../../domain/course-catalog';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { SECRET } from '../../testing/classes-harness';
import { IdentityDeadLettersModule } from './identity-dlq.module';
import { IDENTITY_DLQ_GROUP_ID } from './identity-dlq.consumer';
import { accountStateAnswer, IdentityStateHttpClient } from './identity-state.client';

const cleverId = () => randomBytes(12).toString('hex');

describe('classes recovers a lost identity event by re-reading the real identity service', () => {
  const prefix = `t${uniqueSuffix()}.`;
  const D = cleverId();
  const S = cleverId();
  const admin = cleverId();
  const teacher = cleverId();
  const student = cleverId();
  let bus: KafkaMessageBus;
  let identity: ServiceProcess;
  let identityDbUrl: string;
  let classesDbUrl: string;
  let classes: HostedService | undefined;
  let idb: MikroORM;

  const roster = (envelopes: Envelope[]) =>
    bus.publish(envelopes.map((e) => ({ topic: Events[Object.keys(Events).find((k) => Events[k as keyof typeof Events].type === e.type) as keyof typeof Events].topic.name, key: e.subject, value: JSON.stringify(e), headers: envelopeHeaders(e) })));
  const rosterEvent = <K extends 'districtUpserted' | 'schoolUpserted' | 'userUpserted' | 'userRemoved'>(kind: K, subject: string, version: number, data: unknown) =>
    buildEnvelope(Events[kind] as typeof Events.userUpserted, { id: `clever-event:${subject}:v${version}`, source: 'clever-ingestion', subject, districtId: D, version, data: data as never });
  const classesRows = <T>(statement: Parameters<typeof selectRows>[1]) => selectRows<T>(classes!.orm.em.fork(), statement);
  const projected = async (clever: string) => (await classesRows<{ id: string; district_id: string; status: string; version: string }>(sql`select id, district_id, status, version from account where clever_id = ${clever}`))[0];

  const startClasses = async () => {
    const catalog = new CourseCatalog(DEFAULT_COURSE_CATALOG);
    classes = await hostService({
      name: SERVICE_NAME,
      databaseUrl: classesDbUrl,
      database: { entities, migrations },
      // The bus namespaces topics and consumer groups with the test's prefix.
      bus,
      logger: createLogger('classes', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      roles: new Set(['api', 'consumer', 'relay']),
      migrate: true,
      consumerTuning: { retryBaseMs: 50 },
      relay: { pollIntervalMs: 50 },
      module: (ctx) => ({
        module: class ClassesWithIdentityDlq {},
        imports: [
          ClassesModule.register({ ...ctx, catalog }, { audience: SERVICE_NAME, secret: SECRET }),
          IdentityDeadLettersModule.register({ ...ctx, catalog }, new IdentityStateHttpClient({ baseUrl: identity.url, secret: SECRET })),
        ],
      }),
    });
    return classes.listen(0);
  };
  let base: string;
  const api = async (method: string, path: string, as: Principal, body?: unknown) => {
    const res = await fetch(`${base}/internal/v1${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: as }, 'classes', SECRET), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    await eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned');
    bus = new KafkaMessageBus({ clientId: 'classes-identity-dlq-real', brokers: testBrokers() }, undefined, prefix);
    identityDbUrl = await createTestDatabase('classes_dlq_identity');
    classesDbUrl = await createTestDatabase('classes_dlq_classes');
    identity = await startServiceProcess({ app: 'identity', databaseUrl: identityDbUrl, internalAuthSecret: SECRET, topicPrefix: prefix });
    idb = await openDatabase({ url: identityDbUrl, migrations: [] });
    base = await startClasses();
    await roster([
      rosterEvent('districtUpserted', D, 1, { cleverDistrictId: D, name: 'Dead Letter District' }),
      rosterEvent('schoolUpserted', S, 1, { cleverSchoolId: S, cleverDistrictId: D, name: 'North' }),
      rosterEvent('userUpserted', admin, 1, { cleverUserId: admin, cleverDistrictId: D, name: { first: 'Ada', last: 'Admin' }, roles: { district_admin: {} } }),
      rosterEvent('userUpserted', teacher, 1, { cleverUserId: teacher, cleverDistrictId: D, name: { first: 'Tom', last: 'Teacher' }, roles: { teacher: { school: S, schools: [S] } } }),
      rosterEvent('userUpserted', student, 1, { cleverUserId: student, cleverDistrictId: D, name: { first: 'Sam', last: 'Student' }, roles: { student: { school: S, schools: [S], grade: '3' } } }),
    ]);
    await eventually(async () => (await projected(student)) && (await projected(teacher)) && (await projected(admin)), 120_000, 'classes projected the accounts identity created');
  }, 300_000);

  afterAll(async () => {
    await classes?.close();
    await idb?.close(true);
    await identity?.stop();
    await bus?.close();
    if (classesDbUrl) await dropTestDatabase(classesDbUrl);
    if (identityDbUrl) await dropTestDatabase(identityDbUrl);
  });

  it('identity archives the student; classes loses the event; the dead letter re-reads identity: archived, enrollment ended', async () => {
    const s = await projected(student);
    const t = await projected(teacher);
    const a = await projected(admin);
    const [school] = await classesRows<{ id: string }>(sql`select id from school where clever_id = ${S}`);
    const adminP: Principal = { accountId: a.id, districtId: a.district_id, cleverDistrictId: D, roles: ['district_admin'], schools: [] };
    const teacherP: Principal = { accountId: t.id, districtId: t.district_id, cleverDistrictId: D, roles: ['teacher'], schools: [{ schoolId: school.id, roles: ['teacher'] }] };
    expect((await api('PATCH', `/districts/${a.district_id}/settings`, adminP, { placementRequired: false })).status).toBe(200);
    const classId = (await api('POST', '/classes', teacherP, { schoolId: school.id, name: 'Lost and found' })).body.id;
    expect((await api('POST', `/classes/${classId}/enrollments`, adminP, { studentIds: [s.id] })).body.enrolled).toBe(1);

    // classes stops; identity archives the student meanwhile and publishes it.
    await classes!.close();
    await roster([rosterEvent('userRemoved', student, 2, { cleverUserId: student, cleverDistrictId: D, reason: 'unshared' })]);
    const current = await eventually(async () => {
      const res = await fetch(`${identity.url}/internal/v1/state/accounts/${s.id}`, { headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'system', name: 'classes' }, 'identity', SECRET) } });
      if (res.status !== 200) return undefined;
      const answer = accountStateAnswer.parse(await res.json());
      return answer.state.status === 'archived' ? answer : undefined;
    }, 60_000, 'identity archived the student');
    await eventually(async () => (await selectRows<{ n: number }>(idb.em.fork(), sql`select count(*)::int as n from outbox_message where published_at is null`))[0].n === 0, 30_000, 'identity published it');

    // What the inbox does with a poison message: its offset moves past it, the message goes to the .dlq.
    const admin2 = testKafka('classes-dlq-offsets').admin();
    await admin2.connect();
    try {
      await eventually(async () => {
        try {
          // The high watermarks themselves (kafkajs' resetOffsets commits -1, which a consumer reading from the beginning ignores).
          const topic = `${prefix}${Topics.identityAccounts.name}`;
          const ends = await admin2.fetchTopicOffsets(topic);
          // The Kafka group of this test's `classes.identity` (the bus namespaces group ids with the topic prefix).
          const { groups } = await admin2.listGroups();
          const group = groups.map((g) => g.groupId).find((g) => g.startsWith(prefix) && g.endsWith('classes.identity'));
          if (!group) return false;
          await admin2.setOffsets({ groupId: group, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
          return true;
        } catch {
          return false; // the stopped consumer's session has not ended yet
        }
      }, 30_000, 'classes.identity offsets past the archived event');
    } finally {
      await admin2.disconnect();
    }
    const lost = buildEnvelope(Events.accountArchived, { id: `identity-archived-${uniqueSuffix()}`, source: 'identity', subject: s.id, districtId: s.district_id, version: current.version, data: current.state });
    await bus.publish([{ topic: dlqTopicName(Topics.identityAccounts.name), key: s.id, value: JSON.stringify(lost), headers: { ...envelopeHeaders(lost), 'x-error-code': 'TEST_POISON' } }]);

    base = await startClasses();
    await eventually(async () => (await classesRows<{ n: number }>(sql`select count(*)::int as n from inbox_message where consumer_group = ${IDENTITY_DLQ_GROUP_ID} and message_id = ${lost.id}`))[0].n === 1, 60_000, 'the dead letter handled');
    // The normal group never applied identity's event (it was "lost"): the effect is the re-read's.
    const [real] = await selectRows<{ id: string }>(idb.em.fork(), sql`select id from outbox_message where payload->>'type' = 'identity.account.archived' and payload->>'subject' = ${s.id}`);
    expect(real).toBeDefined();
    expect(await classesRows(sql`select message_id from inbox_message where consumer_group = 'classes.identity' and message_id = ${real.id}`)).toEqual([]);
    expect(await projected(student)).toMatchObject({ status: 'archived', version: String(current.version) });
    const ended = (await api('GET', `/classes/${classId}/enrollments?status=ended`, adminP)).body.data;
    expect(ended).toEqual([expect.objectContaining({ studentId: s.id, endReason: 'student_archived' })]);
  }, 180_000);
});
