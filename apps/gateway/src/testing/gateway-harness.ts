/**
 * Test harness of the gateway integration tests (not shipped): the REAL clever-ingestion, identity and
 * classes services, each as its own process started from its sources (`@roster/testing`'s
 * startServiceProcess: a fresh PostgreSQL database with its migrations, the real Kafka broker with topics
 * under a unique prefix), the Clever sandbox library as Clever, and the gateway in front of them.
 *
 * Seeding is the product's own pipeline: clever-ingestion discovers the sandbox's districts and runs
 * their initial full sync on its own scheduler, identity builds the accounts from its roster events and
 * classes its projections from identity's. Runs are observed through ingestion's internal API as the
 * system caller (operators' tools). Clever sign-in goes through the sandbox's OAuth.
 */
import { Buffer } from 'node:buffer';
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Caller, type Principal } from '@roster/authz';
import type { AccountRole } from '@roster/contracts';
import { syncStatusSchema, type SyncRunBody } from '@roster/internal-api';
import { createLogger } from '@roster/observability';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  freePort,
  provisionTopicsProcess,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@roster/testing';
import { createSandbox, type DistrictSpec, type Sandbox } from '@roster/clever-sandbox';
import { createGatewayService, type GatewayService } from '../service';
import type { GatewayServiceOptions } from '../config';

export const INTERNAL_SECRET = 'gateway-it-internal-secret-0123456789';
export const SESSION_SECRET = 'gateway-it-session-secret-9876543210';

type Json = Record<string, any>;
type ServiceName = 'identity' | 'classes' | 'clever-ingestion';

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

/** Sees every answer of the gateway's public API (the contract test checks them against the declared schemas). */
export type AnswerObserver = (method: string, path: string, answer: Answer) => void;

const log = (name: string) => createLogger(name, { level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const SYSTEM: Caller = { kind: 'system', name: 'gateway' };
/** clever-ingestion lets named operators' tools act on any district. */
const OPERATOR: Caller = { kind: 'system', name: 'operator' };

export class GatewayHarness {
  readonly districts: DistrictData[] = [];
  private readonly extraGateways: GatewayService[] = [];
  private readonly managementUrls = new Map<string, string>();
  private readonly observers: AnswerObserver[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    readonly identity: ServiceProcess,
    readonly classes: ServiceProcess,
    readonly ingestion: ServiceProcess,
    readonly gateway: GatewayService,
    readonly base: string,
    private readonly databases: string[],
  ) {}

  /** The Clever settings of the harness's gateway (the sandbox's OAuth), for another replica. */
  get gatewayClever(): GatewayServiceOptions['clever'] {
    return { oauthBaseUrl: this.sandbox.url!, apiBaseUrl: this.sandbox.url!, clientId: this.sandbox.clientId, clientSecret: this.sandbox.clientSecret };
  }

  get identityUrl(): string {
    return this.identity.url;
  }
  get classesUrl(): string {
    return this.classes.url;
  }
  get ingestionUrl(): string {
    return this.ingestion.url;
  }

  /** Starts everything; `districts` are sandbox district specs (the first one is "ours", the others foreign). */
  static async start(
    name: string,
    districts: DistrictSpec[],
    gatewayOptions: Partial<GatewayServiceOptions> = {},
    /** More environment for every service process (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
    serviceEnv: Record<string, string> = {},
  ): Promise<GatewayHarness> {
    const topicPrefix = `t${uniqueSuffix()}.`;
    const sandbox = createSandbox({ seed: name, districts, rateLimitPerMinute: null });
    const databases: string[] = [];
    const processes: ServiceProcess[] = [];
    const stopAll = async () => {
      await Promise.allSettled(processes.map((p) => p.stop()));
      await sandbox.close().catch(() => undefined);
      for (const db of databases) await dropTestDatabase(db).catch(() => undefined);
    };
    try {
      const [{ url: sandboxUrl }, identityDb, classesDb, ingestionDb] = await Promise.all([
        sandbox.start(0),
        createTestDatabase(`${name}_identity`),
        createTestDatabase(`${name}_classes`),
        createTestDatabase(`${name}_ingestion`),
        provisionTopicsProcess(topicPrefix),
      ]);
      databases.push(identityDb, classesDb, ingestionDb);
      const common = { internalAuthSecret: INTERNAL_SECRET, topicPrefix };
      const started = await Promise.allSettled([
        startServiceProcess({ ...common, app: 'identity', databaseUrl: identityDb, env: serviceEnv }),
        startServiceProcess({ ...common, app: 'classes', databaseUrl: classesDb, env: serviceEnv }),
        startServiceProcess({
          ...common,
          app: 'clever-ingestion',
          databaseUrl: ingestionDb,
          env: {
            CLEVER_API_BASE_URL: sandboxUrl,
            CLEVER_OAUTH_BASE_URL: sandboxUrl,
            CLEVER_CLIENT_ID: sandbox.clientId,
            CLEVER_CLIENT_SECRET: sandbox.clientSecret,
            CLEVER_API_VERSION: 'v3.0',
            CLEVER_EVENTS_POLL_INTERVAL_MS: '1000',
            // The nightly reconcile must not start in the middle of a test: only on Feb 29 at 03:00.
            CLEVER_FULL_SYNC_CRON: '0 3 29 2 *',
            ...serviceEnv,
          },
        }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const [identity, classes, ingestion] = processes;
      const port = await freePort();
      const gateway = await createGatewayService({
        identityUrl: identity.url,
        classesUrl: classes.url,
        ingestionUrl: ingestion.url,
        internalAuthSecret: INTERNAL_SECRET,
        sessionSecret: SESSION_SECRET,
        authMode: 'dev',
        clever: { oauthBaseUrl: sandboxUrl, apiBaseUrl: sandboxUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
        publicBaseUrl: `http://127.0.0.1:${port}`,
        logger: log('gateway'),
        rateLimit: { perMinute: 1_000_000 },
        principalCacheMs: 100,
        upstreamManagementUrls: { identity: identity.managementUrl, classes: classes.managementUrl, ingestion: ingestion.managementUrl },
        ...gatewayOptions,
      });
      const base = await gateway.listen(port);
      const h = new GatewayHarness(sandbox, identity, classes, ingestion, gateway, base, databases);
      try {
        await h.seed();
      } catch (error) {
        // The services' own words (warnings and errors) say why the pipeline did not converge.
        const outputs = processes.map((p) => `--- ${p.app}:\n${p.output().slice(-4_000)}`).join('\n');
        await h.close();
        throw new Error(`${(error as Error).message}\n${outputs}`);
      }
      return h;
    } catch (error) {
      await stopAll();
      throw error;
    }
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
      // Readiness is asked on the services' management ports; an upstream replaced by `options` gets the default.
      upstreamManagementUrls: {
        identity: options.identityUrl ? undefined : this.identity.managementUrl,
        classes: options.classesUrl ? undefined : this.classes.managementUrl,
        ingestion: options.ingestionUrl ? undefined : this.ingestion.managementUrl,
      },
      ...options,
    });
    this.extraGateways.push(gateway);
    const base = await gateway.listen(0);
    this.managementUrls.set(base, gateway.managementUrl!);
    return base;
  }

  /** The management URL (/health/*, /metrics) of the gateway serving `base` (default: the main gateway). */
  managementUrlOf(base: string = this.base): string {
    return base === this.base ? this.gateway.managementUrl! : this.managementUrls.get(base)!;
  }

  /** Every later answer of the gateway's API through `call` is shown to `observer`. */
  observe(observer: AnswerObserver): void {
    this.observers.push(observer);
  }

  async close(): Promise<void> {
    for (const g of this.extraGateways) await g.close().catch(() => undefined);
    await this.gateway?.close().catch(() => undefined);
    await Promise.allSettled([this.identity.stop(), this.classes.stop(), this.ingestion.stop()]);
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
    const answer: Answer<T> = { status: res.status, headers: res.headers, body: parsed as T, text };
    for (const observer of this.observers) observer(method, path, answer);
    return answer;
  }

  /** A bearer token for a person (dev login by Clever id). */
  async tokenOf(person: Person | { cleverId: string }): Promise<string> {
    const res = await this.call('POST', '/api/v1/auth/dev-login', { body: { cleverId: person.cleverId } });
    if (res.status !== 200) throw new Error(`dev-login failed: ${res.status} ${res.text}`);
    return res.body.token as string;
  }

  /** Calls a service's internal API directly (to look things up for assertions, or as operators' tools do). */
  async internal<T = any>(
    service: ServiceName,
    path: string,
    caller: Caller = service === 'clever-ingestion' ? OPERATOR : SYSTEM,
    method = 'GET',
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const base = { identity: this.identityUrl, classes: this.classesUrl, 'clever-ingestion': this.ingestionUrl }[service];
    const res = await fetch(`${base}/internal/v1${path}`, { method, headers: { ...headers, [INTERNAL_TOKEN_HEADER]: signInternalToken(caller, service, INTERNAL_SECRET) } });
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

  /**
   * Waits until clever-ingestion's scheduler has finished a run (accepted runs show as `running`) and
   * answers it as the sync status lists it (`completed`, `held`, `failed`…).
   */
  async runOutcome(districtCleverId: string, runId: string, timeoutMs = 60_000): Promise<SyncRunBody> {
    return eventually(
      async () => {
        const res = await this.internal('clever-ingestion', `/districts/${encodeURIComponent(districtCleverId)}/sync`);
        if (res.status !== 200) return undefined;
        const run = syncStatusSchema.parse(res.body).runs.find((r) => r.id === runId);
        return run && run.status !== 'running' ? run : undefined;
      },
      timeoutMs,
      `run ${runId} of ${districtCleverId} to finish`,
    );
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
    // clever-ingestion discovers the districts (token discovery) and runs their initial full sync on its own.
    for (const c of clever) {
      const initial = await eventually(
        async () => {
          const res = await this.internal('clever-ingestion', `/districts/${encodeURIComponent(c.district.id as string)}/sync`);
          if (res.status !== 200) return undefined;
          const status = syncStatusSchema.parse(res.body);
          return status.runs.find((r) => r.kind === 'full' && r.trigger === 'initial' && r.status !== 'running');
        },
        120_000,
        `initial sync of ${c.district.id}`,
      );
      if (initial.status !== 'completed') throw new Error(`initial sync of ${c.district.id}: ${initial.status} ${initial.error ?? ''}`);
    }

    // identity has every account…
    const system = SYSTEM;
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
