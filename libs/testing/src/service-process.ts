import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './free-port';
import { testBrokers } from './test-kafka';

/** The repository root (this file is libs/testing/src/service-process.ts). */
export const repositoryRoot = resolve(__dirname, '../../..');

const RUN_TS = 'tools/scripts/run-ts.cjs';
/** Output kept per process for failure messages (the tail, in characters). */
const OUTPUT_LIMIT = 200_000;

export interface ServiceProcessOptions {
  /** The app folder under apps/ (`identity`, `classes`, `clever-ingestion`). Its `src/main.ts` runs. */
  app: string;
  /** The service's database (a fresh test database, e.g. from createTestDatabase). */
  databaseUrl: string;
  /** Shared with the caller's tokens (INTERNAL_AUTH_SECRET). */
  internalAuthSecret: string;
  /** KAFKA_TOPIC_PREFIX: topics and consumer groups of this test only. */
  topicPrefix: string;
  /** Default: the test brokers (KAFKA_BROKERS or the test setup's broker). */
  kafkaBrokers?: string;
  /** The service's other variables (CLEVER_*, ...). */
  env?: Record<string, string>;
  /** Applies the service's migrations (`src/migrate.ts`) before starting it (default true). */
  migrate?: boolean;
  /** LOG_LEVEL of the process (default TEST_LOG_LEVEL, else `warn`). */
  logLevel?: string;
  /** How long to wait for /health/ready (default 180 s: the first start compiles the sources). */
  readyTimeoutMs?: number;
}

export interface ServiceProcess {
  readonly app: string;
  /** `http://127.0.0.1:<port>`: the service's HTTP API. */
  readonly url: string;
  /** `http://127.0.0.1:<MANAGEMENT_PORT>`: its /health/live, /health/ready and /metrics (the API port answers 404 for them). */
  readonly managementUrl: string;
  readonly pid: number;
  /** The tail of the process's stdout and stderr. */
  output(): string;
  /** SIGTERM (a graceful stop: consumers and relay drain), SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test process that dies abruptly must not leave services running: kill what is still ours. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // Jest's flags (--experimental-vm-modules) and its worker variables are not the service's.
  delete env.NODE_OPTIONS;
  delete env.JEST_WORKER_ID;
  return env;
}

function spawnTs(script: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [RUN_TS, script], { cwd: repositoryRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  installExitHook();
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child);
      r(code);
    }),
  );
  return { child, output: () => out, exited };
}

function scriptOf(app: string, file: string): string {
  const script = `apps/${app}/src/${file}`;
  if (!existsSync(resolve(repositoryRoot, script))) throw new Error(`no ${script} in ${repositoryRoot}`);
  return script;
}

/** Applies a service's migrations to a database, as the deployment's migration job does (`src/migrate.ts`). */
export async function migrateService(app: string, databaseUrl: string): Promise<void> {
  const run = spawnTs(scriptOf(app, 'migrate.ts'), { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const code = await run.exited;
  if (code !== 0) throw new Error(`${app} migrations failed (exit ${code}):\n${run.output()}`);
}

/**
 * Creates every topic of the contracts registry under `topicPrefix`, as the deployment's provisioning job
 * does (`tools/scripts/provision-topics.ts`, run as a process: libs/testing does not import the
 * messaging library that tests with it). Retried: a busy broker can answer a transient metadata error.
 */
export async function provisionTopicsProcess(topicPrefix: string, options: { partitions?: number; kafkaBrokers?: string; attempts?: number } = {}): Promise<void> {
  const env: Record<string, string> = { KAFKA_BROKERS: options.kafkaBrokers ?? testBrokers().join(','), KAFKA_TOPIC_PREFIX: topicPrefix };
  if (options.partitions) env.TOPIC_PARTITIONS = String(options.partitions);
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const run = spawnTs('tools/scripts/provision-topics.ts', env);
    const code = await run.exited;
    if (code === 0) return;
    if (attempt >= attempts) throw new Error(`topic provisioning failed (exit ${code}):\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 1_000 * attempt));
  }
}

/**
 * Starts a service as a REAL separate process from its sources (`node tools/scripts/run-ts.cjs
 * apps/<app>/src/main.ts`), as `npm run stack` and the deployment run it: its own database (migrations
 * applied first, by its `migrate.ts`), the test Kafka under a topic prefix, HTTP on a free loopback
 * port and a free management port. Resolves once `/health/ready` answers 200 on the management port; fails with the process output if it exits or is not ready in time.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  if (options.migrate !== false) await migrateService(options.app, options.databaseUrl);
  const [port, managementPort] = [await freePort(), await freePort()];
  const proc = spawnTs(scriptOf(options.app, 'main.ts'), {
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers ?? testBrokers().join(','),
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    INTERNAL_AUTH_SECRET: options.internalAuthSecret,
    HOST: '127.0.0.1',
    PORT: String(port),
    MANAGEMENT_PORT: String(managementPort),
    LOG_LEVEL: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'warn',
  });
  const url = `http://127.0.0.1:${port}`;
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const stop = async (timeoutMs = 30_000): Promise<number | null> => {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.child.exitCode;
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
    const code = await proc.exited;
    clearTimeout(timer);
    return code;
  };
  try {
    await waitForReady(`${managementUrl}/health/ready`, proc, options.readyTimeoutMs ?? 180_000, options.app);
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  return { app: options.app, url, managementUrl, pid: proc.child.pid!, output: proc.output, stop };
}

async function waitForReady(url: string, proc: Spawned, timeoutMs: number, app: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${app} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${app} not ready after ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
