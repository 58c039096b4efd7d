import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');
const scripts = join(repoRoot, 'tools/docker');

export interface DockerEngine {
  /** unix://… of the engine (also put in process.env.DOCKER_HOST, which the docker CLI and testcontainers read). */
  host: string;
  /** The docker CLI that belongs to it (docker.io's, with BuildKit built in). */
  cli: string;
}

function stateDir(): string {
  return process.env.ROSTER_DOCKER_STATE ?? join(repoRoot, '.data/docker');
}

function parse(stdout: string, key: string): string | undefined {
  return stdout
    .split('\n')
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1)
    .trim();
}

async function script(name: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(scripts, name), ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`tools/docker/${name} failed:\n${(e.stderr ?? '').trim() || e.message}`);
  }
}

let engine: Promise<DockerEngine> | undefined;

/**
 * The project's Docker engine (tools/docker/engine-up.sh: Debian's docker.io, its own data root and socket, no
 * bridge, no iptables), or the one DOCKER_HOST names. Started once per process; parallel callers in other workers
 * wait on the script's lock and reuse it. The test run's global teardown stops an engine the run started.
 * Rejects with engine-up.sh's one message saying how to provide an engine when none can be started.
 */
export function ensureDockerEngine(): Promise<DockerEngine> {
  engine ??= script('engine-up.sh').then((stdout) => {
    const host = parse(stdout, 'DOCKER_HOST');
    const cli = parse(stdout, 'DOCKER_CLI');
    if (!host || !cli) throw new Error(`tools/docker/engine-up.sh did not report DOCKER_HOST:\n${stdout}`);
    process.env.DOCKER_HOST = host;
    process.env.DOCKER_CLI = cli;
    return { host, cli };
  });
  return engine;
}

/**
 * The project's engine, set up for the testcontainers library: no reaper (its image cannot be pulled here, and the
 * containers are stopped by the test teardown), and the containers' host is this machine's loopback, since they run
 * on the host network. Without the override, testcontainers inside a container (/.dockerenv) looks the host up on the
 * engine's `bridge` network, which this engine does not have.
 */
export async function ensureTestcontainersEngine(): Promise<DockerEngine> {
  const engine = await ensureDockerEngine();
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  return engine;
}

/** PID of the engine engine-up.sh started, if it is running (an engine named by the user's DOCKER_HOST is not ours). */
export function projectEnginePid(): number | undefined {
  const pidfile = join(stateDir(), 'dockerd.pid');
  if (!existsSync(pidfile)) return undefined;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * The token engine-up.sh recorded when it started the running engine (ROSTER_ENGINE_OWNER of its caller; empty
 * when started by hand), so that a test run stops only an engine it started itself, never one started by hand or by
 * another run on the same checkout.
 */
export function projectEngineOwner(): string | undefined {
  if (projectEnginePid() === undefined) return undefined;
  try {
    return readFileSync(join(stateDir(), 'owner'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Stops the project's engine (tools/docker/engine-down.sh: SIGTERM to its PID). Its images and caches stay. */
export async function stopProjectEngine(): Promise<void> {
  await script('engine-down.sh');
}

/** The local PostgreSQL and Kafka images (tools/docker/base-images.sh), built when missing or changed. */
export async function localInfraImages(): Promise<{ postgres: string; kafka: string }> {
  const stdout = await script('base-images.sh', ['postgres', 'kafka']);
  const postgres = parse(stdout, 'POSTGRES_IMAGE');
  const kafka = parse(stdout, 'KAFKA_IMAGE');
  if (!postgres || !kafka) throw new Error(`tools/docker/base-images.sh did not report its images:\n${stdout}`);
  return { postgres, kafka };
}

export interface BuiltImage {
  image: string;
  seconds: number;
  bytes: number;
}

/** Builds the apps' images (tools/docker/build-images.sh; BuildKit's cache makes an unchanged tree quick). */
export async function buildAppImages(apps: string[] = []): Promise<BuiltImage[]> {
  const stdout = await script('build-images.sh', apps);
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('IMAGE '))
    .map((l) => {
      const [, image, seconds, bytes] = l.split(' ');
      return { image, seconds: Number(seconds.replace(/s$/, '')), bytes: Number(bytes) };
    });
}

/** Runs the engine's docker CLI; resolves with stdout, rejects with stderr. */
export async function docker(args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const { cli } = await ensureDockerEngine();
  try {
    const { stdout } = await run(cli, args, { env: process.env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`);
  }
}
