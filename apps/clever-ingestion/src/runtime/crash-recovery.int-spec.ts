/**
 * clever-ingestion killed with SIGKILL in the middle of a full sync, then restarted: the interrupted run
 * resumes from its last committed page and the published state converges — every record published,
 * each as exactly one distinct event (the relay may deliver a message twice after a kill: same id).
 * The service runs as a child process; the sandbox runs here, slowed down so that the kill lands mid-run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase, eventually, testBrokers, TopicCollector, uniqueSuffix } from '@roster/testing';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { provisionTestTopics, ROSTER_TOPICS } from '../testing/ingestion-harness';

const repoRoot = resolve(__dirname, '../../../..');

describe('crash recovery', () => {
  let sandbox: Sandbox;
  let databaseUrl: string;
  let db: Client;
  let collector: TopicCollector;
  let child: ChildProcess | undefined;
  const prefix = `t${uniqueSuffix()}.`;

  const start = async (url: string): Promise<ChildProcess> => {
    const proc = spawn(process.execPath, ['tools/scripts/run-ts.cjs', 'apps/clever-ingestion/src/testing/run-ingestion.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        CLEVER_URL: url,
        CLEVER_CLIENT_ID: sandbox.clientId,
        CLEVER_CLIENT_SECRET: sandbox.clientSecret,
        CLEVER_PAGE_SIZE: '100',
        DLQ_RESYNC: 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((ready, fail) => {
      proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      proc.once('exit', (code) => fail(new Error(`ingestion exited with ${code} before it was ready`)));
    });
    return proc;
  };

  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => (await db.query(text, params)).rows as T[];

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'ingestion-crash', districts: [{ users: 1500, schools: 3 }] });
    await provisionTestTopics(prefix);
    databaseUrl = await createTestDatabase('ingestion_crash');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    collector = await TopicCollector.start(ROSTER_TOPICS.map((t) => prefix + t));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await collector?.stop();
    await db?.end();
    await sandbox?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('a run killed mid-sync resumes after a restart and converges, nothing lost, nothing published twice', async () => {
    const { url } = await sandbox.start();
    const [district] = sandbox.admin.districts();
    sandbox.admin.injectFault({ kind: 'slow', delayMs: 150, count: 1000, pathContains: '/users' });

    child = await start(url);
    // Kill once a few pages of users are committed (the initial sync started on its own).
    await eventually(async () => (await sql<{ n: number }>(`select count(*)::int as n from shadow_record where record_type = 'user'`).catch(() => [{ n: 0 }]))[0].n >= 300, 60_000, 'sync under way');
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const [interrupted] = await sql<{ id: string; status: string; phase: string }>(`select id, status, phase from sync_run where kind = 'full'`);
    expect(interrupted).toMatchObject({ status: 'running', phase: 'users' });
    const [{ n: committedUsers }] = await sql<{ n: number }>(`select count(*)::int as n from shadow_record where record_type = 'user'`);
    const counts = sandbox.admin.counts(district.id);
    expect(committedUsers).toBeLessThan(counts.accounts);

    sandbox.admin.clearFaults();
    child = await start(url);
    await eventually(async () => (await sql<{ status: string }>(`select status from sync_run where id = $1`, [interrupted.id]))[0].status === 'completed', 60_000, 'resumed run completed');
    await eventually(
      async () => {
        const [row] = await sql<{ total: number; pending: number }>(`select count(*)::int as total, count(*) filter (where published_at is null)::int as pending from outbox_message`);
        return row.pending === 0 && collector.messages.length >= row.total;
      },
      30_000,
      'outbox published',
    );

    const events = collector.messages.map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.districtId === district.id && !e.type.startsWith('roster.sync-run.'));
    const distinct = new Map<string, { type: string; subject: string }>();
    for (const e of events) distinct.set(e.id, e);
    const subjectsOf = (type: string) => [...distinct.values()].filter((e) => e.type === type).map((e) => e.subject);
    for (const [type, expected] of [
      ['roster.user.upserted', counts.accounts],
      ['roster.school.upserted', counts.schools],
      ['roster.section.upserted', counts.sections],
      ['roster.district.upserted', 1],
    ] as const) {
      const subjects = subjectsOf(type);
      expect(subjects).toHaveLength(expected); // one distinct event per record: nothing lost, nothing twice
      expect(new Set(subjects).size).toBe(expected);
    }
    expect([...distinct.values()].filter((e) => e.type.endsWith('.removed'))).toEqual([]);
    const [run] = await sql<{ created: number; ignored: number; status: string; trigger: string }>(`select created, ignored, status, trigger from sync_run where id = $1`, [interrupted.id]);
    expect(run).toEqual({ created: 1 + counts.schools + counts.accounts + counts.sections, ignored: counts.contacts, status: 'completed', trigger: 'initial' });
    // Exactly one started and one completed event for the run, however often the relay delivered them.
    const lifecycle = new Set(collector.messages.map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.data?.runId === interrupted.id).map((e) => e.id));
    expect([...lifecycle].sort()).toEqual([`run:${interrupted.id}:completed`, `run:${interrupted.id}:started`]);
  });
});
