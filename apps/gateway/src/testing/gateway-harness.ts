/**
 * Test harness of the gateway integration tests (not shipped): the REAL clever-ingestion, identity and
 * classes services on fresh PostgreSQL databases and the real Kafka broker (topics under a unique
 * prefix), the Clever sandbox as Clever, and the gateway in front of them.
 *
 * Seeding is the product's own pipeline: clever-ingestion discovers the sandbox's districts and runs
 * their initial full sync (driven explicitly, `autoStart: false`, so runs happen when a test says so),
 * identity builds the accounts from its roster events and classes its projections from identity's.
 * Clever sign-in goes through the sandbox's OAuth.
 */
import { Buffer } from 'node:buffer';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Caller, type Principal } from '@roster/authz';
import type { AccountRole } from '@roster/contracts';
import type { HostedService } from '@roster/http';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { createTestDatabase, dropTestDatabase, eventually, freePort, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
// Test-only: the gateway's integration tests run the real services (the brief), as the embedded mode composes them.
import { createSandbox, type DistrictSpec, type Sandbox } from '@roster/clever-sandbox';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIdentityService } from '../../../identity/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createClassesService } from '../../../classes/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIngestionService, type IngestionService } from '../../../clever-ingestion/src';
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

export class GatewayHarness {
  readonly districts: DistrictData[] = [];
  private readonly extraGateways: GatewayService[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly bus: KafkaMessageBus,
    readonly identity: HostedService,
    readonly classes: HostedService,
    readonly ingestion: IngestionService,
    readonly identityUrl: string,
    readonly classesUrl: string,
    readonly ingestionUrl: string,
    readonly gateway: GatewayService,
    readonly base: string,
    private readonly databases: string[],
  ) {}

  /** Starts everything; `districts` are sandbox district specs (the first one is "ours", the others foreign). */
  static async start(name: string, districts: DistrictSpec[], gatewayOptions: Partial<GatewayServiceOptions> = {}): Promise<GatewayHarness> {
    const prefix = `t${uniqueSuffix()}.`;
    const sandbox = createSandbox({ seed: name, districts, rateLimitPerMinute: null });
    const [{ url: sandboxUrl }, identityDb, classesDb, ingestionDb] = await Promise.all([
      sandbox.start(0),
      createTestDatabase(`${name}_identity`),
      createTestDatabase(`${name}_classes`),
      createTestDatabase(`${name}_ingestion`),
      // Topic creation can meet a transient metadata error while other test files create theirs: retried.
      eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned'),
    ]);
    const bus = new KafkaMessageBus({ clientId: `gateway-it-${name}`, brokers: testBrokers() }, undefined, prefix);
    const common = { bus, internalAuthSecret: INTERNAL_SECRET, migrate: true, relay: { pollIntervalMs: 50 } };
    const [identity, classes, ingestion] = await Promise.all([
      createIdentityService({ ...common, databaseUrl: identityDb, logger: log('identity'), metricsRefreshMs: 60_000 }),
      createClassesService({ ...common, databaseUrl: classesDb, logger: log('classes'), consumers: { retryBaseMs: 50 } }),
      createIngestionService({
        ...common,
        relay: { pollIntervalMs: 50, batchSize: 2000 },
        databaseUrl: ingestionDb,
        logger: log('clever-ingestion'),
        autoStart: false,
        dlqResyncDebounceMs: 0,
        clever: {
          apiBaseUrl: sandboxUrl,
          oauthBaseUrl: sandboxUrl,
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
          apiVersion: 'v3.0',
          retry: { baseDelayMs: 20, maxDelayMs: 200 },
          timeoutMs: 5_000,
        },
      }),
    ]);
    const [identityUrl, classesUrl, ingestionUrl] = await Promise.all([identity.listen(0), classes.listen(0), ingestion.listen(0)]);
    const port = await freePort();
    const gateway = await createGatewayService({
      identityUrl,
      classesUrl,
      ingestionUrl,
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
    const h = new GatewayHarness(sandbox, bus, identity, classes, ingestion, identityUrl, classesUrl, ingestionUrl, gateway, base, [identityDb, classesDb, ingestionDb]);
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
      ingestionUrl: this.ingestionUrl,
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
    await Promise.allSettled([this.identity.close(), this.classes.close(), this.ingestion.close()]);
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

  /**
   * Clever stops sharing users (while the events feed is off, so only a full sync sees it: the run then
   * decides, subject to the mass-change safeguard).
   */
  unshare(districtCleverId: string, ...people: Person[]): void {
    this.sandbox.admin.setEventsEnabled(false);
    try {
      for (const p of people) this.sandbox.admin.unshareUser(districtCleverId, p.cleverId);
    } finally {
      this.sandbox.admin.setEventsEnabled(true);
    }
  }

  /** Runs the district's queued work in clever-ingestion now (what its scheduler does in production). */
  async runIngestion(districtCleverId: string) {
    return this.ingestion.ingestion.runDistrict(districtCleverId);
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
    // clever-ingestion connects the districts and runs their initial full sync.
    await this.ingestion.ingestion.discover();
    for (const c of clever) {
      const run = await this.ingestion.ingestion.syncNow(c.district.id as string);
      if (run.status !== 'completed') throw new Error(`initial sync of ${c.district.id}: ${run.status}`);
    }

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
