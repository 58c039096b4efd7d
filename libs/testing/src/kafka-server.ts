import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { freePort, freePortPair } from './free-port';
import { ensureTestcontainersEngine, localInfraImages } from './docker-engine';
import { testInfraMode, type TestInfraMode } from './infra-mode';

const run = promisify(execFile);

export interface RunningKafka {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'testcontainers' | 'tools/kafka';
  stop(): Promise<void>;
}

/**
 * A real Kafka broker, as the test infrastructure mode says (libs/testing/src/infra-mode.ts): KAFKA_BROKERS
 * (external, or local with the variable set), a container of the locally built image (testcontainers), or a
 * single-node KRaft broker started by tools/kafka/kafka-up.sh from Apache Kafka's Maven Central jars (local; needs
 * Java 17+ and Maven).
 */
export async function startKafka(opts: { repoRoot: string; stateRoot: string; mode?: TestInfraMode }): Promise<RunningKafka> {
  const mode = opts.mode ?? testInfraMode();
  if (mode === 'external' || (mode === 'local' && process.env.KAFKA_BROKERS && !process.env.ROSTER_TEST_INFRA)) {
    return { brokers: process.env.KAFKA_BROKERS!.split(','), source: 'KAFKA_BROKERS', stop: async () => undefined };
  }
  if (mode === 'testcontainers') return startKafkaContainer();
  return startLocalKafka(opts.repoRoot, opts.stateRoot);
}

/**
 * A KRaft broker in a container (roster-local/kafka:4, the same jars and configuration as tools/kafka) through
 * testcontainers, on the host network: the broker on a free loopback port, its controller on the next one.
 */
export async function startKafkaContainer(): Promise<RunningKafka> {
  await ensureTestcontainersEngine();
  const { kafka: image } = await localInfraImages();
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freePortPair();
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment({ KAFKA_PORT: String(port) })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  return {
    brokers: [`127.0.0.1:${port}`],
    source: 'testcontainers',
    stop: async () => void (await container.stop({ timeout: 20_000 })),
  };
}

export async function startLocalKafka(repoRoot: string, stateRoot: string, port?: number): Promise<RunningKafka> {
  mkdirSync(stateRoot, { recursive: true });
  const state = mkdtempSync(join(stateRoot, 'kafka-'));
  const env = { ...process.env, KAFKA_PORT: String(port ?? (await freePort())), KAFKA_STATE_DIR: state };
  const up = join(repoRoot, 'tools/kafka/kafka-up.sh');
  const down = join(repoRoot, 'tools/kafka/kafka-down.sh');
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [up], { env, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(
      'Could not start a local Kafka broker with tools/kafka/kafka-up.sh. It needs Java 17+ and Maven ' +
        '(or set KAFKA_BROKERS to a running broker, or run a Docker engine for testcontainers).\n' +
        (e.stderr ?? e.message),
    );
  }
  const line = stdout.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (!line) throw new Error(`kafka-up.sh did not report its address:\n${stdout}`);
  return {
    brokers: line.slice('KAFKA_BROKERS='.length).trim().split(','),
    source: 'tools/kafka',
    stop: async () => {
      await run('bash', [down, '--purge'], { env });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
