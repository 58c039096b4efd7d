import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase, freePort, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import { provisionTopics } from '@roster/messaging';
import { buildOnce, repoRoot, startProcess, waitForOk, type RunningProcess } from '../support/processes';

/**
 * Issue 8: each app's production build starts from its dist/ output with the production command the image
 * uses (`node dist/apps/<app>/src/main.js`, migrations with `migrate.js`), answers its health endpoint,
 * and shuts down cleanly on SIGTERM. No Docker: the same commands, run directly.
 */
describe('production builds', () => {
  const secret = randomBytes(32).toString('hex');
  const prefix = `t${uniqueSuffix()}.`;
  const dbs: string[] = [];
  const running: RunningProcess[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    buildOnce();
    // As the Helm chart's topic Job does before the services start.
    await provisionTopics(testKafka(), { topicPrefix: prefix });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await Promise.all(dbs.map((d) => dropTestDatabase(d)));
  });

  const dist = (app: string, file = 'main') => join(repoRoot, 'dist/apps', app, 'src', `${file}.js`);
  const kafkaEnv = () => ({ KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKAJS_NO_PARTITIONER_WARNING: '1' });

  it('the Clever sandbox starts from dist/ and stops on SIGTERM', async () => {
    const port = await freePort();
    const proc = startProcess(process.execPath, [dist('clever-sandbox')], { PORT: String(port) });
    running.push(proc);
    await waitForOk(`http://127.0.0.1:${port}/__sandbox/districts`, proc);
    urls.sandbox = `http://127.0.0.1:${port}`;
  });

  it.each(['identity', 'classes', 'clever-ingestion'])('%s migrates, becomes ready, and exits 0 on SIGTERM', async (app) => {
    const db = await createTestDatabase(app.replace('-', '_'));
    dbs.push(db);
    const migrate = startProcess(process.execPath, [dist(app, 'migrate')], { DATABASE_URL: db });
    await new Promise((r) => migrate.child.once('exit', r));
    expect({ code: migrate.child.exitCode, out: migrate.output() }).toMatchObject({ code: 0 });
    const port = await freePort();
    const management = await freePort();
    const proc = startProcess(process.execPath, [dist(app)], {
      ...kafkaEnv(),
      PORT: String(port),
      MANAGEMENT_PORT: String(management),
      HOST: '127.0.0.1',
      DATABASE_URL: db,
      INTERNAL_AUTH_SECRET: secret,
      LOG_LEVEL: 'info',
      CLEVER_API_BASE_URL: urls.sandbox,
      CLEVER_OAUTH_BASE_URL: urls.sandbox,
      CLEVER_CLIENT_ID: 'sandbox-client',
      CLEVER_CLIENT_SECRET: 'sandbox-secret',
    });
    running.push(proc);
    await waitForOk(`http://127.0.0.1:${management}/health/live`, proc);
    await waitForOk(`http://127.0.0.1:${management}/health/ready`, proc);
    expect(await (await fetch(`http://127.0.0.1:${management}/metrics`)).text()).toContain('process_resident_memory_bytes');
    // The API port serves neither health nor metrics.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(404);
    expect(await proc.stop('SIGTERM')).toBe(0);
    // Logs are JSON lines with the service name, and the shutdown was orderly.
    expect(proc.output()).toMatch(/"service":"[a-z-]+"/);
    expect(proc.output()).toContain('stopped');
  }, 90_000);

  it('the gateway becomes ready against running services and exits 0 on SIGTERM', async () => {
    const services: Record<string, number> = {};
    const managements: Record<string, number> = {};
    for (const app of ['identity', 'classes', 'clever-ingestion']) {
      const db = await createTestDatabase(`gw_${app.replace('-', '_')}`);
      dbs.push(db);
      const migrate = startProcess(process.execPath, [dist(app, 'migrate')], { DATABASE_URL: db });
      await new Promise((r) => migrate.child.once('exit', r));
      services[app] = await freePort();
      managements[app] = await freePort();
      const proc = startProcess(process.execPath, [dist(app)], {
        ...kafkaEnv(),
        PORT: String(services[app]),
        MANAGEMENT_PORT: String(managements[app]),
        HOST: '127.0.0.1',
        DATABASE_URL: db,
        INTERNAL_AUTH_SECRET: secret,
        CLEVER_API_BASE_URL: urls.sandbox,
        CLEVER_OAUTH_BASE_URL: urls.sandbox,
        CLEVER_CLIENT_ID: 'sandbox-client',
        CLEVER_CLIENT_SECRET: 'sandbox-secret',
      });
      running.push(proc);
      await waitForOk(`http://127.0.0.1:${managements[app]}/health/ready`, proc);
    }
    const port = await freePort();
    const gatewayManagement = await freePort();
    const gateway = startProcess(process.execPath, [dist('gateway')], {
      PORT: String(port),
      MANAGEMENT_PORT: String(gatewayManagement),
      IDENTITY_MANAGEMENT_URL: `http://127.0.0.1:${managements.identity}`,
      CLASSES_MANAGEMENT_URL: `http://127.0.0.1:${managements.classes}`,
      INGESTION_MANAGEMENT_URL: `http://127.0.0.1:${managements['clever-ingestion']}`,
      HOST: '127.0.0.1',
      IDENTITY_URL: `http://127.0.0.1:${services.identity}`,
      CLASSES_URL: `http://127.0.0.1:${services.classes}`,
      INGESTION_URL: `http://127.0.0.1:${services['clever-ingestion']}`,
      INTERNAL_AUTH_SECRET: secret,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      AUTH_MODE: 'clever',
      CLEVER_CLIENT_ID: 'sandbox-client',
      CLEVER_CLIENT_SECRET: 'sandbox-secret',
      CLEVER_API_BASE_URL: urls.sandbox,
      CLEVER_OAUTH_BASE_URL: urls.sandbox,
      PUBLIC_BASE_URL: `http://localhost:${port}`,
    });
    running.push(gateway);
    await waitForOk(`http://127.0.0.1:${gatewayManagement}/health/ready`, gateway);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(await gateway.stop('SIGTERM')).toBe(0);
  }, 120_000);

  it('a service refuses to start with a clear message when its configuration is incomplete', async () => {
    const proc = startProcess(process.execPath, [dist('identity')], { DATABASE_URL: '', KAFKA_BROKERS: '', INTERNAL_AUTH_SECRET: '' });
    await new Promise((r) => proc.child.once('exit', r));
    expect(proc.child.exitCode).toBe(2);
    expect(proc.output()).toMatch(/DATABASE_URL|KAFKA_BROKERS|INTERNAL_AUTH_SECRET/);
  });
});
