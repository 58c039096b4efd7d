/**
 * The Helm chart's part of the district purge (deploy/helm/roster; docs/privacy.md): the one-off purge Job, its
 * NetworkPolicies, and a finite retention on every topic. Offline, with the helm and kubeconform binaries the
 * chart tests build into .tools/bin (tools/helm/install.sh).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const repo = resolve(__dirname, '../..');
const chartDir = join(repo, 'deploy/helm/roster');
const bin = join(repo, '.tools/bin');
const KUBE_VERSION = '1.33.0';
const SCHEMA_LOCATION = join(repo, 'deploy/k8s-schemas/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json');
const CRD_SCHEMA_LOCATION = join(repo, 'tools/helm/crd-schemas/{{.ResourceKind}}{{.KindSuffix}}.json');
const PRODUCTION = join(chartDir, 'ci/production-values.yaml');
const DISTRICT = '5f8d0c1b2a3e4f5061728394';

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: any };

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

function render(set: string[] = [], files: string[] = [PRODUCTION]): { yaml: string; objects: Obj[]; status: number | null; stderr: string } {
  const r = run(join(bin, 'helm'), ['template', 'roster', chartDir, '--namespace', 'roster', '--kube-version', KUBE_VERSION, ...files.flatMap((f) => ['-f', f]), ...set.flatMap((s) => ['--set', s])]);
  const objects = r.status === 0 ? parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null) : [];
  return { yaml: r.stdout, objects, status: r.status, stderr: r.stderr };
}

/** The release's name prefix (the chart's fullname), read from the default-deny policy every render has. */
const fullname = (objects: Obj[]) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-default-deny'))!.metadata.name.replace(/-default-deny$/, '');
const np = (objects: Obj[], name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${fullname(objects)}-${name}`);

const purgeJobs = (objects: Obj[]) => objects.filter((o) => o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'purge');

describe('chart: district purge Job', () => {
  it('renders no purge Job unless purge.district is set', () => {
    for (const files of [[], [PRODUCTION]]) expect(purgeJobs(render([], files).objects)).toEqual([]);
  });

  it('renders a valid one-off Job running district:purge with an operator token from the internal secret', () => {
    const { yaml, objects } = render([`purge.district=${DISTRICT}`, 'purge.certificates.existingClaim=purge-certificates']);
    const [job] = purgeJobs(objects);
    expect(job).toBeDefined();
    const pod = job.spec.template.spec;
    const [c] = pod.containers;
    expect(c.args).toEqual(['node', 'dist/tools/purge/main.js', '--district', DISTRICT, '--timeout', '900']);
    const env = Object.fromEntries((c.env as { name: string; value?: string; valueFrom?: any }[]).map((e) => [e.name, e]));
    expect(env.INGESTION_URL.value).toBe(`http://${fullname(objects)}-clever-ingestion:80`);
    expect(env.INTERNAL_AUTH_SECRET.value).toBeUndefined();
    expect(env.INTERNAL_AUTH_SECRET.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: 'INTERNAL_AUTH_SECRET' });
    expect(env.PURGE_CERTIFICATE_DIR.value).toBe('/certificates');
    expect(pod.volumes.find((v: { name: string }) => v.name === 'certificates')).toEqual({ name: 'certificates', persistentVolumeClaim: { claimName: 'purge-certificates' } });
    expect(job.spec.backoffLimit).toBe(0);
    // kubeconform -strict over everything rendered with the Job
    const k = run(join(bin, 'kubeconform'), ['-strict', '-summary', '-output', 'json', '-kubernetes-version', KUBE_VERSION, '-schema-location', SCHEMA_LOCATION, '-schema-location', CRD_SCHEMA_LOCATION], yaml);
    expect({ status: k.status, stderr: k.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(k.stdout).summary).toMatchObject({ invalid: 0, errors: 0, skipped: 0 });
  });

  it('--dry-run is another Job (another name); the same purge is the same name (Kubernetes refuses to run it twice)', () => {
    const name = (set: string[]) => purgeJobs(render(set).objects)[0].metadata.name;
    const real = name([`purge.district=${DISTRICT}`]);
    expect(name([`purge.district=${DISTRICT}`])).toBe(real);
    const dry = name([`purge.district=${DISTRICT}`, 'purge.dryRun=true']);
    expect(dry).not.toBe(real);
    expect(purgeJobs(render([`purge.district=${DISTRICT}`, 'purge.dryRun=true']).objects)[0].spec.template.spec.containers[0].args).toContain('--dry-run');
  });

  it('purge.purgeId resumes a purge that timed out: another Job, --purge-id, refused together with dryRun', () => {
    const purgeId = '0f1e2d3c-4b5a-4697-8876-a5b4c3d2e1f0';
    const [job] = purgeJobs(render([`purge.district=${DISTRICT}`, `purge.purgeId=${purgeId}`]).objects);
    expect(job.spec.template.spec.containers[0].args).toEqual(['node', 'dist/tools/purge/main.js', '--district', DISTRICT, '--timeout', '900', '--purge-id', purgeId]);
    expect(job.metadata.name).not.toBe(purgeJobs(render([`purge.district=${DISTRICT}`]).objects)[0].metadata.name);
    const both = render([`purge.district=${DISTRICT}`, `purge.purgeId=${purgeId}`, 'purge.dryRun=true']);
    expect(both.status).not.toBe(0);
    expect(both.stderr).toMatch(/purge\.purgeId/);
  });

  it('lets the Job reach clever-ingestion\'s API and Kafka only; clever-ingestion\'s API admits it only while it exists', () => {
    const withJob = render([`purge.district=${DISTRICT}`]).objects;
    const purge = np(withJob, 'purge')!;
    expect(purge.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = purge.spec.egress.flatMap((r: { ports: { port: number | string }[] }) => r.ports.map((p) => p.port));
    expect(ports).toContain('http');
    expect(ports).not.toContain(5432);
    expect(ports).not.toContain(443);
    const from = (objects: Obj[]) => np(objects, 'clever-ingestion-api')!.spec.ingress[0].from.map((f: any) => f.podSelector.matchLabels['app.kubernetes.io/component']);
    expect(from(withJob)).toEqual(['gateway', 'purge']);
    expect(from(render().objects)).toEqual(['gateway']);
  });

  it('refuses a district id that is not a Clever id', () => {
    const r = render(['purge.district=not a district']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/purge\.district|pattern/);
  });
});

describe('chart: topic retention', () => {
  it('the topic Job sets a finite retention.ms and segment.ms on every topic', () => {
    for (const files of [[], [PRODUCTION], [join(chartDir, 'ci/staging-values.yaml')]]) {
      const job = render([], files).objects.find((o) => o.kind === 'Job' && o.metadata.labels?.['app.kubernetes.io/component'] === 'topics')!;
      const env = Object.fromEntries((job.spec.template.spec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
      expect(Number(env.TOPIC_RETENTION_MS)).toBeGreaterThan(0);
      expect(Number(env.TOPIC_RETENTION_MS)).toBeLessThanOrEqual(31_536_000_000);
      expect(Number(env.TOPIC_SEGMENT_MS)).toBeGreaterThan(0);
    }
  });

  it.each([['-1'], ['0'], ['null']])('refuses kafka.topics.retentionMs=%s (topics that keep personal data forever)', (value) => {
    const r = render([`kafka.topics.retentionMs=${value}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/retentionMs/);
  });
});
