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
  testBrokers,
  type ServiceProcess,
} from '@roster/testing';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
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

  /** Per district (Roster id): the names of the account the fixture had erased, as they were before. */
  readonly erasedNames = new Map<string, string[]>();

  private readonly kafka = new Kafka({ clientId: 'purge-harness', brokers: testBrokers(), logLevel: logLevel.NOTHING });

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
        // The retention job every second (the fixture's erased account), not every hour.
        startServiceProcess({ ...common, app: 'identity', databaseUrl: identityDb, env: { IDENTITY_RETENTION_INTERVAL_MS: '1000' } }),
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

  /**
   * Rows of the tables issues 15 and 16 added, in the district, made through the services' own APIs and
   * pipeline: a school-year rollover with a carry-forward (`school_year`, `school_year_rollover`, a class of
   * the new year), a sync preview that would archive a student (`sync_run_change`), two students whose Clever
   * id changed (`duplicate_pair`), one merged into its new account (merge columns, classes' moved history and audit),
   * and a student archived "40 days ago" whose personal fields the retention job erased. Call after
   * `useDistrict`. The students it uses are the district's last ones by id (tests pick the first).
   */
  async useLaterFeatures(d: SeededDistrict): Promise<void> {
    const admin: Caller = { kind: 'user', principal: await this.principalOf(d.adminAccountId) };
    const call = async (service: Service, method: string, path: string, body?: unknown) => {
      const res = await this.internal(service, method, path, admin, body);
      if (res.status >= 300) throw new Error(`${service} ${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const admin_ = this.sandbox.admin;
    const students = (await this.dbs.identity.query<{ id: string; clever_id: string }>(
      `select id::text as id, clever_id from account where district_id = $1 and status = 'active' and 'student' = any(roles) and sis_id is not null order by id desc limit 4`,
      [d.id],
    )).rows;
    if (students.length < 4) throw new Error(`useLaterFeatures: ${d.cleverId} has fewer than 4 students with a sis_id`);
    const [moved, leaver, unsharedUnseen, pending] = students;

    // School years: roll over once, carrying one class forward.
    const [year] = (await call('classes', 'GET', `/districts/${d.id}/school-years`)).data as Json[];
    const first = Number(String(year.name).slice(0, 4));
    const [carried] = (await this.dbs.classes.query<{ id: string }>(`select id::text as id from class where district_id = $1 and status = 'active' order by id limit 1`, [d.id])).rows;
    const rollover = { name: `${first + 1}–${first + 2}`, startsOn: `${first + 1}-08-15`, carryForwardClassIds: carried ? [carried.id] : [] };
    const rolled = await call('classes', 'POST', `/districts/${d.id}/school-years/rollover?idempotencyKey=purge-fixture-${d.cleverId}`, rollover);
    if (carried && (rolled.carriedForward as Json[]).length !== 1) throw new Error(`rollover of ${d.cleverId} carried nothing forward`);

    // Clever id changes: the old id unshared, the same person shared with a new id (same sis_id) → a pair.
    // One pair is merged (which settles it); the other stays listed.
    const newId = async (student: { id: string; clever_id: string }): Promise<string> => {
      const record = admin_.get(d.cleverId, 'users', student.clever_id)!.record as Json;
      const { id: _old, created: _c, last_modified: _m, ...rest } = record;
      admin_.unshareUser(d.cleverId, student.clever_id);
      const newCleverId = String(admin_.createUser(d.cleverId, rest).id);
      const target = await eventually(
        async () => (await this.dbs.identity.query<{ id: string }>(`select id::text as id from account where clever_id = $1 and district_id = $2`, [newCleverId, d.id])).rows[0]?.id,
        60_000,
        `the new account of ${d.cleverId}`,
      );
      await eventually(
        async () => (await this.dbs.identity.query(`select 1 from duplicate_pair where archived_account_id = $1 and active_account_id = $2`, [student.id, target])).rowCount === 1,
        60_000,
        `the duplicate pair of ${d.cleverId}`,
      );
      return target;
    };
    await call('identity', 'POST', `/accounts/${moved.id}/merge`, { intoAccountId: await newId(moved) });
    await newId(pending);

    // Retention: an account archived 40 days ago, with archivedRetentionDays 30. The services run as processes
    // on the system clock, so the archive time is moved back instead of the clock forward.
    admin_.unshareUser(d.cleverId, leaver.clever_id);
    await eventually(async () => (await this.dbs.identity.query(`select 1 from account where id = $1 and status = 'archived'`, [leaver.id])).rowCount === 1, 60_000, `${leaver.id} archived`);
    await call('identity', 'PATCH', `/districts/${d.id}/retention`, { archivedRetentionDays: 30 });
    const names = await this.dbs.identity.query<{ v: string }>(
      `select lower(x) as v from account, unnest(array[first_name, middle_name, last_name, preferred_first_name, preferred_last_name]) as x where id = $1 and x is not null and length(x) >= 3`,
      [leaver.id],
    );
    this.erasedNames.set(d.id, names.rows.map((r) => r.v));
    await this.dbs.identity.query(`update account set archived_at = now() - interval '40 days' where id = $1`, [leaver.id]);
    await eventually(async () => (await this.dbs.identity.query(`select 1 from account where id = $1 and erased_at is not null`, [leaver.id])).rowCount === 1, 60_000, `${leaver.id} erased`);

    // A sync preview that finds a change the events feed never reported (the feed is off while it is made).
    admin_.setEventsEnabled(false);
    try {
      admin_.unshareUser(d.cleverId, unsharedUnseen.clever_id);
    } finally {
      admin_.setEventsEnabled(true);
    }
    const { runId } = await call('clever-ingestion', 'POST', `/districts/${d.cleverId}/sync/preview`);
    const preview = await eventually(async () => {
      const runs = (await call('clever-ingestion', 'GET', `/districts/${d.cleverId}/sync`)).runs as Json[];
      return runs.find((r) => r.id === runId && r.status !== 'running' && r.status !== 'queued');
    }, 120_000, `the preview of ${d.cleverId}`);
    if (preview.status !== 'completed') throw new Error(`preview of ${d.cleverId}: ${preview.status}`);

    // classes applied the merge and the erasure (each writes its audit entry).
    await this.drained();
    await eventually(
      async () => Number((await this.dbs.classes.query(`select count(*) as n from audit_log where district_id = $1 and action in ('account.merged', 'account.erased')`, [d.id])).rows[0].n) >= 2,
      60_000,
      `classes' merge and erasure of ${d.cleverId}`,
    );
  }

  /**
   * Waits until every service's outbox is published and every consumer group of this test bed (the
   * topic prefix namespaces the groups too) has committed up to the end of every partition it reads: every
   * published event has been applied.
   */
  async drained(): Promise<void> {
    await eventually(async () => {
      for (const db of Object.values(this.dbs)) if (Number((await db.query(`select count(*) as n from outbox_message where published_at is null`)).rows[0].n) > 0) return false;
      return true;
    }, 60_000, 'every outbox published');
    await eventually(async () => (await this.consumerLag()) === 0, 60_000, 'every consumer group caught up (lag 0)');
  }

  /** Messages not yet committed by this test bed's consumer groups, over every partition of the topics they read. */
  async consumerLag(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(this.topicPrefix));
      if (groups.length === 0) return Number.POSITIVE_INFINITY;
      const described = await admin.describeGroups(groups);
      let lag = 0;
      for (const group of described.groups) {
        // The topics a group reads: its members' subscriptions, and any it has committed on.
        const topics = new Set<string>();
        for (const m of group.members) for (const t of AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? []) topics.add(t);
        for (const t of await admin.fetchOffsets({ groupId: group.groupId })) topics.add(t.topic);
        if (topics.size === 0) continue;
        const committed = await admin.fetchOffsets({ groupId: group.groupId, topics: [...topics] });
        for (const t of committed) {
          const ends = await admin.fetchTopicOffsets(t.topic);
          for (const p of t.partitions) {
            const end = ends.find((e) => e.partition === p.partition);
            if (!end) continue;
            const from = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
            lag += Math.max(0, Number(end.high) - from);
          }
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
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
