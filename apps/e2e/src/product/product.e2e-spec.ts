import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRosterClient } from '@roster/api-client';
import { freePort } from '@roster/testing';
import { ApiClient } from '../support/api-client';
import { startProcess, waitForOk, waitForOutput, type RunningProcess } from '../support/processes';
import { runProductScenario, unshareStudentAndExpectArchived } from './product-scenario';
import { TopicCollector } from '@roster/testing';

/**
 * Issue 7: the product as a user starts it — `npm start` (embedded) and `npm run stack` (each service its own
 * process, real Kafka and PostgreSQL) — checked through the public API only.
 */
/** Command lines of running processes that mention `dir` (a PostgreSQL left running would). */
function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir));
}

describe('npm start (embedded mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-e2e-embedded-'));
  let proc: RunningProcess | undefined;
  afterAll(async () => {
    await proc?.stop('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(port: number, reset: boolean): Promise<{ url: string; sandboxUrl: string }> {
    proc = startProcess('npm', ['start', '--silent', '--', ...(reset ? ['--reset'] : [])], { PORT: String(port), ROSTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const [, managementUrl] = await waitForOutput(proc, /Health, metrics:\s+(http:\/\/127\.0\.0\.1:\d+)\//);
    const [, sandboxUrl] = await waitForOutput(proc, /Clever sandbox:\s+(http:\/\/\S+)/);
    const url = `http://127.0.0.1:${port}`;
    await waitForOk(`${managementUrl}/health/ready`, proc);
    expect((await fetch(`${url}/health/ready`)).status).toBe(404);
    return { url, sandboxUrl };
  }

  it('syncs the demo district, lets a district admin build a class, and keeps it across a restart', async () => {
    const port = await freePort();
    const first = await start(port, true);
    await waitForOutput(proc!, /first sync complete/);
    const { classId, studentId } = await runProductScenario(first.url, first.sandboxUrl);

    // Ctrl-C shuts down cleanly (PostgreSQL included), and a restart keeps the data. (npm itself ends
    // by re-raising SIGINT, so its exit code says nothing; the embedded process reports its shutdown.)
    await proc!.stop('SIGINT');
    expect(proc!.output()).toContain('stopped (PostgreSQL shut down)');
    expect(processesUsing(dataDir)).toEqual([]);
    const second = await start(port, false);
    const api = new ApiClient(second.url);
    await api.signInAs('district_admin');
    // Read back through the client generated from the published document (issue 19), as a consumer would.
    const client = createRosterClient({ baseUrl: second.url, token: api.bearerToken });
    const classes = await client.GET('/api/v1/classes');
    expect(classes.response.status).toBe(200);
    expect(classes.data?.data.map((c) => c.id)).toEqual([classId]);
    const roster = await client.GET('/api/v1/classes/{id}/enrollments', { params: { path: { id: classId }, query: { limit: 500 } } });
    expect(roster.data?.data.map((e) => e.studentId)).toEqual([studentId]);
    const missing = await client.GET('/api/v1/classes/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
    expect(missing.error?.code).toBe('CLASSES.CLASS_NOT_FOUND');

    await unshareStudentAndExpectArchived(second.url, second.sandboxUrl, classId, studentId);
  }, 300_000);
});

describe('npm run stack (distributed mode)', () => {
  let proc: RunningProcess | undefined;
  afterAll(async () => {
    await proc?.stop('SIGINT');
  });

  it('runs the same scenario with each service as its own process over a real Kafka broker', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'roster-e2e-stack-'));
    proc = startProcess('npm', ['run', 'stack', '--silent'], { PORT: String(port), STACK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const [, sandboxUrl] = await waitForOutput(proc, /Clever sandbox:\s+(http:\/\/\S+)/, 240_000);
    await waitForOutput(proc, /^\s*ready$/m, 60_000);
    const [, brokers] = await waitForOutput(proc, /Kafka (\d+\.\d+\.\d+\.\d+:\d+)/);
    const { classId, studentId } = await runProductScenario(`http://127.0.0.1:${port}`, sandboxUrl);
    // The leaver rule across the separate processes, and the event other teams consume.
    const collector = await TopicCollector.startOn([brokers], ['classes.enrollments.v1']);
    await unshareStudentAndExpectArchived(`http://127.0.0.1:${port}`, sandboxUrl, classId, studentId);
    await collector.waitFor((m) => m.some((x) => x.headers.ce_type === 'classes.enrollment.ended'));
    const endedEvent = collector.messages.find((x) => x.headers.ce_type === 'classes.enrollment.ended')!;
    expect(JSON.parse(endedEvent.value!).data).toMatchObject({ classId, studentId, reason: 'student_archived' });
    await collector.stop();
    await proc.stop('SIGINT', 90_000);
    expect(proc.output()).toContain('stopped');
    expect(processesUsing(dataDir)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 400_000);
});
