/**
 * Test harness of the classes integration tests (not shipped): the service on a fresh PostgreSQL
 * database and the real Kafka broker, with topics under a unique prefix; identity and assessment events
 * published to it as their owners would; internal-API calls with signed internal tokens.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Principal } from '@roster/authz';
import { Events, Topics, buildEnvelope, envelopeHeaders, type AccountRole, type AccountState, type Envelope, type SchoolState } from '@roster/contracts';
import type { HostedService } from '@roster/http';
import { classesApi } from '@roster/internal-api';
import { KafkaMessageBus, provisionTopics, type ConsumerOptions, type MessageBus, type OutgoingMessage } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql, type SqlFragment } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, testBrokers, testKafka, TopicCollector, uniqueSuffix } from '@roster/testing';
import { createClassesService } from '../service';

export const SECRET = 'classes-test-internal-secret';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export class ClassesHarness {
  private constructor(
    readonly service: HostedService,
    readonly base: string,
    readonly bus: KafkaMessageBus,
    readonly prefix: string,
    readonly databaseUrl: string,
    readonly collector: TopicCollector,
  ) {}

  static async start(name: string): Promise<ClassesHarness> {
    const prefix = `t${uniqueSuffix()}.`;
    // Creating ~20 topics while other test files do the same can meet a transient "does not host this
    // topic-partition" from the broker's metadata; provisioning is idempotent, so it is retried.
    await eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned');
    const databaseUrl = await createTestDatabase(name);
    const bus = new KafkaMessageBus({ clientId: `classes-${name}`, brokers: testBrokers() }, undefined, prefix);
    const collector = await TopicCollector.start([`${prefix}${Topics.classesClasses.name}`, `${prefix}${Topics.classesEnrollments.name}`]);
    const service = await createClassesService({
      databaseUrl,
      bus: new GroupNamespacedBus(bus, prefix),
      internalAuthSecret: SECRET,
      logger: createLogger('classes', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      migrate: true,
      consumer: { retryBaseMs: 50 },
      relay: { pollIntervalMs: 50 },
    });
    const base = await service.listen(0);
    return new ClassesHarness(service, base, bus, prefix, databaseUrl, collector);
  }

  async close(): Promise<void> {
    await this.service.close();
    await this.collector.stop();
    await this.bus.close();
    await dropTestDatabase(this.databaseUrl);
  }

  /** Publishes envelopes the way their owning service's relay does (key = subject). */
  async publish(envelopes: Envelope[]): Promise<void> {
    await this.bus.publish(
      envelopes.map((e) => ({
        topic: Topics[topicKey(e.type)].name,
        key: e.subject,
        value: JSON.stringify(e),
        headers: envelopeHeaders(e),
      })),
    );
  }

  /** Publishes and waits until the consumer group has applied (or dead-lettered) every one of them. */
  async deliver(envelopes: Envelope[], groupId = 'classes.identity'): Promise<void> {
    await this.publish(envelopes);
    const ids = [...new Set(envelopes.map((e) => e.id))];
    await eventually(
      async () => {
        const [row] = await this.rows<{ n: number }>(
          sql`select count(*)::int as n from inbox_message where consumer_group = ${groupId} and message_id = any(${ids}::text[])`,
        );
        return row.n === ids.length;
      },
      30_000,
      `${groupId} applied ${ids.length} events`,
    );
  }

  /** Rows of a statement written with `@roster/persistence`'s `sql` template. */
  async rows<T = Record<string, unknown>>(statement: SqlFragment): Promise<T[]> {
    return selectRows<T>(this.service.orm.em.fork(), statement);
  }

  async api<T = any>(method: string, path: string, as: Principal | undefined, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (as) headers[INTERNAL_TOKEN_HEADER] = signInternalToken({ kind: 'user', principal: as }, 'classes', SECRET);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}/internal/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const answer = { status: res.status, body: text ? JSON.parse(text) : undefined };
    // Every successful answer must match the route's contract in @roster/internal-api (what the gateway parses).
    const contract = res.ok && text ? contractOf(method, path) : undefined;
    if (contract) {
      const parsed = contract.safeParse(answer.body);
      if (!parsed.success) throw new Error(`${method} ${path}: the answer breaks its contract: ${JSON.stringify(parsed.error.issues)}`);
    }
    return answer;
  }

  /** Events this service published, parsed, in arrival order. */
  published(type?: string): Envelope<any>[] {
    return this.collector.messages.map((m) => JSON.parse(m.value ?? '{}') as Envelope<any>).filter((e) => !type || e.type === type);
  }

  async waitForPublished(predicate: (events: Envelope<any>[]) => boolean, label: string): Promise<Envelope<any>[]> {
    return eventually(async () => (predicate(this.published()) ? this.published() : undefined), 30_000, label);
  }
}

/**
 * KafkaMessageBus namespaces topics with the prefix but uses group ids as given, and every process that
 * runs the classes service on the shared test broker (these files, the gateway and e2e specs) joins the
 * group `classes.identity`: kafkajs then assigns partitions of one file's topics to another file's
 * consumer. In tests the Kafka group carries the prefix too; the service still names its groups exactly
 * (`classes.identity`, `classes.assessment`) and its inbox records them so.
 */
class GroupNamespacedBus implements MessageBus {
  readonly kind = 'kafka' as const;
  constructor(
    private readonly inner: MessageBus,
    private readonly prefix: string,
  ) {}
  publish(messages: OutgoingMessage[]): Promise<void> {
    return this.inner.publish(messages);
  }
  consume(options: ConsumerOptions) {
    return this.inner.consume({ ...options, groupId: `${this.prefix}${options.groupId}` });
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The response schema of an internal-API route (path without `/internal/v1`, with its query). */
function contractOf(method: string, path: string): z.ZodType | undefined {
  const route = `${method} ${path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')}`;
  const contracts: Record<string, z.ZodType> = {
    'GET /courses': classesApi.courseList,
    'GET /districts/:id/settings': classesApi.settings,
    'PATCH /districts/:id/settings': classesApi.settings,
    'GET /districts/:id/classes': classesApi.classPage,
    'POST /classes': classesApi.class,
    'GET /classes/:id': classesApi.class,
    'PATCH /classes/:id': classesApi.class,
    'POST /classes/:id/archive': classesApi.class,
    'GET /classes/:id/enrollments': classesApi.enrollmentPage,
    'POST /classes/:id/enrollments': classesApi.enrollResult,
    'POST /placements': classesApi.placement,
    'GET /students/:id/placements': classesApi.placementList,
    'GET /schools/:id/available-students': classesApi.availableStudentPage,
    'GET /districts/:id/audit': classesApi.auditPage,
  };
  const contract = contracts[route];
  if (!contract) throw new Error(`no contract for ${route}`);
  return contract;
}

function topicKey(type: string): keyof typeof Topics {
  const def = Object.values(Events).find((d) => d.type === type);
  if (!def) throw new Error(`unknown event type ${type}`);
  return (Object.keys(Topics) as (keyof typeof Topics)[]).find((k) => Topics[k].name === def.topic.name)!;
}

/** A small district fixture: ids only; names are generated. */
export class DistrictFixture {
  readonly districtId = randomUUID();
  readonly cleverDistrictId = `cd${uniqueSuffix()}`;
  private readonly versions = new Map<string, number>();
  private readonly states = new Map<string, AccountState>();
  private counter = 0;

  school(name = 'School'): SchoolState {
    return {
      schoolId: randomUUID(),
      districtId: this.districtId,
      cleverSchoolId: `cs${uniqueSuffix()}`,
      cleverDistrictId: this.cleverDistrictId,
      name,
      status: 'active',
    };
  }

  schoolEvent(s: SchoolState): Envelope {
    const version = this.bump(s.schoolId);
    return buildEnvelope(Events.identitySchoolUpserted, { id: randomUUID(), source: 'identity', subject: s.schoolId, districtId: s.districtId, version, data: s });
  }

  account(
    roles: AccountRole[],
    schools: { schoolId: string; roles?: AccountRole[] }[],
    extra: Partial<Pick<AccountState, 'grade' | 'sisId' | 'studentNumber' | 'name' | 'preferredName' | 'status'>> = {},
  ): AccountState {
    const n = ++this.counter;
    const state: AccountState = {
      accountId: randomUUID(),
      districtId: this.districtId,
      cleverUserId: `cu${uniqueSuffix()}${n}`,
      cleverDistrictId: this.cleverDistrictId,
      status: 'active',
      roles,
      name: { first: `First${n}`, last: `Last${String(n).padStart(4, '0')}` },
      schools: schools.map((s, i) => ({ schoolId: s.schoolId, cleverSchoolId: `cs${i}`, roles: s.roles ?? roles, primary: i === 0 })),
      ...extra,
    };
    this.states.set(state.accountId, state);
    return state;
  }

  /** An identity account event for the state (the version moves on per account unless given). */
  accountEvent(kind: 'created' | 'updated' | 'archived' | 'restored', state: AccountState, version?: number): Envelope {
    const v = version ?? this.bump(state.accountId);
    const def = { created: Events.accountCreated, updated: Events.accountUpdated, archived: Events.accountArchived, restored: Events.accountRestored }[kind];
    const data = kind === 'updated' ? { ...state, changed: ['schools'] } : state;
    return buildEnvelope(def as typeof Events.accountCreated, { id: randomUUID(), source: 'identity', subject: state.accountId, districtId: state.districtId, version: v, data });
  }

  placementEvent(studentId: string, recommendedCourseId: string, testedOn: string, assessmentId = `as-${randomUUID()}`): Envelope {
    return buildEnvelope(Events.placementCompleted, {
      id: randomUUID(),
      source: 'assessment',
      subject: studentId,
      districtId: this.districtId,
      version: 1,
      data: { studentId, recommendedCourseId, testedOn, assessmentId },
    });
  }

  private bump(id: string): number {
    const v = (this.versions.get(id) ?? 0) + 1;
    this.versions.set(id, v);
    return v;
  }
}

export function principal(
  districtId: string,
  roles: AccountRole[],
  schools: { schoolId: string; roles: AccountRole[] }[] = [],
  accountId: string = randomUUID(),
): Principal {
  return { accountId, districtId, cleverDistrictId: 'cd', roles, schools };
}

/** The principal of a projected account (what the gateway would resolve for it). */
export function principalOf(a: AccountState): Principal {
  return principal(
    a.districtId,
    a.roles,
    a.schools.map((s) => ({ schoolId: s.schoolId, roles: s.roles })),
    a.accountId,
  );
}
