/**
 * The Helm chart (deploy/helm/roster), checked offline:
 *  - helm and kubeconform are built from the Go module proxy into .tools/bin (tools/helm/install.sh, idempotent);
 *  - `helm lint --strict`;
 *  - `helm template` with the default values, ci/production-values.yaml and ci/staging-values.yaml, and every
 *    rendered manifest validated by `kubeconform -strict` against the Kubernetes schemas kept in the repository
 *    (deploy/k8s-schemas; no schema is fetched, none skipped);
 *  - the properties operators rely on, asserted on the rendered objects;
 *  - every values file in ci/rejected/ refused with the error its `# expect:` line names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const valuesSchema = require('./values-schema.js') as { render(): string; SCHEMA_FILE: string };

const repo = resolve(__dirname, '../..');
const chartDir = join(repo, 'deploy/helm/roster');
const bin = join(repo, '.tools/bin');
const helmBin = join(bin, 'helm');
const kubeconformBin = join(bin, 'kubeconform');
const KUBE_VERSION = '1.33.0';
const SCHEMA_LOCATION = join(
  repo,
  'deploy/k8s-schemas/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json',
);
/** Hand-written schemas of the prometheus-operator kinds the chart renders besides ServiceMonitor (PrometheusRule). */
const CRD_SCHEMA_LOCATION = join(__dirname, 'crd-schemas/{{.ResourceKind}}{{.KindSuffix}}.json');
const RELEASE = 'roster';

/** Names that carry credentials: they may only reach a container through secretKeyRef. */
const SECRET_ENV = [
  'DATABASE_URL',
  'CLEVER_CLIENT_ID',
  'CLEVER_CLIENT_SECRET',
  'INTERNAL_AUTH_SECRET',
  'SESSION_SECRET',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
];
const DATABASE_APPS = ['clever-ingestion', 'identity', 'classes'];

// ---------------------------------------------------------------------------------------------------------------
// Minimal shapes of the rendered objects (only what the assertions read)

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: unknown };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string; port: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  volumes?: { name: string; secret?: { secretName: string } }[];
  restartPolicy?: string;
}
interface Meta {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: any;
  data?: Record<string, string>;
}
interface Workload extends K8sObject {
  spec: { replicas?: number; template: { metadata: Meta; spec: PodSpec } };
}
interface NetworkPolicyRule {
  ports?: { port: number | string; protocol: string }[];
  to?: unknown[];
  from?: unknown[];
}

// ---------------------------------------------------------------------------------------------------------------
// Running the tools

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function helm(args: string[]): Run {
  return run(helmBin, args);
}

function template(valuesFiles: string[] = [], extra: string[] = []): Run {
  return helm([
    'template',
    RELEASE,
    chartDir,
    '--namespace',
    'roster',
    '--kube-version',
    KUBE_VERSION,
    ...valuesFiles.flatMap((f) => ['-f', f]),
    ...extra,
  ]);
}

function renderObjects(valuesFiles: string[] = []): { yaml: string; objects: K8sObject[] } {
  const r = template(valuesFiles);
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  const objects = parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return { yaml: r.stdout, objects };
}

interface KubeconformResult {
  resources: { kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

function kubeconform(yaml: string): { status: number | null; result: KubeconformResult; stderr: string } {
  const r = run(
    kubeconformBin,
    [
      '-strict',
      '-summary',
      '-verbose',
      '-output',
      'json',
      '-kubernetes-version',
      KUBE_VERSION,
      '-schema-location',
      SCHEMA_LOCATION,
      '-schema-location',
      CRD_SCHEMA_LOCATION,
      '-',
    ],
    yaml,
  );
  return { status: r.status, result: JSON.parse(r.stdout) as KubeconformResult, stderr: r.stderr };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers over rendered objects

const byKind = <T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind) as T[];

function podSpecs(objects: K8sObject[]): { owner: K8sObject; pod: PodSpec; podMeta: Meta }[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ owner: o, pod: (o as Workload).spec.template.spec, podMeta: (o as Workload).spec.template.metadata }));
}

function envOf(container: Container, name: string): EnvVar | undefined {
  return container.env?.find((e) => e.name === name);
}

/** The container's effective plain (non-secret) environment: its ConfigMap plus inline values. */
function plainEnv(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    Object.assign(env, cm?.data ?? {});
  }
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

function rolesOf(d: Workload): string[] {
  const value = envOf(d.spec.template.spec.containers[0], 'PROCESS_ROLES')?.value;
  return value ? value.split(',') : [];
}

function hpaFor(objects: K8sObject[], deployment: string): K8sObject | undefined {
  return byKind(objects, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === deployment);
}

function partitionsOf(objects: K8sObject[]): number {
  const job = byKind<Workload>(objects, 'Job').find((j) => j.metadata.name.endsWith('-topics'));
  if (!job) throw new Error('no topic Job rendered');
  return Number(envOf(job.spec.template.spec.containers[0], 'TOPIC_PARTITIONS')?.value);
}

function policy(objects: K8sObject[], suffix: string): K8sObject {
  const np = byKind(objects, 'NetworkPolicy').find((n) => n.metadata.name === `${RELEASE}-${suffix}`);
  if (!np) throw new Error(`no NetworkPolicy ${RELEASE}-${suffix}`);
  return np;
}

const egressPorts = (np: K8sObject): (number | string)[] =>
  ((np.spec.egress ?? []) as NetworkPolicyRule[]).flatMap((r) => (r.ports ?? []).map((p) => p.port));

// ---------------------------------------------------------------------------------------------------------------

beforeAll(() => {
  // First run on a machine builds both tools from the Go module proxy (a few minutes on 2 cores); later runs
  // find them in .tools/bin and return at once.
  execFileSync('bash', [join(__dirname, 'install.sh')], { cwd: repo, stdio: 'pipe', timeout: 20 * 60_000 });
}, 20 * 60_000);

describe('chart tooling', () => {
  it('has helm v3 and kubeconform installed in .tools/bin', () => {
    expect(helm(['version', '--template', '{{.Version}}']).stdout).toMatch(/^v3\.\d+\.\d+/);
    expect(run(kubeconformBin, ['-v']).stdout.trim()).toMatch(/^v0\.\d+\.\d+$/);
  });

  it('keeps values.schema.json in step with its source, tools/helm/values-schema.js', () => {
    expect(readFileSync(valuesSchema.SCHEMA_FILE, 'utf8')).toBe(valuesSchema.render());
  });

  it('validates offline and strictly: a manifest with a misspelled field is refused', () => {
    const broken = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: broken }',
      'spec:',
      '  selector: { matchLabels: { app: broken } }',
      '  template:',
      '    metadata: { labels: { app: broken } }',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: app:1',
      '          securityContext: { readOnlyRootFileSystem: true }',
    ].join('\n');
    const { status, result } = kubeconform(broken);
    expect(status).not.toBe(0);
    expect(result.summary.invalid).toBe(1);
    expect(result.resources[0].msg).toContain("additional properties 'readOnlyRootFileSystem' not allowed");
  });

  it('validates the PrometheusRule strictly too (tools/helm/crd-schemas): a misspelled rule field is refused', () => {
    const rule = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: r }',
      'spec:',
      '  groups:',
      '    - name: g',
      '      rules:',
      '        - { alert: A, expr: up == 0, fro: 5m }',
    ].join('\n');
    const { status, result } = kubeconform(rule);
    expect(status).not.toBe(0);
    expect(result.resources[0].msg).toContain("additional properties 'fro' not allowed");
    expect(kubeconform(rule.replace('fro:', 'for:')).status).toBe(0);
  });

  it('does not pass a kind it has no schema for (no silent skips)', () => {
    const { status, result } = kubeconform('apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n');
    expect(status).not.toBe(0);
    expect(result.summary.errors).toBe(1);
    expect(result.resources[0].msg).toContain('could not find schema for Secret');
  });
});

describe('helm lint --strict', () => {
  it.each([
    ['default values', []],
    ['production values', ['ci/production-values.yaml']],
    ['staging values', ['ci/staging-values.yaml']],
  ])('passes with %s', (_name, files) => {
    const r = helm([
      'lint',
      '--strict',
      '--kube-version',
      KUBE_VERSION,
      chartDir,
      ...files.flatMap((f) => ['-f', join(chartDir, f)]),
    ]);
    expect(r.stderr + r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(r.status).toBe(0);
  });
});

const renderCases: [string, string[]][] = [
  ['default values', []],
  ['production values', [join(chartDir, 'ci/production-values.yaml')]],
  ['staging values', [join(chartDir, 'ci/staging-values.yaml')]],
];

describe.each(renderCases)('rendered with %s', (_name, valuesFiles) => {
  let yaml: string;
  let objects: K8sObject[];
  beforeAll(() => {
    ({ yaml, objects } = renderObjects(valuesFiles));
  });

  it('passes kubeconform -strict against the vendored Kubernetes v1.33 schemas, every document', () => {
    const { status, result, stderr } = kubeconform(yaml);
    const failures = result.resources.filter((r) => r.status !== 'statusValid');
    expect({ failures, stderr }).toEqual({ failures: [], stderr: '' });
    expect(status).toBe(0);
    expect(result.summary).toEqual({ valid: objects.length, invalid: 0, errors: 0, skipped: 0 });
  });

  it('renders the services as Deployments with the image built for each app', () => {
    const deployments = byKind<Workload>(objects, 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(4);
    for (const d of deployments) {
      const app = d.metadata.labels?.['app.kubernetes.io/component'];
      const [c] = d.spec.template.spec.containers;
      expect(d.spec.template.spec.containers).toHaveLength(1);
      expect(c.image).toMatch(new RegExp(`/${app}:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[a-f0-9]{64})?$`));
      expect(c.image).not.toMatch(/:latest(@|$)/);
      expect(c.command).toBeUndefined(); // keeps the image's tini entrypoint as PID 1
      expect(c.args).toEqual(['node', `dist/apps/${app}/src/main.js`]);
      // the API port, and the management port (/health/*, /metrics: probes and Prometheus only); the sandbox has none
      expect(c.ports).toEqual([
        { name: 'http', containerPort: 3000, protocol: 'TCP' },
        ...(app === 'clever-sandbox' ? [] : [{ name: 'management', containerPort: 9000, protocol: 'TCP' }]),
      ]);
      // services bind all interfaces in a pod (their own default is loopback)
      expect(plainEnv(objects, c)).toMatchObject({ PORT: '3000', HOST: '0.0.0.0' });
    }
  });

  it('runs every pod non-root (uid/gid >= 10000), read-only, without privilege escalation or an API token', () => {
    const pods = podSpecs(objects);
    expect(pods.length).toBeGreaterThan(0);
    for (const { owner, pod } of pods) {
      const where = `${owner.kind}/${owner.metadata.name}`;
      expect({ where, runAsNonRoot: pod.securityContext.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
      // ids below 10000 may be accounts on the node (kube-score, checkov CKV_K8S_40); the image's user is 10001
      for (const id of ['runAsUser', 'runAsGroup', 'fsGroup']) {
        expect({ where, id, value: pod.securityContext[id] }).toEqual({ where, id, value: expect.any(Number) });
        expect(pod.securityContext[id]).toBeGreaterThanOrEqual(10000);
      }
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect({ where, ...c.securityContext }).toMatchObject({
          where,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: ['ALL'] },
        });
        // a read-only root filesystem still needs a writable /tmp
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        expect(c.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
        expect(c.securityContext.runAsGroup).toBeGreaterThanOrEqual(10000);
        // every container requests and is limited in cpu, memory and ephemeral storage
        const quantities = { cpu: expect.anything(), memory: expect.anything(), 'ephemeral-storage': expect.anything() };
        expect({ where, ...c.resources }).toEqual({ where, requests: quantities, limits: quantities });
      }
    }
  });

  it('gives every container distinct liveness and readiness probes, liveness the more patient', () => {
    type Probe = { httpGet?: unknown; tcpSocket?: unknown; periodSeconds: number; failureThreshold: number };
    const window = (p: Probe) => p.periodSeconds * p.failureThreshold;
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      const c = d.spec.template.spec.containers[0] as unknown as { livenessProbe: Probe; readinessProbe: Probe };
      const check = (p: Probe) => JSON.stringify(p.httpGet ?? p.tcpSocket);
      expect({ where: d.metadata.name, same: check(c.livenessProbe) === check(c.readinessProbe) }).toEqual({
        where: d.metadata.name,
        same: false,
      });
      expect(window(c.livenessProbe)).toBeGreaterThan(window(c.readinessProbe));
    }
  });

  it('probes liveness on /health/live and readiness on /health/ready', () => {
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      if (d.metadata.labels?.['app.kubernetes.io/component'] === 'clever-sandbox') continue; // no /health, see below
      const [c] = d.spec.template.spec.containers;
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'management' });
      expect(c.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'management' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'management' });
    }
  });

  it('takes every credential from a Secret and renders no Secret and no credential inline', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    for (const cm of byKind(objects, 'ConfigMap')) {
      for (const name of SECRET_ENV) expect(Object.keys(cm.data ?? {})).not.toContain(name);
    }
    for (const { owner, pod } of podSpecs(objects)) {
      for (const c of pod.containers) {
        for (const e of c.env ?? []) {
          if (SECRET_ENV.includes(e.name)) {
            expect({ where: owner.metadata.name, env: e.name, value: e.value }).toEqual({
              where: owner.metadata.name,
              env: e.name,
              value: undefined,
            });
            expect(e.valueFrom?.secretKeyRef?.name).toEqual(expect.any(String));
          }
        }
      }
    }
    expect(yaml).not.toMatch(/:\/\/[^/\s:@]+:[^/\s@]*@/); // no user:password@ URL anywhere
  });

  it('gives each service exactly the credentials it needs, from its own existingSecret', () => {
    const expected: Record<string, string[]> = {
      'clever-ingestion': ['DATABASE_URL', 'CLEVER_CLIENT_ID', 'CLEVER_CLIENT_SECRET', 'INTERNAL_AUTH_SECRET'],
      identity: ['DATABASE_URL', 'INTERNAL_AUTH_SECRET'],
      classes: ['DATABASE_URL', 'INTERNAL_AUTH_SECRET'],
      gateway: ['INTERNAL_AUTH_SECRET', 'SESSION_SECRET', 'CLEVER_CLIENT_ID', 'CLEVER_CLIENT_SECRET'],
    };
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      const app = d.metadata.labels?.['app.kubernetes.io/component'] as string;
      if (!(app in expected)) continue;
      const [c] = d.spec.template.spec.containers;
      const fromSecrets = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef && !e.name.startsWith('KAFKA_SASL_'));
      expect(fromSecrets.map((e) => e.name).sort()).toEqual([...expected[app]].sort());
      expect(new Set(fromSecrets.map((e) => e.valueFrom?.secretKeyRef?.name)).size).toBe(1);
    }
  });

  it('sets AUTH_MODE=clever for every service and never dev', () => {
    // The services' environment ConfigMaps (production values also render the Grafana dashboard's).
    const configMaps = byKind(objects, 'ConfigMap').filter((cm) => cm.metadata.name !== `${RELEASE}-dashboards`);
    expect(configMaps.length).toBeGreaterThanOrEqual(4);
    for (const cm of configMaps) expect(cm.data?.AUTH_MODE).toBe('clever');
    expect(yaml).not.toMatch(/AUTH_MODE\W+dev/);
  });

  it('never runs more consumers than partitions, HPA maximum included', () => {
    const partitions = partitionsOf(objects);
    expect(partitions).toBeGreaterThan(0);
    const consumers = byKind<Workload>(objects, 'Deployment').filter((d) => rolesOf(d).includes('consumer'));
    expect(consumers.map((d) => d.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual(
      [...DATABASE_APPS].sort(),
    );
    for (const d of consumers) {
      const hpa = hpaFor(objects, d.metadata.name);
      if (hpa) {
        expect(d.spec.replicas).toBeUndefined(); // the HPA owns the count
        expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(partitions);
      } else {
        expect(d.spec.replicas).toBeLessThanOrEqual(partitions);
      }
    }
  });

  it('runs each relay as one replica (or one standby), never autoscaled, with a PodDisruptionBudget', () => {
    for (const d of byKind<Workload>(objects, 'Deployment').filter((x) => rolesOf(x).includes('relay'))) {
      if (rolesOf(d).length > 1) continue; // relay role inside the api pods (staging)
      expect(d.spec.replicas).toBeGreaterThanOrEqual(1);
      expect(d.spec.replicas).toBeLessThanOrEqual(2);
      expect(hpaFor(objects, d.metadata.name)).toBeUndefined();
      const pdb = byKind(objects, 'PodDisruptionBudget').find((p) => p.metadata.name === d.metadata.name);
      expect(pdb?.spec.selector.matchLabels).toMatchObject({ 'roster.io/workload': 'relay' });
    }
  });

  it('selects each Deployment exactly with its PodDisruptionBudget, HPA and Service', () => {
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      const selector = (d.spec as unknown as { selector: { matchLabels: Record<string, string> } }).selector
        .matchLabels;
      expect(d.spec.template.metadata.labels).toMatchObject(selector);
      const pdb = byKind(objects, 'PodDisruptionBudget').find((p) => p.metadata.name === d.metadata.name);
      if (pdb) expect(pdb.spec.selector.matchLabels).toEqual(selector);
      const svc = byKind(objects, 'Service').find((s) => s.metadata.name === d.metadata.name);
      if (svc) expect(svc.spec.selector).toEqual(selector);
    }
  });

  it('migrates each database in a pre-install/pre-upgrade hook Job, after the topics are provisioned', () => {
    const jobs = byKind<Workload>(objects, 'Job');
    const migrations = jobs.filter((j) => j.metadata.labels?.['roster.io/workload'] === 'migrate');
    expect(migrations.map((j) => j.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual(
      [...DATABASE_APPS].sort(),
    );
    const topics = jobs.find((j) => j.metadata.name === `${RELEASE}-topics`) as Workload;
    expect(topics).toBeDefined();
    for (const job of [...migrations, topics]) {
      expect(job.metadata.annotations).toMatchObject({
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      });
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      // hooks run before the release's ConfigMaps exist: their environment is inline
      expect(job.spec.template.spec.containers[0].envFrom).toBeUndefined();
    }
    for (const m of migrations) {
      const app = m.metadata.labels?.['app.kubernetes.io/component'];
      const [c] = m.spec.template.spec.containers;
      expect(c.args).toEqual(['node', `dist/apps/${app}/src/migrate.js`]);
      expect(c.image).toMatch(new RegExp(`/${app}:`));
      const secretEnv = (c.env ?? []).filter((e) => e.valueFrom);
      expect(secretEnv.map((e) => e.name)).toEqual(['DATABASE_URL']);
      expect(Number(m.metadata.annotations?.['helm.sh/hook-weight'])).toBeGreaterThan(
        Number(topics.metadata.annotations?.['helm.sh/hook-weight']),
      );
    }
    const [t] = topics.spec.template.spec.containers;
    expect(t.args).toEqual(['node', 'dist/tools/scripts/provision-topics.js']);
    expect(envOf(t, 'KAFKA_BROKERS')?.value).toMatch(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/);
    expect(Number(envOf(t, 'TOPIC_REPLICATION_FACTOR')?.value)).toBeGreaterThan(0);
  });

  it('denies all traffic by default and opens only what each service needs', () => {
    const deny = policy(objects, 'default-deny');
    expect(deny.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'roster', 'app.kubernetes.io/instance': RELEASE } },
      policyTypes: ['Ingress', 'Egress'],
    });
    const ingestion = policy(objects, 'clever-ingestion');
    const identity = policy(objects, 'identity');
    const classes = policy(objects, 'classes');
    const gateway = policy(objects, 'gateway');
    // Clever (HTTPS) for ingestion; never for identity or classes
    expect(egressPorts(ingestion)).toContain(443);
    expect(egressPorts(identity)).not.toContain(443);
    expect(egressPorts(classes)).not.toContain(443);
    // PostgreSQL and Kafka for the services that own a database; the gateway has neither
    for (const np of [ingestion, identity, classes]) {
      expect(egressPorts(np)).toEqual(expect.arrayContaining([5432]));
      expect(egressPorts(np).some((p) => p === 9092 || p === 9093 || p === 9096)).toBe(true);
    }
    expect(egressPorts(gateway)).not.toContain(5432);
    expect(egressPorts(gateway).some((p) => p === 9092 || p === 9093 || p === 9096)).toBe(false);
    // only the gateway is reachable from the ingress controller; the services only from the gateway, and identity
    // from classes too (classes re-reads identity's state after a dead letter: ADR 0008)
    const gatewayApi = policy(objects, 'gateway-api');
    expect(gatewayApi.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'ingress-nginx',
    });
    const fromClasses = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'roster', 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/component': 'classes' } } };
    for (const app of ['identity', 'classes', 'clever-ingestion']) {
      const api = policy(objects, `${app}-api`);
      expect(api.spec.ingress).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: {
                  'app.kubernetes.io/name': 'roster',
                  'app.kubernetes.io/instance': RELEASE,
                  'app.kubernetes.io/component': 'gateway',
                  'roster.io/workload': 'api',
                },
              },
            },
            ...(app === 'identity' ? [fromClasses] : []),
          ],
          // the API, and the management port for the gateway's readiness check of the service
          ports: [
            { port: 'http', protocol: 'TCP' },
            { port: 'management', protocol: 'TCP' },
          ],
        },
      ]);
    }
    // classes may call identity's API; nothing else of the services calls another service
    const egressTo = (np: typeof classes) => (np.spec.egress ?? []).flatMap((r: { to?: { podSelector?: { matchLabels?: Record<string, string> } }[] }) => (r.to ?? []).map((t) => t.podSelector?.matchLabels?.['app.kubernetes.io/component']).filter(Boolean));
    expect(egressTo(classes)).toEqual(['identity']);
    expect(egressTo(identity)).toEqual([]);
    // the topic Job reaches Kafka only
    const topics = policy(objects, 'topics');
    expect(topics.spec.policyTypes).toEqual(['Egress']);
    expect(egressPorts(topics)).not.toContain(5432);
    expect(egressPorts(topics)).not.toContain(443);
  });
});

describe('production values', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    ({ objects } = renderObjects([join(chartDir, 'ci/production-values.yaml')]));
  });

  it('pins images by digest and autoscales consumers up to the 12 partitions', () => {
    const prod = parseYaml(readFileSync(join(chartDir, 'ci/production-values.yaml'), 'utf8'));
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      expect(d.spec.template.spec.containers[0].image).toMatch(
        new RegExp(`^registry\\.example\\.com/roster/[a-z-]+:1\\.4\\.2@${prod.image.digest}$`),
      );
    }
    expect(partitionsOf(objects)).toBe(12);
    const identityConsumer = hpaFor(objects, `${RELEASE}-identity-consumer`);
    expect(identityConsumer?.spec.maxReplicas).toBe(12);
  });

  it('runs every relay with an idle standby (2 replicas behind the advisory lock)', () => {
    const relays = byKind<Workload>(objects, 'Deployment').filter((d) => rolesOf(d).join() === 'relay');
    expect(relays.map((d) => [d.metadata.name, d.spec.replicas])).toEqual(
      DATABASE_APPS.map((app) => [`${RELEASE}-${app}-relay`, 2]),
    );
  });

  it('connects to Kafka over TLS with SCRAM, each service with its own Kafka user', () => {
    for (const d of byKind<Workload>(objects, 'Deployment')) {
      const [c] = d.spec.template.spec.containers;
      const app = d.metadata.labels?.['app.kubernetes.io/component'];
      const env = plainEnv(objects, c);
      if (app === 'gateway') {
        expect(env.KAFKA_BROKERS).toBeUndefined();
        continue;
      }
      expect(env).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/roster/kafka-ca/ca.crt');
      expect(envOf(c, 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({
        name: `roster-kafka-${app}`,
        key: 'KAFKA_SASL_PASSWORD',
      });
      expect(d.spec.template.spec.volumes).toContainEqual(
        expect.objectContaining({ name: 'kafka-ca', secret: expect.objectContaining({ secretName: 'roster-kafka-ca' }) }),
      );
    }
  });

  it('exposes only the gateway through the Ingress, with TLS', () => {
    const [ingress] = byKind(objects, 'Ingress');
    expect(byKind(objects, 'Ingress')).toHaveLength(1);
    expect(ingress.spec.tls).toEqual([{ hosts: ['roster.eps-connect.example.org'], secretName: 'roster-eps-connect-tls' }]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: `${RELEASE}-gateway`,
      port: { name: 'http' },
    });
    const gateway = byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-gateway`);
    expect(plainEnv(objects, gateway!.spec.template.spec.containers[0])).toMatchObject({
      PUBLIC_BASE_URL: 'https://roster.eps-connect.example.org',
      IDENTITY_URL: `http://${RELEASE}-identity:80`,
      CLASSES_URL: `http://${RELEASE}-classes:80`,
      INGESTION_URL: `http://${RELEASE}-clever-ingestion:80`,
    });
  });

  it('passes the tracing endpoint to every service, identity to classes, and the token grace to ingestion', () => {
    const env = (name: string) => plainEnv(objects, byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-${name}`)!.spec.template.spec.containers[0]);
    for (const [deployment, service] of [['gateway', 'gateway'], ['identity', 'identity'], ['classes-consumer', 'classes'], ['clever-ingestion-relay', 'clever-ingestion']]) {
      expect(env(deployment)).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318', OTEL_SERVICE_NAME: service });
    }
    expect(env('classes-consumer')).toMatchObject({ IDENTITY_URL: `http://${RELEASE}-identity:80` });
    expect(env('clever-ingestion-consumer')).toMatchObject({ CLEVER_TOKEN_MISSING_GRACE_MS: '3600000' });
    // with NetworkPolicies on, every service may reach the collector (else every span would be dropped)
    for (const app of ['gateway', 'identity', 'classes', 'clever-ingestion']) {
      const np = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${RELEASE}-${app}`) as { spec: { egress?: { ports?: { port: number }[] }[] } } | undefined;
      expect({ app, otlp: (np?.spec.egress ?? []).some((r) => (r.ports ?? []).some((p) => p.port === 4318)) }).toEqual({ app, otlp: true });
    }
  });

  it('scrapes /metrics of every workload through the ServiceMonitor', () => {
    const [sm] = byKind(objects, 'ServiceMonitor');
    expect(sm.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'management', path: '/metrics' })]);
    const services = byKind(objects, 'Service');
    const names = services.map((s) => s.metadata.name);
    for (const d of byKind(objects, 'Deployment')) expect(names).toContain(`${d.metadata.name}-mgmt`);
    // Only the -mgmt Services carry the management port and the metrics label; the API Services expose http only.
    for (const svc of services) {
      const ports = (svc.spec.ports as { name: string }[]).map((p) => p.name);
      if (svc.metadata.name.endsWith('-mgmt')) {
        expect(ports).toEqual(['management']);
        expect(svc.metadata.labels?.['roster.io/metrics']).toBe('true');
      } else {
        expect(ports).toEqual(['http']);
        expect(svc.metadata.labels?.['roster.io/metrics']).toBeUndefined();
      }
    }
  });

  it('ships the alerts and the dashboard to kube-prometheus-stack (PrometheusRule, sidecar ConfigMap)', () => {
    const rules = byKind(objects, 'PrometheusRule');
    expect(rules.map((r) => [r.metadata.name, r.metadata.labels?.release])).toEqual([[RELEASE, 'kube-prometheus-stack']]);
    const dashboards = byKind(objects, 'ConfigMap').find((c) => c.metadata.name === `${RELEASE}-dashboards`);
    expect(dashboards?.metadata.labels?.grafana_dashboard).toBe('1');
    expect(dashboards?.metadata.annotations?.grafana_folder).toBe('Roster');
  });

  it('keeps the management port off the public path: the Ingress and the gateway Service reach http only', () => {
    const gatewayService = byKind(objects, 'Service').find((s) => s.metadata.name === `${RELEASE}-gateway`);
    expect((gatewayService!.spec.ports as { name: string; port: number }[]).map((p) => p.name)).toEqual(['http']);
    const gatewayApi = policy(objects, 'gateway-api');
    for (const rule of gatewayApi.spec.ingress) expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    const gateway = byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-gateway`);
    expect(plainEnv(objects, gateway!.spec.template.spec.containers[0])).toMatchObject({
      IDENTITY_MANAGEMENT_URL: `http://${RELEASE}-identity-mgmt:9000`,
      CLASSES_MANAGEMENT_URL: `http://${RELEASE}-classes-mgmt:9000`,
      INGESTION_MANAGEMENT_URL: `http://${RELEASE}-clever-ingestion-mgmt:9000`,
    });
  });

  it('restricts Kafka and PostgreSQL egress to their networks', () => {
    const identity = policy(objects, 'identity');
    expect(identity.spec.egress).toEqual(
      expect.arrayContaining([
        { ports: [{ port: 5432, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.40.32.0/24' } }] },
        { ports: [{ port: 9096, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.40.16.0/20' } }] },
      ]),
    );
  });
});

describe('staging values', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    ({ objects } = renderObjects([join(chartDir, 'ci/staging-values.yaml')]));
  });

  it('probes the sandbox (which has no /health endpoints): liveness over TCP, readiness over HTTP; on all interfaces', () => {
    const sandbox = byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-clever-sandbox`);
    type TcpOrHttp = { tcpSocket?: unknown; httpGet?: unknown };
    const [c] = sandbox!.spec.template.spec.containers as (Container & {
      livenessProbe: TcpOrHttp;
      startupProbe: TcpOrHttp;
      readinessProbe: TcpOrHttp;
    })[];
    expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 'http' } });
    expect(c.startupProbe).toMatchObject({ tcpSocket: { port: 'http' } });
    // a cheap admin read: answered by the HTTP handler, not logged, never faulted
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/__sandbox/clock', port: 'http' } });
    expect(c.readinessProbe.tcpSocket).toBeUndefined();
    expect(plainEnv(objects, c)).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', SANDBOX_DISTRICTS: '2' });
    expect(c.envFrom).toContainEqual({ secretRef: { name: 'roster-clever-sandbox' } });
    const service = byKind(objects, 'Service').find((s) => s.metadata.name === `${RELEASE}-clever-sandbox`);
    expect(service?.metadata.labels?.['roster.io/metrics']).toBeUndefined();
  });

  it('points clever-ingestion at the sandbox, and lets only ingestion reach it', () => {
    const ingestion = byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-clever-ingestion`);
    const env = plainEnv(objects, ingestion!.spec.template.spec.containers[0]);
    expect(env.CLEVER_API_BASE_URL).toBe(`http://${RELEASE}-clever-sandbox:80`);
    expect(env.CLEVER_OAUTH_BASE_URL).toBe(`http://${RELEASE}-clever-sandbox:80`);
    const sandboxApi = policy(objects, 'clever-sandbox-api');
    expect(sandboxApi.spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/component']).toBe(
      'clever-ingestion',
    );
  });

  it('runs the consumer and relay roles inside the api pods when their workloads are off', () => {
    const ingestion = byKind<Workload>(objects, 'Deployment').find((d) => d.metadata.name === `${RELEASE}-clever-ingestion`);
    expect(rolesOf(ingestion!)).toEqual(['api', 'consumer', 'relay']);
    expect(objects.find((o) => o.metadata.name === `${RELEASE}-clever-ingestion-relay`)).toBeUndefined();
    expect(hpaFor(objects, `${RELEASE}-clever-ingestion`)?.spec.maxReplicas).toBeLessThanOrEqual(3);
  });
});

describe('the sandbox is off by default', () => {
  it('renders no clever-sandbox object with the default values', () => {
    const { objects } = renderObjects();
    expect(objects.filter((o) => o.metadata.name.includes('sandbox'))).toEqual([]);
  });
});

describe('values files that are refused', () => {
  const dir = join(chartDir, 'ci/rejected');
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const expectLine = /^# expect: (.+)$/m.exec(text)?.[1];
      const flags = /^# flags: (.+)$/m.exec(text)?.[1]?.split(/\s+/) ?? [];
      return { file, expectLine, flags };
    });

  it('has a case for each rule it claims (and every case names its expected error)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const c of cases) expect({ file: c.file, expectLine: c.expectLine }).toEqual({ file: c.file, expectLine: expect.any(String) });
  });

  it.each(cases)('$file', ({ file, expectLine, flags }) => {
    const r = template([join(dir, file)], flags);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expectLine as string);
    expect(r.status).not.toBe(0);
  });

  it('refuses the same values at `helm lint` too', () => {
    const r = helm(['lint', '--strict', '--kube-version', KUBE_VERSION, chartDir, '-f', join(dir, 'auth-mode-dev.yaml')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("at '/auth/mode': value must be 'clever'");
  });

  it('draws the partition bound exactly at the partition count (the rule is not over-broad)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'roster-chart-'));
    try {
      const at = (replicas: number) => {
        const f = join(tmp, `r${replicas}.yaml`);
        writeFileSync(f, `kafka:\n  topics:\n    partitions: 6\nidentity:\n  consumer:\n    replicas: ${replicas}\n`);
        return template([f]);
      };
      expect(at(6).status).toBe(0);
      expect(at(7).stderr).toContain("at '/identity/consumer/replicas': maximum: got 7, want 6");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
