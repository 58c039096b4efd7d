/**
 * The chart's alerts and dashboard, checked with Prometheus' own tool:
 *  - `helm template` with metrics.prometheusRule.enabled and metrics.dashboards.enabled renders a PrometheusRule and
 *    the dashboard ConfigMap (and neither by default);
 *  - `promtool check rules` on the rendered rule groups, and `promtool test rules` (alerts.test.yaml: series in,
 *    alerts out) on them;
 *  - every panel query of the dashboard parses (checked by promtool as recording rules);
 *  - every `roster_*` series the rules and panels read is a metric the code defines (a renamed metric fails here).
 * helm and promtool are built from the Go module proxy into .tools/bin (tools/helm/install.sh, tools/promtool/install.sh).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const repo = resolve(__dirname, '../..');
const chartDir = join(repo, 'deploy/helm/roster');
const bin = join(repo, '.tools/bin');
const KUBE_VERSION = '1.33.0';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { groups: RuleGroup[] };
  data?: Record<string, string>;
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleGroup {
  name: string;
  rules: Rule[];
}
interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

function run(cmd: string, args: string[], cwd = repo): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function render(...sets: string[]): K8sObject[] {
  const r = run(join(bin, 'helm'), [
    'template',
    'roster',
    chartDir,
    '--namespace',
    'roster',
    '--kube-version',
    KUBE_VERSION,
    ...sets.flatMap((s) => ['--set', s]),
  ]);
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const promtool = (args: string[], cwd?: string) => run(join(bin, 'promtool'), args, cwd);

/** Grafana's variables replaced by what they stand for at query time, so that promtool can parse the query. */
const concreteQuery = (expr: string) =>
  expr.replaceAll('$__rate_interval', '5m').replaceAll('$namespace', 'roster').replaceAll('$service', '.*');

/** Metric names a PromQL expression reads: identifiers not followed by `(` and not keywords/label names in braces. */
function seriesNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const withoutGrouping = withoutStrings.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...withoutGrouping.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1])
    .filter((name) => !/^(and|or|unless|bool|offset|le|inf|nan|e)$/i.test(name) && !/^\d/.test(name));
}

/**
 * Every metric name the code can register: string literals `roster_…` in the sources of apps/ and libs/, and
 * `roster_<service>_<literal>` for every string literal of a file that builds names with metricName(service, …).
 */
function definedMetricNames(): Set<string> {
  const names = new Set<string>();
  const services = ['clever-ingestion', 'identity', 'classes', 'gateway'];
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      if (entry === 'node_modules' || entry === 'testing') return [];
      if (statSync(path).isDirectory()) return walk(path);
      return /\.ts$/.test(entry) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry) ? [path] : [];
    });
  for (const file of [...walk(join(repo, 'apps')), ...walk(join(repo, 'libs'))]) {
    const source = readFileSync(file, 'utf8');
    const literals = [...source.matchAll(/'([a-z][a-z0-9_]*)'/g)].map((m) => m[1]);
    for (const l of literals) if (l.startsWith('roster_')) names.add(l);
    if (source.includes('metricName(')) {
      for (const service of services) for (const l of literals) names.add(`roster_${safe(service)}_${l}`);
    }
  }
  return names;
}

/** A histogram is defined under its base name; queries read its `_bucket`, `_sum` and `_count` series. */
const baseName = (series: string) => series.replace(/_(bucket|sum|count)$/, '');

let work: string;
let rule: K8sObject;
let dashboardConfigMap: K8sObject;

beforeAll(() => {
  // helm (tools/helm) and promtool (tools/promtool): built once per machine, then found in .tools/bin at once.
  execFileSync('bash', [join(repo, 'tools/helm/install.sh')], { cwd: repo, stdio: 'pipe', timeout: 30 * 60_000 });
  execFileSync('bash', [join(__dirname, 'install.sh')], { cwd: repo, stdio: 'pipe', timeout: 30 * 60_000 });
  work = mkdtempSync(join(tmpdir(), 'roster-promtool-'));
  const objects = render('metrics.prometheusRule.enabled=true', 'metrics.dashboards.enabled=true');
  rule = objects.find((o) => o.kind === 'PrometheusRule')!;
  dashboardConfigMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')!;
  // promtool reads plain Prometheus rule files: the PrometheusRule's spec is one.
  if (rule) writeFileSync(join(work, 'rules.yaml'), stringify(rule.spec));
}, 30 * 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the chart with metrics.prometheusRule and metrics.dashboards enabled', () => {
  it('renders a PrometheusRule and the dashboard ConfigMap in the release namespace; neither by default', () => {
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', metadata: { name: 'roster', namespace: 'roster' } });
    expect(dashboardConfigMap).toMatchObject({ metadata: { name: 'roster-dashboards', namespace: 'roster' } });
    expect(Object.keys(dashboardConfigMap.data ?? {})).toEqual(['roster.json']);
    const defaults = render();
    expect(defaults.filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
    expect(defaults.filter((o) => o.metadata.labels?.grafana_dashboard !== undefined)).toEqual([]);
  });

  it('has the alerts of docs/operations.md §11 and the ones issue 19 adds', () => {
    const alerts = rule.spec!.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts.sort()).toEqual(
      [
        'RosterDistrictSyncStale',
        'RosterDistrictSyncStaleCritical',
        'RosterSyncRunHeld',
        'RosterSyncRunsFailing',
        'RosterCleverErrors',
        'RosterOutboxBacklogOld',
        'RosterOutboxPublishFailing',
        'RosterOutboxParked',
        'RosterDeadLetterGrowth',
        'RosterDeadLetterBurst',
        'RosterConsumerLag',
        'RosterConsumerLagCritical',
        'RosterSignInSecurityEvent',
        'RosterSignInStateMismatchBurst',
        'RosterForeignDistrictEvents',
        'RosterUpstreamContractViolation',
        'RosterHttpErrors',
        'RosterRelayDown',
        'RosterNotReady',
      ].sort(),
    );
    for (const r of rule.spec!.groups.flatMap((g) => g.rules)) {
      expect([r.alert, r.labels?.severity]).toEqual([r.alert, expect.stringMatching(/^(warning|critical)$/)]);
      expect([r.alert, r.annotations?.summary]).toEqual([r.alert, expect.any(String)]);
    }
  });

  it('selects the release namespace and release objects, and follows the thresholds and toggles', () => {
    const custom = render(
      'metrics.prometheusRule.enabled=true',
      'metrics.prometheusRule.kafkaExporter=false',
      'metrics.prometheusRule.kubeStateMetrics=false',
      'metrics.prometheusRule.thresholds.syncStaleHours=24',
      'kafka.topicPrefix=prod.',
      'fullnameOverride=eps',
    ).find((o) => o.kind === 'PrometheusRule')!;
    const rules = custom.spec!.groups.flatMap((g) => g.rules);
    const byName = (name: string) => rules.find((r) => r.alert === name);
    expect(byName('RosterConsumerLag')).toBeUndefined();
    expect(byName('RosterRelayDown')).toBeUndefined();
    expect(byName('RosterDistrictSyncStale')?.expr).toContain('> 24 * 3600');
    expect(byName('RosterDistrictSyncStale')?.expr).toContain('{namespace="roster"}');

    const lag = rule.spec!.groups.flatMap((g) => g.rules).find((r) => r.alert === 'RosterConsumerLag')!;
    const prefixed = render('metrics.prometheusRule.enabled=true', 'kafka.topicPrefix=prod.', 'fullnameOverride=eps')
      .find((o) => o.kind === 'PrometheusRule')!
      .spec!.groups.flatMap((g) => g.rules);
    expect(lag.expr).toContain('topic=~"(roster|identity|classes|assessment)\\\\..*"');
    expect(prefixed.find((r) => r.alert === 'RosterConsumerLag')!.expr).toContain('topic=~"prod\\\\.(roster|identity|classes|assessment)\\\\..*"');
    expect(prefixed.find((r) => r.alert === 'RosterRelayDown')!.expr).toContain('deployment=~"eps-.*-relay"');
  });

  it('passes promtool check rules (syntax, templates, no duplicate rules)', () => {
    const r = promtool(['check', 'rules', join(work, 'rules.yaml')]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/SUCCESS: 19 rules found/);
  });

  it('promtool check rules catches a broken rule (the check can fail)', () => {
    const broken = structuredClone(rule.spec!);
    broken.groups[0].rules[0].expr = 'sum by (namespace (roster_sync_last_success_timestamp_seconds)';
    broken.groups[1].rules[0].annotations = { summary: '{{ $labels.service ' };
    writeFileSync(join(work, 'broken.yaml'), stringify(broken));
    const r = promtool(['check', 'rules', join(work, 'broken.yaml')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('FAILED');
  });

  it('fires the alerts it should on example series (promtool test rules, alerts.test.yaml)', () => {
    copyFileSync(join(__dirname, 'alerts.test.yaml'), join(work, 'alerts.test.yaml'));
    const r = promtool(['test', 'rules', 'alerts.test.yaml'], work);
    expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});

describe('the Grafana dashboard', () => {
  let dashboard: { uid: string; title: string; panels: Panel[]; templating: { list: { name: string }[] } };
  let queries: string[];
  beforeAll(() => {
    dashboard = JSON.parse(dashboardConfigMap.data!['roster.json']);
    queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  });

  it('is the chart file dashboards/roster.json, with a data source and namespace variable', () => {
    expect(dashboardConfigMap.data!['roster.json']).toBe(readFileSync(join(chartDir, 'dashboards/roster.json'), 'utf8').trimEnd());
    expect(dashboard).toMatchObject({ uid: 'roster-overview', title: 'Roster' });
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'namespace', 'service']);
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    expect(graphs.length).toBeGreaterThanOrEqual(20);
    for (const p of graphs) expect([p.title, p.targets?.length]).toEqual([p.title, expect.any(Number)]);
  });

  it('has panel queries that parse (promtool checks them as recording rules)', () => {
    const groups = [{ name: 'dashboard', rules: queries.map((q, i) => ({ record: `roster:dashboard_panel_${i}`, expr: concreteQuery(q) })) }];
    writeFileSync(join(work, 'dashboard-queries.yaml'), stringify({ groups }));
    const r = promtool(['check', 'rules', join(work, 'dashboard-queries.yaml')]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('series the alerts and the dashboard read', () => {
  it('are metrics the code defines (or kafka-exporter, kube-state-metrics and Node process metrics)', () => {
    const defined = definedMetricNames();
    const dashboard = JSON.parse(dashboardConfigMap.data!['roster.json']) as { panels: Panel[] };
    const exprs = [
      ...rule.spec!.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ];
    const read = [...new Set(exprs.flatMap((e) => seriesNames(concreteQuery(e))))].sort();
    const external = /^(kafka_consumergroup_lag|kube_deployment_(spec_replicas|status_replicas_ready)|process_[a-z_]+|nodejs_[a-z0-9_]+|time)$/;
    const unknown = read.filter((s) => !external.test(s) && !defined.has(baseName(s)));
    expect(unknown).toEqual([]);
    expect(read).toEqual(expect.arrayContaining(['roster_sync_last_success_timestamp_seconds', 'roster_outbox_parked_messages', 'roster_gateway_security_events_total']));
  });

  it('the check above can fail: a misspelled metric is not defined', () => {
    const defined = definedMetricNames();
    expect(defined.has('roster_messages_dead_lettered_total')).toBe(true);
    expect(defined.has('roster_messages_deadlettered_total')).toBe(false);
    expect(seriesNames('sum by (group) (increase(roster_x_total{namespace="a", b=~"c"}[1h])) / on (group) roster_y')).toEqual(['roster_x_total', 'roster_y']);
  });
});
