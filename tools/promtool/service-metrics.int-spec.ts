/**
 * `promtool check metrics` on the REAL /metrics of running services: clever-ingestion, identity, classes and the
 * gateway, each started as its own process from its sources (@roster/testing's startServiceProcess: fresh databases,
 * the test Kafka under a unique topic prefix), clever-ingestion reading the Clever sandbox. Once ingestion has synced
 * the sandbox district and identity has consumed the result, every management port is scraped: the exposition must
 * pass promtool's lint (no gauge named *_total, counters named *_total, help on every metric, ...), every `roster_*`
 * metric the chart's alerts and dashboard read must be registered by one of the services, and the series the alerts
 * read must be there with the labels the rules group by.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
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
const SESSION_SECRET = 'promtool-metrics-session-secret-9876543210';
const chartDir = join(repo, 'deploy/helm/roster');

/** The `roster_*` metric names the chart's rules and dashboard read (histograms by their base name). */
function chartMetricNames(): string[] {
  const r = spawnSync(
    join(repo, '.tools/bin/helm'),
    ['template', 'roster', chartDir, '--set', 'metrics.prometheusRule.enabled=true', '--show-only', 'templates/prometheusrule.yaml'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  const [rule] = parseAllDocuments(r.stdout).map((d) => d.toJS() as { spec: { groups: { rules: { expr: string }[] }[] } });
  const dashboard = JSON.parse(readFileSync(join(chartDir, 'dashboards/roster.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  const text = [
    ...rule.spec.groups.flatMap((g) => g.rules.map((x) => x.expr)),
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ].join('\n');
  return [...new Set([...text.matchAll(/\b(roster_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|sum|count)$/, '')))].sort();
}

/** Metric names with a `# TYPE` line: registered in the process, with or without samples yet. */
const registered = (exposition: string) => [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);

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
  let classes: ServiceProcess;
  let gateway: ServiceProcess;
  let ingestionMetrics: string;
  let identityMetrics: string;
  let classesMetrics: string;
  let gatewayMetrics: string;

  beforeAll(async () => {
    execFileSync('bash', [join(__dirname, 'install.sh')], { cwd: repo, stdio: 'pipe', timeout: 30 * 60_000 });
    sandbox = createSandbox({ seed: 'promtool-metrics', districts: [{ users: 12, schools: 1 }], rateLimitPerMinute: null });
    const { url } = await sandbox.start();
    [districtId] = sandbox.admin.districts().map((d) => d.id);
    const topicPrefix = `t${uniqueSuffix()}.`;
    const [ingestionDb, identityDb, classesDb] = await Promise.all([
      createTestDatabase('promtool_ingestion'),
      createTestDatabase('promtool_identity'),
      createTestDatabase('promtool_classes'),
      provisionTopicsProcess(topicPrefix, { partitions: 1 }),
    ]);
    databases.push(ingestionDb, identityDb, classesDb);
    const started = await Promise.allSettled([
      startServiceProcess({ app: 'identity', databaseUrl: identityDb, internalAuthSecret: SECRET, topicPrefix }),
      startServiceProcess({ app: 'classes', databaseUrl: classesDb, internalAuthSecret: SECRET, topicPrefix }),
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
    [identity, classes, ingestion] = processes;
    // The gateway has no database and no Kafka (startServiceProcess sets both; it reads neither).
    gateway = await startServiceProcess({
      app: 'gateway',
      databaseUrl: '',
      migrate: false,
      internalAuthSecret: SECRET,
      topicPrefix,
      env: {
        SESSION_SECRET,
        IDENTITY_URL: identity.url,
        CLASSES_URL: classes.url,
        INGESTION_URL: ingestion.url,
        IDENTITY_MANAGEMENT_URL: identity.managementUrl,
        CLASSES_MANAGEMENT_URL: classes.managementUrl,
        INGESTION_MANAGEMENT_URL: ingestion.managementUrl,
        CLEVER_OAUTH_BASE_URL: url,
        CLEVER_API_BASE_URL: url,
        CLEVER_CLIENT_ID: sandbox.clientId,
        CLEVER_CLIENT_SECRET: sandbox.clientSecret,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      },
    });
    processes.push(gateway);
    // One HTTP request each (refused: no internal token), so that roster_http_requests_total has a series.
    expect((await fetch(`${identity.url}/internal/v1/districts`)).status).toBe(401);
    expect((await fetch(`${ingestion.url}/internal/v1/districts/${districtId}/sync`)).status).toBe(401);
    expect((await fetch(`${classes.url}/internal/v1/courses`)).status).toBe(401);
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
    [classesMetrics, gatewayMetrics] = await Promise.all([scrape(classes), scrape(gateway)]);
  }, 480_000);

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

  it('passes promtool check metrics (classes)', () => {
    expect(checkMetrics(classesMetrics)).toEqual({ status: 0, output: '' });
  });

  it('passes promtool check metrics (gateway)', () => {
    expect(checkMetrics(gatewayMetrics)).toEqual({ status: 0, output: '' });
  });

  it('registers every roster_* metric the alerts and the dashboard of the chart read', () => {
    const all = new Set([ingestionMetrics, identityMetrics, classesMetrics, gatewayMetrics].flatMap(registered));
    const read = chartMetricNames();
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !all.has(name))).toEqual([]);
  });

  it('exports the counters the alerts take increase() of at 0 for their known labels, before the first event', () => {
    // A series born at its first increment is invisible to increase() (tools/promtool/alerts.test.yaml shows it).
    const zeroes: [string, string][] = [
      ...['code_replay', 'state_mismatch', 'state_missing', 'state_stale', 'clever_district_mismatch'].map(
        (kind): [string, string] => [gatewayMetrics, `roster_gateway_security_events_total{kind="${kind}"}`],
      ),
      ...['identity', 'classes', 'clever-ingestion'].map(
        (service): [string, string] => [gatewayMetrics, `roster_gateway_upstream_contract_violations_total{service="${service}"}`],
      ),
      ...['school', 'account', 'membership'].map(
        (kind): [string, string] => [identityMetrics, `roster_identity_foreign_district_events_total{kind="${kind}"}`],
      ),
    ];
    for (const [text, series] of zeroes) expect([series, sample(text, series)]).toEqual([series, 0]);
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
