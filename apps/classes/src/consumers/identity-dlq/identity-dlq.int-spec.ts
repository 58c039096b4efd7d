/**
 * Poison handling for `classes.identity` (issue 14), against a real PostgreSQL and the real Kafka broker: an
 * identity event that classes cannot apply goes to `identity.*.dlq`; the `classes.identity-dlq` group
 * re-reads the entity's current state from identity and applies it through the normal, version-guarded
 * path — the account (archived, its enrollment ended) and the school (renamed) end up right in classes'
 * projection; a dead letter that names no entity re-reads its whole district.
 *
 * Identity's side is its internal API contract (`GET /internal/v1/state/...`, system caller `classes`,
 * `identityApi.*State*`), served here by a small HTTP server holding "identity's current state", so that the
 * test sets states and versions directly (a school newer than its lost event, a district page). The same
 * recovery against the real identity process: identity-dlq-real-identity.int-spec.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_TOKEN_HEADER, verifyInternalToken } from '@roster/authz';
import { Events, Topics, buildEnvelope, envelopeHeaders, type AccountState, type Envelope, type SchoolState } from '@roster/contracts';
import { hostService, type HostedService } from '@roster/http';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import { ClassesModule } from '../../classes.module';
import { SERVICE_NAME } from '../../common/context';
import { CourseCatalog, DEFAULT_COURSE_CATALOG } from '../../domain/course-catalog';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { DistrictFixture, principalOf, SECRET } from '../../testing/classes-harness';
import { IdentityDeadLettersModule } from './identity-dlq.module';
import { IDENTITY_DLQ_GROUP_ID } from './identity-dlq.consumer';
import { accountStateAnswer, IdentityStateHttpClient, schoolStateAnswer } from './identity-state.client';

/** "Identity": the current state and version of each account and school, behind the internal route contract. */
class IdentityStub {
  readonly accounts = new Map<string, { version: number; state: AccountState }>();
  readonly schools = new Map<string, { version: number; state: SchoolState }>();
  readonly calls: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      this.calls.push(url.pathname);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' });
        res.end(JSON.stringify(body));
      };
      try {
        const caller = verifyInternalToken(String(req.headers[INTERNAL_TOKEN_HEADER] ?? ''), 'identity', SECRET);
        if (caller.kind !== 'system' || caller.name !== 'classes') return send(403, { status: 403, code: 'ACCESS.SYSTEM_ONLY' });
      } catch {
        return send(401, { status: 401, code: 'UNAUTHENTICATED' });
      }
      const [, , , , kind, id, sub] = url.pathname.split('/'); // /internal/v1/state/<kind>/<id>[/<sub>]
      const one = (found: unknown, schema: typeof accountStateAnswer | typeof schoolStateAnswer) => (found ? send(200, schema.parse(found)) : send(404, { status: 404, code: 'IDENTITY.NOT_FOUND' }));
      if (kind === 'accounts' && !sub) return one(this.accounts.get(id), accountStateAnswer);
      if (kind === 'schools' && !sub) return one(this.schools.get(id), schoolStateAnswer);
      if (kind === 'districts' && sub === 'accounts') return send(200, { data: [...this.accounts.values()].filter((a) => a.state.districtId === id), nextCursor: null });
      if (kind === 'districts' && sub === 'schools') return send(200, { data: [...this.schools.values()].filter((s) => s.state.districtId === id), nextCursor: null });
      send(404, { status: 404, code: 'NOT_FOUND' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('classes recovers from a poison identity event (identity.*.dlq → targeted re-read)', () => {
  const identity = new IdentityStub();
  const d = new DistrictFixture();
  const north = d.school('North');
  const admin = d.account(['school_admin'], [{ schoolId: north.schoolId }]);
  const districtAdmin = d.account(['district_admin'], []);
  const teacher = d.account(['teacher'], [{ schoolId: north.schoolId }]);
  const student = d.account(['student'], [{ schoolId: north.schoolId }]);
  const other = d.account(['student'], [{ schoolId: north.schoolId }]);
  let prefix: string;
  let databaseUrl: string;
  let bus: KafkaMessageBus;
  let service: HostedService;
  let base: string;
  let classId: string;

  const rows = <T>(statement: Parameters<typeof selectRows>[1]) => selectRows<T>(service.orm.em.fork(), statement);
  const publish = (envelopes: { topic: string; e: Envelope; value?: string }[]) =>
    bus.publish(envelopes.map(({ topic, e, value }) => ({ topic, key: e.subject, value: value ?? JSON.stringify(e), headers: envelopeHeaders(e) })));
  const applied = async (groupId: string, ids: string[]) =>
    eventually(async () => (await rows<{ n: number }>(sql`select count(*)::int as n from inbox_message where consumer_group = ${groupId} and message_id = any(${ids}::text[])`))[0].n === ids.length, 30_000, `${groupId} handled ${ids.length}`);
  const api = async (method: string, path: string, as: AccountState, body?: unknown) => {
    const { signInternalToken } = await import('@roster/authz');
    const res = await fetch(`${base}/internal/v1${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: principalOf(as) }, 'classes', SECRET), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** Identity's current state of the account at a version (what its route answers). */
  const identityHas = (state: AccountState, version: number) => identity.accounts.set(state.accountId, { version, state });

  beforeAll(async () => {
    prefix = `t${uniqueSuffix()}.`;
    await eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned');
    databaseUrl = await createTestDatabase('classes_identity_dlq');
    bus = new KafkaMessageBus({ clientId: 'classes-identity-dlq', brokers: testBrokers() }, undefined, prefix);
    const identityUrl = await identity.start();
    const catalog = new CourseCatalog(DEFAULT_COURSE_CATALOG);
    service = await hostService({
      name: SERVICE_NAME,
      databaseUrl,
      database: { entities, migrations },
      // The bus namespaces topics and consumer groups with the test's prefix.
      bus,
      logger: createLogger('classes', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      roles: new Set(['api', 'consumer', 'relay']),
      migrate: true,
      // Two attempts, quickly: the poison message reaches its .dlq within the test.
      consumerTuning: { maxAttempts: 2, retryBaseMs: 50 },
      relay: { pollIntervalMs: 50 },
      // What ClassesModule.register will import once IDENTITY_URL is configured (the lead's wiring).
      module: (ctx) => ({
        module: class ClassesWithIdentityDlq {},
        imports: [
          ClassesModule.register({ ...ctx, catalog }, { audience: SERVICE_NAME, secret: SECRET }),
          IdentityDeadLettersModule.register({ ...ctx, catalog }, new IdentityStateHttpClient({ baseUrl: identityUrl, secret: SECRET })),
        ],
      }),
    });
    base = await service.listen(0);

    const created = [d.schoolEvent(north), ...[admin, districtAdmin, teacher, student, other].map((a) => d.accountEvent('created', a))];
    identity.schools.set(north.schoolId, { version: 1, state: north });
    for (const a of [admin, districtAdmin, teacher, student, other]) identityHas(a, 1);
    await publish(created.map((e) => ({ topic: e.type.startsWith('identity.school') ? Topics.identitySchools.name : Topics.identityAccounts.name, e })));
    await applied('classes.identity', created.map((e) => e.id));
    await api('PATCH', `/districts/${d.districtId}/settings`, districtAdmin, { placementRequired: false });
    classId = (await api('POST', '/classes', teacher, { schoolId: north.schoolId, name: 'Poison' })).body.id;
    expect((await api('POST', `/classes/${classId}/enrollments`, admin, { studentIds: [student.accountId] })).body.enrolled).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await bus?.close();
    await identity.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('an account event classes cannot apply: dead-lettered, re-read from identity, applied — archived, enrollment ended', async () => {
    const archived: AccountState = { ...student, status: 'archived' };
    identityHas(archived, 2);
    const event = d.accountEvent('archived', archived, 2);
    // Identity's bytes for it are broken for classes (memberships not a list): the normal consumer fails on it.
    const poison = JSON.stringify({ ...event, data: { ...archived, schools: 'not-a-list' } });
    await publish([{ topic: Topics.identityAccounts.name, e: event, value: poison }]);

    await applied(IDENTITY_DLQ_GROUP_ID, [event.id]);
    const [projected] = await rows<{ status: string; version: string }>(sql`select status, version from account where id = ${student.accountId}`);
    expect(projected).toEqual({ status: 'archived', version: '2' });
    // The same reactions as the normal path: the student's enrollment ended, by the identity-sync actor.
    const ended = (await api('GET', `/classes/${classId}/enrollments?status=ended`, admin)).body.data;
    expect(ended).toEqual([expect.objectContaining({ studentId: student.accountId, endReason: 'student_archived' })]);
    expect(identity.calls).toContain(`/internal/v1/state/accounts/${student.accountId}`);
    // The normal consumer never applied it (it went to the DLQ), so the effect is the re-read's.
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from inbox_message where consumer_group = 'classes.identity' and message_id = ${event.id}`))[0].n).toBe(0);
  });

  it('a school event: the school ends up as identity has it now (a newer version than the lost event)', async () => {
    const renamed: SchoolState = { ...north, name: 'North (renamed)' };
    const lost = buildEnvelope(Events.identitySchoolUpserted, { id: `lost-${uniqueSuffix()}`, source: 'identity', subject: north.schoolId, districtId: d.districtId, version: 2, data: renamed });
    identity.schools.set(north.schoolId, { version: 3, state: { ...renamed, name: 'North Academy' } });
    await publish([{ topic: Topics.identitySchools.name, e: lost, value: JSON.stringify({ ...lost, data: { ...renamed, status: 7 } }) }]);
    await applied(IDENTITY_DLQ_GROUP_ID, [lost.id]);
    expect(await rows(sql`select name, version from school where id = ${north.schoolId}`)).toEqual([{ name: 'North Academy', version: '3' }]);
  });

  it('a dead letter that names no entity re-reads its district; an older state never overwrites a newer one', async () => {
    // Identity moved `other` on (v3), and still has the student at v2: the district re-read applies v3 only where it is newer.
    identityHas({ ...other, name: { first: 'Renamed', last: other.name.last } }, 3);
    const nameless = buildEnvelope(Events.accountUpdated, { id: `nameless-${uniqueSuffix()}`, source: 'identity', subject: 'not-an-id', districtId: d.districtId, version: 9, data: { ...other, changed: ['name'] } });
    await publish([{ topic: `${Topics.identityAccounts.name}.dlq`, e: nameless, value: JSON.stringify({ ...nameless, data: { districtId: d.districtId } }) }]);
    await applied(IDENTITY_DLQ_GROUP_ID, [nameless.id]);
    expect(identity.calls).toContain(`/internal/v1/state/districts/${d.districtId}/accounts`);
    expect(await rows(sql`select first_name, version from account where id = ${other.accountId}`)).toEqual([{ first_name: 'Renamed', version: '3' }]);
    expect(await rows(sql`select status, version from account where id = ${student.accountId}`)).toEqual([{ status: 'archived', version: '2' }]);
  });

  it('a dead-lettered merge is applied again from its own payload: the archived source\'s enrollment reopens for the target', async () => {
    // identity merged the archived student into `other` (v3 above): identity's state of the source is still
    // "archived", which a re-read alone would apply; the move of the history comes from the event itself.
    const into = identity.accounts.get(other.accountId)!;
    const merged = buildEnvelope(Events.accountMerged, {
      id: `merged-${uniqueSuffix()}`,
      source: 'identity',
      subject: student.accountId,
      districtId: d.districtId,
      version: 3,
      data: { sourceAccountId: student.accountId, intoAccountId: other.accountId, districtId: d.districtId, roleGroup: 'student', actor: { type: 'user', id: districtAdmin.accountId }, mergedAt: new Date().toISOString(), into: into.state, intoVersion: into.version },
    });
    await publish([{ topic: `${Topics.identityAccounts.name}.dlq`, e: merged }]);
    await applied(IDENTITY_DLQ_GROUP_ID, [merged.id]);
    const active = (await api('GET', `/classes/${classId}/enrollments?status=active`, admin)).body.data;
    expect(active.map((e: { studentId: string }) => e.studentId)).toEqual([other.accountId]);
    // A replay of the same dead letter (dlq:replay, or a second copy) changes nothing more.
    const again = { ...merged, id: `merged-again-${uniqueSuffix()}` };
    await publish([{ topic: `${Topics.identityAccounts.name}.dlq`, e: again }]);
    await applied(IDENTITY_DLQ_GROUP_ID, [again.id]);
    expect((await api('GET', `/classes/${classId}/enrollments?status=active`, admin)).body.data).toHaveLength(1);
  });

  it('a dead-lettered erasure is applied again before the re-read: names forgotten and the erasure audited', async () => {
    // identity erased the archived student (v4): its current state already carries the erased names.
    const erasedState: AccountState = { ...student, status: 'archived', name: { first: 'Former', last: 'student' } };
    identityHas(erasedState, 4);
    const erased = buildEnvelope(Events.accountErased, {
      id: `erased-${uniqueSuffix()}`,
      source: 'identity',
      subject: student.accountId,
      districtId: d.districtId,
      version: 4,
      data: { accountId: student.accountId, districtId: d.districtId, archivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(), erasedAt: new Date().toISOString(), retentionDays: 30 },
    });
    await publish([{ topic: `${Topics.identityAccounts.name}.dlq`, e: erased }]);
    await applied(IDENTITY_DLQ_GROUP_ID, [erased.id]);
    expect(await rows(sql`select sis_id, version from account where id = ${student.accountId}`)).toEqual([{ sis_id: null, version: '4' }]);
    expect(await rows(sql`select count(*)::int as n from audit_log where action = 'account.erased' and target_id = ${student.accountId}`)).toEqual([{ n: 1 }]);
  });
});
