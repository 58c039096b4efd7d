/**
 * The district purge's test bed (not shipped): the REAL clever-ingestion, identity and classes services,
 * each its own process from its sources with a fresh database (`@roster/testing`), the real Kafka broker
 * (topics under a unique prefix), and the Clever sandbox as Clever. Seeding is the product's own pipeline
 * (discovery, initial full syncs, identity's accounts, classes' projections); classes, placements and
 * enrollments are made through classes' internal API as each district's admin. The test reads the service
 * databases directly, as the purge's scan must.
 */
import { signInternalToken, INTERNAL_TOKEN_HEADER, type Caller, type Principal } from '@roster/authz';
import { createSandbox, type DistrictSpec, type Sandbox } from '@roster/clever-sandbox';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  provisionTopicsProcess,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@roster/testing';
import { Client } from 'pg';

export const INTERNAL_SECRET = 'purge-it-internal-secret-0123456789abc';
export type Service = 'identity' | 'classes' | 'clever-ingestion';
export const SERVICES: readonly Service[] = ['clever-ingestion', 'identity', 'classes'];

export interface SeededDistrict {
  /** Roster's id (identity's). */
  id: string;
  cleverId: string;
  adminAccountId: string;
}

type Json = Record<string, any>;

export class PurgeHarness {
  private constructor(
    readonly sandbox: Sandbox,
    readonly processes: Record<Service, ServiceProcess>,
    readonly databaseUrls: Record<Service, string>,
    readonly dbs: Record<Service, Client>,
    readonly topicPrefix: string,
    readonly districts: SeededDistrict[],
    private readonly ingestionEnv: Record<string, string>,
  ) {}

  /** Stops clever-ingestion and starts it again on the same database (its start runs token discovery at once). */
  async restartIngestion(): Promise<void> {
    await this.processes['clever-ingestion'].stop();
    this.processes['clever-ingestion'] = await startServiceProcess({
      internalAuthSecret: INTERNAL_SECRET,
      topicPrefix: this.topicPrefix,
      app: 'clever-ingestion',
      databaseUrl: this.databaseUrls['clever-ingestion'],
      env: this.ingestionEnv,
      migrate: false,
    });
  }

  /** Waits for the initial full sync of a (re)connected district to complete. */
  async initialSync(cleverId: string): Promise<void> {
    const operator: Caller = { kind: 'system', name: 'operator' };
    const initial = await eventually(async () => {
      const res = await this.internal('clever-ingestion', 'GET', `/districts/${cleverId}/sync`, operator);
      if (res.status !== 200) return undefined;
      return (res.body.runs as Json[]).find((r) => r.kind === 'full' && r.trigger === 'initial' && r.status !== 'running');
    }, 120_000, `initial sync of ${cleverId}`);
    if (initial.status !== 'completed') throw new Error(`initial sync of ${cleverId}: ${initial.status}`);
  }

  static async start(name: string, specs: DistrictSpec[]): Promise<PurgeHarness> {
    const topicPrefix = `t${uniqueSuffix()}.`;
    const sandbox = createSandbox({ seed: name, districts: specs, rateLimitPerMinute: null });
    const urls: string[] = [];
    const started: ServiceProcess[] = [];
    try {
      const [{ url: sandboxUrl }, identityDb, classesDb, ingestionDb] = await Promise.all([
        sandbox.start(0),
        createTestDatabase(`${name}_identity`),
        createTestDatabase(`${name}_classes`),
        createTestDatabase(`${name}_ingestion`),
        provisionTopicsProcess(topicPrefix),
      ]);
      urls.push(identityDb, classesDb, ingestionDb);
      const common = { internalAuthSecret: INTERNAL_SECRET, topicPrefix };
      const ingestionEnv = {
        CLEVER_API_BASE_URL: sandboxUrl,
        CLEVER_OAUTH_BASE_URL: sandboxUrl,
        CLEVER_CLIENT_ID: sandbox.clientId,
        CLEVER_CLIENT_SECRET: sandbox.clientSecret,
        CLEVER_API_VERSION: 'v3.0',
        CLEVER_EVENTS_POLL_INTERVAL_MS: '1000',
        // No nightly reconcile in the middle of a test: only on Feb 29 at 03:00.
        CLEVER_FULL_SYNC_CRON: '0 3 29 2 *',
      };
      const results = await Promise.allSettled([
        startServiceProcess({ ...common, app: 'identity', databaseUrl: identityDb }),
        startServiceProcess({ ...common, app: 'classes', databaseUrl: classesDb }),
        startServiceProcess({
          ...common,
          app: 'clever-ingestion',
          databaseUrl: ingestionDb,
          env: ingestionEnv,
        }),
      ]);
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      const [identity, classes, ingestion] = started;
      const databaseUrls: Record<Service, string> = { identity: identityDb, classes: classesDb, 'clever-ingestion': ingestionDb };
      const dbs: Record<Service, Client> = {
        identity: new Client({ connectionString: identityDb }),
        classes: new Client({ connectionString: classesDb }),
        'clever-ingestion': new Client({ connectionString: ingestionDb }),
      };
      await Promise.all(Object.values(dbs).map((c) => c.connect()));
      const h = new PurgeHarness(sandbox, { identity, classes, 'clever-ingestion': ingestion }, databaseUrls, dbs, topicPrefix, [], ingestionEnv);
      try {
        await h.seed();
      } catch (error) {
        const outputs = started.map((p) => `--- ${p.app}:\n${p.output().slice(-4_000)}`).join('\n');
        await h.close();
        throw new Error(`${(error as Error).message}\n${outputs}`);
      }
      return h;
    } catch (error) {
      await Promise.allSettled(started.map((p) => p.stop()));
      await sandbox.close().catch(() => undefined);
      for (const url of urls) await dropTestDatabase(url).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.dbs).map((c) => c.end()));
    await Promise.allSettled(Object.values(this.processes).map((p) => p.stop()));
    await this.sandbox.close().catch(() => undefined);
    for (const url of Object.values(this.databaseUrls)) await dropTestDatabase(url).catch(() => undefined);
  }

  get ingestionUrl(): string {
    return this.processes['clever-ingestion'].url;
  }

  /** A service's internal API, as `caller`. */
  async internal(service: Service, method: string, path: string, caller: Caller, body?: unknown): Promise<{ status: number; body: any; text: string }> {
    const res = await fetch(`${this.processes[service].url}/internal/v1${path}`, {
      method,
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken(caller, service, INTERNAL_SECRET), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  }

  async principalOf(accountId: string): Promise<Principal> {
    const res = await this.internal('identity', 'GET', `/sign-in/account/${accountId}`, { kind: 'system', name: 'gateway' });
    if (res.status !== 200) throw new Error(`sign-in of ${accountId}: ${res.status} ${res.text}`);
    return res.body.principal as Principal;
  }

  /**
   * Classes (with a teacher), placements, enrollments and one ended enrollment in every school of the
   * district, through classes' internal API as the district's admin.
   */
  async useDistrict(d: SeededDistrict): Promise<void> {
    const caller: Caller = { kind: 'user', principal: await this.principalOf(d.adminAccountId) };
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await this.internal('classes', method, path, caller, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const courseId = (await call('GET', '/courses')).data[0].id as string;
    const schools = (await this.dbs.identity.query<{ id: string; name: string }>(`select id::text as id, name from school where district_id = $1 order by id`, [d.id])).rows;
    for (const school of schools) {
      const members = async (role: string) =>
        (await this.dbs.identity.query<{ id: string }>(
          `select id::text as id from account where district_id = $1 and status = 'active' and schools @> $2::jsonb order by id limit 3`,
          [d.id, JSON.stringify([{ schoolId: school.id, roles: [role] }])],
        )).rows.map((r) => r.id);
      const [teacher] = await members('teacher');
      const students = await members('student');
      if (students.length < 2) continue;
      const cls = await call('POST', '/classes', { schoolId: school.id, name: `Group ${school.name ?? ''}`.trim(), courseId, ...(teacher ? { teacherIds: [teacher] } : {}) });
      for (const studentId of students) await call('POST', '/placements', { studentId, recommendedCourseId: courseId, score: 50, testedOn: '2026-09-01' });
      await call('POST', `/classes/${cls.id}/enrollments`, { studentIds: students });
      await call('DELETE', `/classes/${cls.id}/enrollments/${students[0]}`);
    }
  }

  /** Waits until every service's outbox is published (and so, after a moment, applied downstream). */
  async drained(): Promise<void> {
    await eventually(async () => {
      for (const db of Object.values(this.dbs)) if (Number((await db.query(`select count(*) as n from outbox_message where published_at is null`)).rows[0].n) > 0) return false;
      return true;
    }, 60_000, 'every outbox published');
  }

  private async seed(): Promise<void> {
    for (const summary of this.sandbox.admin.districts()) {
      const cleverId = summary.id;
      // clever-ingestion discovers the district and runs its initial full sync on its own.
      await this.initialSync(cleverId);
      const district = await eventually(async () => (await this.dbs.identity.query<{ id: string }>(`select id::text as id from district where clever_id = $1`, [cleverId])).rows[0], 60_000, `identity's district ${cleverId}`);
      const admin = await eventually(
        async () => (await this.dbs.identity.query<{ id: string }>(`select id::text as id from account where district_id = $1 and 'district_admin' = any(roles) limit 1`, [district.id])).rows[0],
        60_000,
        `a district admin of ${cleverId}`,
      );
      this.districts.push({ id: district.id, cleverId, adminAccountId: admin.id });
    }
    // identity has every shared user, and classes has projected every account identity holds.
    await this.drained();
    for (const d of this.districts) {
      await eventually(async () => {
        const count = async (db: Client) => Number((await db.query(`select count(*) as n from account where district_id = $1`, [d.id])).rows[0].n);
        const n = await count(this.dbs.identity);
        return n > 0 && n === (await count(this.dbs.classes));
      }, 60_000, `classes' accounts of ${d.cleverId}`);
    }
  }
}
