/**
 * The whole product from docker/compose.yaml and the built images (issue 20): on the project's Docker engine, with
 * the host-network override (docker/compose.host.yaml: this engine has no bridge) and the dev-login override, brings
 * it up with Docker Compose v2 (tools/docker/compose.sh builds it from the Go module proxy), signs in through the dev
 * login, syncs the sandbox district, and tears everything down (containers and volumes).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildAppImages, docker, ensureDockerEngine, freePort, freePortPair, localInfraImages, repositoryRoot, uniqueSuffix } from '@roster/testing';

const run = promisify(execFile);
const PORT_VARS = [
  'ROSTER_KAFKA_PORT', 'ROSTER_POSTGRES_PORT', 'ROSTER_SANDBOX_PORT', 'ROSTER_GATEWAY_PORT', 'ROSTER_GATEWAY_MANAGEMENT_PORT',
  'ROSTER_INGESTION_PORT', 'ROSTER_INGESTION_MANAGEMENT_PORT', 'ROSTER_IDENTITY_PORT', 'ROSTER_IDENTITY_MANAGEMENT_PORT',
  'ROSTER_CLASSES_PORT', 'ROSTER_CLASSES_MANAGEMENT_PORT',
] as const;

describe('docker compose: the whole product from the built images', () => {
  const project = `roster-e2e-${uniqueSuffix().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const files = ['compose.yaml', 'compose.host.yaml', 'compose.dev-login.yaml'].flatMap((f) => ['-f', join(repositoryRoot, 'docker', f)]);
  const env: NodeJS.ProcessEnv = {};
  let up = false;

  const compose = async (args: string[], timeoutMs = 600_000): Promise<string> => {
    try {
      const { stdout, stderr } = await run('bash', [join(repositoryRoot, 'tools/docker/compose.sh'), '-p', project, ...files, ...args], {
        env: { ...process.env, ...env },
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`docker compose ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}` || e.message);
    }
  };

  beforeAll(async () => {
    await ensureDockerEngine();
    // Compose v2 itself is built once from the Go module proxy (a few minutes cold), the images from BuildKit's cache.
    await Promise.all([buildAppImages(), localInfraImages(), run('bash', [join(repositoryRoot, 'tools/docker/compose.sh'), '--path'], { timeout: 30 * 60_000 })]);
    // The Kafka controller takes the broker's port + 1.
    for (const name of PORT_VARS) env[name] = String(await freePort());
    env.ROSTER_KAFKA_PORT = String(await freePortPair());
    env.INTERNAL_AUTH_SECRET = randomBytes(32).toString('hex');
    env.SESSION_SECRET = randomBytes(32).toString('hex');
  }, 60 * 60_000);

  afterAll(async () => {
    if (!up) return;
    await compose(['down', '--volumes', '--timeout', '45'], 300_000);
    const left = await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
    expect(left.trim()).toBe('');
  }, 360_000);

  it('refuses to start without the operator\'s secrets (no default secrets in compose.yaml)', async () => {
    const refused = await run('bash', [join(repositoryRoot, 'tools/docker/compose.sh'), '-p', project, ...files, 'config', '--quiet'], {
      env: { ...process.env, INTERNAL_AUTH_SECRET: '', SESSION_SECRET: '' },
    }).then(
      () => 'accepted',
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(refused).toContain('INTERNAL_AUTH_SECRET');
  });

  it('comes up, lets the dev login sign in, and syncs the sandbox district', async () => {
    up = true;
    // depends_on makes `up` wait for the topic and migration containers and for the services' health checks.
    await compose(['up', '-d', '--no-build', '--quiet-pull'], 15 * 60_000).catch(async (e: Error) => {
      throw new Error(`${e.message}\n--- logs ---\n${await compose(['logs', '--no-color', '--tail', '30']).catch((l: Error) => l.message)}`);
    });
    const api = `http://127.0.0.1:${env.ROSTER_GATEWAY_PORT}/api/v1`;
    await until(async () => (await fetch(`http://127.0.0.1:${env.ROSTER_GATEWAY_MANAGEMENT_PORT}/health/ready`)).status === 200, 180_000, 'gateway ready');

    // The ingestion service discovers the sandbox district and runs its first sync: the dev login lists its people.
    let users: { accountId: string; roles: string[] }[] = [];
    await until(
      async () => {
        const res = await fetch(`${api}/auth/dev-users`);
        users = res.status === 200 ? ((await res.json()) as { data: typeof users }).data : [];
        return users.some((u) => u.roles.includes('district_admin'));
      },
      300_000,
      'a district admin to sign in as (the first sync)',
    );
    const admin = users.find((u) => u.roles.includes('district_admin'))!;
    const login = await fetch(`${api}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: admin.accountId }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const me = (await (await fetch(`${api}/me`, { headers: auth })).json()) as { id: string; district: { id: string } };
    expect(me.id).toBe(admin.accountId);

    const started = await fetch(`${api}/districts/${me.district.id}/sync`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    let status = '';
    await until(
      async () => {
        const body = (await (await fetch(`${api}/districts/${me.district.id}/sync`, { headers: auth })).json()) as {
          runs: { id: string; status: string }[];
        };
        status = body.runs.find((r) => r.id === runId)?.status ?? '';
        return status !== '' && status !== 'running';
      },
      300_000,
      `sync run ${runId} to finish`,
    );
    expect(status).toBe('completed');
    const accounts = (await (await fetch(`${api}/accounts?status=active&limit=5`, { headers: auth })).json()) as { data: unknown[] };
    expect(accounts.data.length).toBeGreaterThan(0);
  }, 30 * 60_000);

  it('runs every app container as the chart does: read-only root, no capabilities, no new privileges, uid 10001', async () => {
    expect(up).toBe(true);
    const ids = (await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).trim().split('\n').filter(Boolean);
    const apps: { name: string; user: string; readOnly: boolean; capDrop: string[]; securityOpt: string[] }[] = [];
    for (const id of ids) {
      const c = JSON.parse(await docker(['inspect', '--format', '{{json .}}', id])) as {
        Name: string;
        Config: { Image: string; User: string };
        HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[] | null; SecurityOpt: string[] | null };
      };
      if (!c.Config.Image.startsWith('roster/')) continue;
      apps.push({
        name: c.Name,
        user: c.Config.User,
        readOnly: c.HostConfig.ReadonlyRootfs,
        capDrop: c.HostConfig.CapDrop ?? [],
        securityOpt: c.HostConfig.SecurityOpt ?? [],
      });
    }
    // The five long-running apps (the one-shot topic and migration containers have exited).
    expect(apps).toHaveLength(5);
    for (const a of apps) {
      expect(a).toEqual({ name: a.name, user: '10001:10001', readOnly: true, capDrop: ['ALL'], securityOpt: ['no-new-privileges:true'] });
    }
  });
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
