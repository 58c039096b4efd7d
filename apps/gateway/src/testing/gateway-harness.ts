/**
 * Test harness of the gateway integration tests (not shipped): the REAL identity and classes services
 * on fresh PostgreSQL databases and the real Kafka broker (topics under a unique prefix), the Clever
 * sandbox as the source of the roster, and the gateway in front of them.
 *
 * Seeding: the sandbox's districts, schools and users are read over its Clever API and published as
 * `roster.*` events (the way clever-ingestion publishes them), so identity builds the accounts and
 * classes its projections through the real pipeline. Clever sign-in goes through the sandbox's OAuth.
 */
import { Buffer } from 'node:buffer';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Caller, type Principal } from '@roster/auth';
import { Events, buildEnvelope, envelopeHeaders, eventDefinition, type AccountRole, type Envelope, type EventData } from '@roster/contracts';
import type { HostedService } from '@roster/http';
import { KafkaMessageBus, provisionTopics, type OutgoingMessage } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { createTestDatabase, dropTestDatabase, eventually, freePort, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import { createSandbox, type DistrictSpec, type Sandbox } from '../../../clever-sandbox/src';
import { createIdentityService } from '../../../identity/src';
import { createClassesService } from '../../../classes/src';
import { createGatewayService, type GatewayService } from '../service';
import type { GatewayServiceOptions } from '../config';

export const INTERNAL_SECRET = 'gateway-it-internal-secret-0123456789';
export const SESSION_SECRET = 'gateway-it-session-secret-9876543210';

type Json = Record<string, any>;

export interface Person {
  accountId: string;
  cleverId: string;
  roles: AccountRole[];
  /** Our school ids, with the roles held there. */
  schools: { schoolId: string; roles: AccountRole[] }[];
  grade?: string;
}

export interface DistrictData {
  id: string;
  cleverId: string;
  schools: { id: string; cleverId: string; name: string }[];
  people: Person[];
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  cookie?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

const log = (name: string) => createLogger(name, { level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Clever's field, or undefined for Clever's empty strings. */
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A sandbox user as clever-ingestion would publish it (data minimisation: only the fields the program needs). */
export function rosterUser(user: Json, cleverDistrictId: string): EventData<'userUpserted'> {
  const r = (user.roles ?? {}) as Json;
  return {
    cleverUserId: user.id,
    cleverDistrictId,
    name: { first: user.name?.first ?? '', ...(text(user.name?.middle) ? { middle: user.name.middle } : {}), last: user.name?.last ?? '' },
    ...(text(user.email) ? { email: user.email } : {}),
    roles: {
      ...(r.district_admin ? { district_admin: { title: text(r.district_admin.title) } } : {}),
      ...(r.staff ? { staff: { schools: r.staff.schools ?? [], staffId: text(r.staff.staff_id), title: text(r.staff.title) } } : {}),
      ...(r.teacher
        ? { teacher: { school: text(r.teacher.school), schools: r.teacher.schools ?? [], sisId: text(r.teacher.sis_id), teacherNumber: text(r.teacher.teacher_number), stateId: text(r.teacher.state_id), title: text(r.teacher.title) } }
        : {}),
      ...(r.student
        ? { student: { school: text(r.student.school), schools: r.student.schools ?? [], sisId: text(r.student.sis_id), studentNumber: text(r.student.student_number), stateId: text(r.student.state_id), grade: text(r.student.grade) } }
        : {}),
    },
  };
}

function envelope<K extends 'districtUpserted' | 'schoolUpserted' | 'userUpserted' | 'userRemoved'>(key: K, subject: string, cleverDistrictId: string, version: number, data: EventData<K>): Envelope {
  return buildEnvelope(Events[key] as never, { id: `gateway-it:${subject}:v${version}`, source: 'clever-ingestion', subject, districtId: cleverDistrictId, version, data } as never);
}

function message(e: Envelope): OutgoingMessage {
  return { topic: eventDefinition(e.type)!.topic.name, key: e.subject, value: JSON.stringify(e), headers: envelopeHeaders(e) };
}

export class GatewayHarness {
  readonly districts: DistrictData[] = [];
  private readonly extraGateways: GatewayService[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly bus: KafkaMessageBus,
    readonly identity: HostedService,
    readonly classes: HostedService,
    readonly identityUrl: string,
    readonly classesUrl: string,
    readonly gateway: GatewayService,
    readonly base: string,
    private readonly databases: string[],
  ) {}

  /** Starts everything; `districts` are sandbox district specs (the first one is "ours", the others foreign). */
  static async start(name: string, districts: DistrictSpec[], gatewayOptions: Partial<GatewayServiceOptions> = {}): Promise<GatewayHarness> {
    const prefix = `t${uniqueSuffix()}.`;
    const sandbox = createSandbox({ seed: name, districts, rateLimitPerMinute: null, eventsEnabled: false });
    const [{ url: sandboxUrl }, identityDb, classesDb] = await Promise.all([
      sandbox.start(0),
      createTestDatabase(`${name}_identity`),
      createTestDatabase(`${name}_classes`),
      provisionTopics(testKafka(), { topicPrefix: prefix }),
    ]);
    const bus = new KafkaMessageBus({ clientId: `gateway-it-${name}`, brokers: testBrokers() }, undefined, prefix);
    const common = { bus, internalAuthSecret: INTERNAL_SECRET, migrate: true, relay: { pollIntervalMs: 50 } };
    const [identity, classes] = await Promise.all([
      createIdentityService({ ...common, databaseUrl: identityDb, logger: log('identity'), metricsRefreshMs: 60_000 }),
      createClassesService({ ...common, databaseUrl: classesDb, logger: log('classes'), consumers: { retryBaseMs: 50 } }),
    ]);
    const [identityUrl, classesUrl] = await Promise.all([identity.listen(0), classes.listen(0)]);
    const port = await freePort();
    const gateway = await createGatewayService({
      identityUrl,
      classesUrl,
      // clever-ingestion is not built yet: nothing listens here (its endpoints answer 503).
      ingestionUrl: 'http://127.0.0.1:9',
      internalAuthSecret: INTERNAL_SECRET,
      sessionSecret: SESSION_SECRET,
      authMode: 'dev',
      clever: { oauthBaseUrl: sandboxUrl, apiBaseUrl: sandboxUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
      publicBaseUrl: `http://127.0.0.1:${port}`,
      logger: log('gateway'),
      rateLimit: { perMinute: 1_000_000 },
      principalCacheMs: 100,
      ...gatewayOptions,
    });
    const base = await gateway.listen(port);
    const h = new GatewayHarness(sandbox, bus, identity, classes, identityUrl, classesUrl, gateway, base, [identityDb, classesDb]);
    try {
      await h.seed();
    } catch (error) {
      await h.close();
      throw error;
    }
    return h;
  }

  /** Another gateway in front of the same services (e.g. with tight rate limits). */
  async startGateway(options: Partial<GatewayServiceOptions>): Promise<string> {
    const gateway = await createGatewayService({
      identityUrl: this.identityUrl,
      classesUrl: this.classesUrl,
      ingestionUrl: 'http://127.0.0.1:9',
      internalAuthSecret: INTERNAL_SECRET,
      sessionSecret: SESSION_SECRET,
      authMode: 'dev',
      publicBaseUrl: 'http://127.0.0.1:1',
      logger: log('gateway'),
      ...options,
    });
    this.extraGateways.push(gateway);
    return gateway.listen(0);
  }

  async close(): Promise<void> {
    for (const g of this.extraGateways) await g.close().catch(() => undefined);
    await this.gateway?.close().catch(() => undefined);
    await Promise.allSettled([this.identity.close(), this.classes.close()]);
    await this.bus.close().catch(() => undefined);
    await this.sandbox.close().catch(() => undefined);
    for (const db of this.databases) await dropTestDatabase(db).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------------------- calls

  async call<T = any>(method: string, path: string, options: CallOptions = {}, base = this.base): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie !== undefined) headers.cookie = options.cookie;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  /** A bearer token for a person (dev login by Clever id). */
  async tokenOf(person: Person | { cleverId: string }): Promise<string> {
    const res = await this.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: person.cleverId } });
    if (res.status !== 200) throw new Error(`dev-login failed: ${res.status} ${res.text}`);
    return res.body.token as string;
  }

  /** Calls a service's internal API directly (to look things up for assertions). */
  async internal<T = any>(service: 'identity' | 'classes', path: string, caller: Caller = { kind: 'system', name: 'gateway-it' }): Promise<Answer<T>> {
    const base = service === 'identity' ? this.identityUrl : this.classesUrl;
    const res = await fetch(`${base}/internal/v1${path}`, { headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken(caller, service, INTERNAL_SECRET) } });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T, text };
  }

  /** Publishes roster events (as clever-ingestion does). */
  async publish(envelopes: Envelope[]): Promise<void> {
    await this.bus.publish(envelopes.map(message));
  }

  /** Tells identity that Clever stopped sharing a user (the account is archived). */
  async unshare(person: Person, districtCleverId: string): Promise<void> {
    await this.publish([envelope('userRemoved', person.cleverId, districtCleverId, 2, { cleverUserId: person.cleverId, cleverDistrictId: districtCleverId, reason: 'unshared' })]);
  }

  // -------------------------------------------------------------------------------------------- seed

  private async seed(): Promise<void> {
    const url = this.sandbox.url!;
    const basic = Buffer.from(`${this.sandbox.clientId}:${this.sandbox.clientSecret}`).toString('base64');
    const tokens = (await (await fetch(`${url}/oauth/tokens?owner_type=district`, { headers: { authorization: `Basic ${basic}` } })).json()) as Json;
    const all = async (token: string, path: string): Promise<Json[]> => {
      const out: Json[] = [];
      let next: string | undefined = `/v3.0/${path}?limit=10000`;
      while (next) {
        const page = (await (await fetch(url + next, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
        const items = (page.data ?? []) as Json[];
        out.push(...items.map((i) => i.data as Json));
        const link = ((page.links ?? []) as Json[]).find((l) => l.rel === 'next');
        next = items.length > 0 && link ? String(link.uri) : undefined;
      }
      return out;
    };
    const clever: { district: Json; schools: Json[]; users: Json[] }[] = [];
    for (const t of tokens.data as Json[]) {
      const token = t.access_token as string;
      const [districts, schools, users] = await Promise.all([all(token, 'districts'), all(token, 'schools'), all(token, 'users')]);
      clever.push({ district: districts[0], schools, users: users.filter((u) => !(u.roles?.contact && Object.keys(u.roles).length === 1)) });
    }
    // The districts in the order of the specs (sandbox districts are listed by id = creation order).
    const envelopes: Envelope[] = [];
    for (const c of clever) {
      const d = c.district.id as string;
      envelopes.push(envelope('districtUpserted', d, d, 1, { cleverDistrictId: d, name: c.district.name }));
      for (const s of c.schools) {
        envelopes.push(
          envelope('schoolUpserted', s.id, d, 1, {
            cleverSchoolId: s.id,
            cleverDistrictId: d,
            name: s.name,
            sisId: text(s.sis_id),
            schoolNumber: text(s.school_number),
            lowGrade: text(s.low_grade),
            highGrade: text(s.high_grade),
          }),
        );
      }
      for (const u of c.users) envelopes.push(envelope('userUpserted', u.id, d, 1, rosterUser(u, d)));
    }
    await this.publish(envelopes);

    // identity has every account…
    const system: Caller = { kind: 'system', name: 'gateway-it' };
    for (const c of clever) {
      const people: Person[] = [];
      for (const u of c.users) {
        const signIn = await eventually(async () => {
          const res = await this.internal<{ principal: Principal; account: Json }>('identity', `/sign-in/clever/${u.id}`, system);
          return res.status === 200 ? res.body : undefined;
        }, 60_000, `identity account of ${u.id}`);
        people.push({
          accountId: signIn.principal.accountId,
          cleverId: u.id,
          roles: signIn.principal.roles,
          schools: signIn.principal.schools,
          grade: signIn.account.grade,
        });
      }
      const districtId = people[0].accountId ? (await this.internal('identity', `/sign-in/account/${people[0].accountId}`, system)).body.principal.districtId : '';
      const schools: DistrictData['schools'] = [];
      for (const s of c.schools) {
        const admin = people.find((p) => p.roles.includes('district_admin'))!;
        const principal = (await this.internal('identity', `/sign-in/account/${admin.accountId}`, system)).body.principal as Principal;
        const page = (await this.internal('identity', `/districts/${districtId}/schools?limit=500`, { kind: 'user', principal })).body;
        const ours = (page.data as Json[]).find((x) => x.cleverId === s.id)!;
        schools.push({ id: ours.id, cleverId: s.id, name: ours.name });
      }
      this.districts.push({ id: districtId, cleverId: c.district.id, schools, people });
    }

    // …and classes has projected every student into its schools' available lists.
    for (const d of this.districts) {
      const admin = d.people.find((p) => p.roles.includes('district_admin'))!;
      const principal = (await this.internal('identity', `/sign-in/account/${admin.accountId}`, system)).body.principal as Principal;
      for (const s of d.schools) {
        const expected = d.people.filter((p) => p.roles.includes('student') && p.schools.some((m) => m.schoolId === s.id)).length;
        await eventually(async () => {
          const res = await this.internal('classes', `/schools/${s.id}/available-students?limit=500`, { kind: 'user', principal });
          return res.status === 200 && res.body.data.length === expected;
        }, 60_000, `classes projection of school ${s.id}`);
      }
    }
  }
}
