/**
 * `promtool check metrics` on the REAL /metrics of running services: clever-ingestion and identity, each started as
 * its own process from its sources (@roster/testing's startServiceProcess: fresh databases, the test Kafka under a
 * unique topic prefix), clever-ingestion reading the Clever sandbox. Once ingestion has synced the sandbox district
 * and identity has consumed the result, both management ports are scraped: the exposition must pass promtool's lint
 * (no gauge named *_total, counters named *_total, help on every metric, ...), and the series the chart's alerts
 * read must be there with the labels the rules group by.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import {
  createTestDatabase,
  dropTestDatabase,
  eventually,
  provisionTopicsProcess,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@roster/testing';

const repo = resolve(__dirname, '../..');
const promtoolBin = join(repo, '.tools/bin/promtool');
const SECRET = 'promtool-metrics-internal-secret-0123456789';

async function scrape(service: ServiceProcess): Promise<string> {
  const res = await fetch(`${service.managementUrl}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

function checkMetrics(exposition: string): { status: number | null; output: string } {
  const r = spawnSync(promtoolBin, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

/** The value of one sample line `name{labels} value`, labels given as they are printed (prom-client's order). */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the /metrics of running services', () => {
  let sandbox: Sandbox;
  let districtId: string;
  const databases: string[] = [];
  const processes: ServiceProcess[] = [];
  let ingestion: ServiceProcess;
  let identity: ServiceProcess;
  let ingestionMetrics: string;
  let identityMetrics: string;

  beforeAll(async () => {
    execFileSync('bash', [join(__dirname, 'install.sh')], { cwd: repo, stdio: 'pipe', timeout: 30 * 60_000 });
    sandbox = createSandbox({ seed: 'promtool-metrics', districts: [{ users: 12, schools: 1 }], rateLimitPerMinute: null });
    const { url } = await sandbox.start();
    [districtId] = sandbox.admin.districts().map((d) => d.id);
    const topicPrefix = `t${uniqueSuffix()}.`;
    const [ingestionDb, identityDb] = await Promise.all([
      createTestDatabase('promtool_ingestion'),
      createTestDatabase('promtool_identity'),
      provisionTopicsProcess(topicPrefix, { partitions: 1 }),
    ]);
    databases.push(ingestionDb, identityDb);
    const started = await Promise.allSettled([
      startServiceProcess({ app: 'identity', databaseUrl: identityDb, internalAuthSecret: SECRET, topicPrefix }),
      startServiceProcess({
        app: 'clever-ingestion',
        databaseUrl: ingestionDb,
        internalAuthSecret: SECRET,
        topicPrefix,
        env: {
          CLEVER_API_BASE_URL: url,
          CLEVER_OAUTH_BASE_URL: url,
          CLEVER_CLIENT_ID: sandbox.clientId,
          CLEVER_CLIENT_SECRET: sandbox.clientSecret,
          CLEVER_API_VERSION: 'v3.0',
          CLEVER_EVENTS_POLL_INTERVAL_MS: '1000',
          // No nightly reconcile during the test (only on Feb 29 at 03:00); the new district's first sync still runs.
          CLEVER_FULL_SYNC_CRON: '0 3 29 2 *',
        },
      }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    [identity, ingestion] = processes;
    // One HTTP request each (refused: no internal token), so that roster_http_requests_total has a series.
    expect((await fetch(`${identity.url}/internal/v1/districts`)).status).toBe(401);
    expect((await fetch(`${ingestion.url}/internal/v1/districts/${districtId}/sync`)).status).toBe(401);
    // Ingestion discovers the sandbox district and syncs it on its own; identity applies the roster events.
    ingestionMetrics = await eventually(
      async () => {
        const text = await scrape(ingestion);
        return sample(text, `roster_sync_last_success_timestamp_seconds{district_id="${districtId}"}`) ? text : undefined;
      },
      180_000,
      'ingestion reports the district synced',
    );
    identityMetrics = await eventually(
      async () => {
        const text = await scrape(identity);
        return /^roster_messages_consumed_total\{[^}]*outcome="applied"[^}]*\} [1-9]/m.test(text) ? text : undefined;
      },
      120_000,
      'identity applied roster events',
    );
  }, 420_000);

  afterAll(async () => {
    for (const p of processes) await p.stop().catch(() => undefined);
    await sandbox?.close();
    for (const db of databases) await dropTestDatabase(db).catch(() => undefined);
  });

  it('passes promtool check metrics (clever-ingestion)', () => {
    expect(checkMetrics(ingestionMetrics)).toEqual({ status: 0, output: '' });
  });

  it('passes promtool check metrics (identity)', () => {
    expect(checkMetrics(identityMetrics)).toEqual({ status: 0, output: '' });
  });

  it('promtool check metrics flags what prom-client exported before (the check can fail)', () => {
    const before = `${identityMetrics}# HELP nodejs_active_handles_total Total number of active handles.\n# TYPE nodejs_active_handles_total gauge\nnodejs_active_handles_total 7\n`;
    const r = checkMetrics(before);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('nodejs_active_handles_total non-counter metrics should not have "_total" suffix');
  });

  it('exports the series the alerts read, with the labels they group by', () => {
    const last = sample(ingestionMetrics, `roster_sync_last_success_timestamp_seconds{district_id="${districtId}"}`)!;
    expect(Math.abs(Date.now() / 1000 - last)).toBeLessThan(600);
    expect(sample(ingestionMetrics, 'roster_clever_ingestion_sync_runs_total{kind="full",status="completed"}')).toBeGreaterThanOrEqual(1);
    expect(ingestionMetrics).toMatch(/^roster_clever_ingestion_clever_requests_total\{endpoint="[a-z]+",status="200"\} [1-9]/m);
    for (const [text, service] of [
      [ingestionMetrics, 'clever-ingestion'],
      [identityMetrics, 'identity'],
    ]) {
      // The relay's gauges (RosterOutboxBacklogOld, RosterOutboxParked) per service.
      expect([service, sample(text, `roster_outbox_oldest_unpublished_age_seconds{service="${service}"}`)]).toEqual([service, expect.any(Number)]);
      expect([service, sample(text, `roster_outbox_parked_messages{service="${service}"}`)]).toEqual([service, 0]);
      expect(text).toMatch(new RegExp(`^roster_http_requests_total\\{service="${service}",[^}]*status="401"\\} 1$`, 'm'));
    }
    expect(sample(ingestionMetrics, 'roster_outbox_published_total{service="clever-ingestion"}')).toBeGreaterThanOrEqual(1);
  });
});
