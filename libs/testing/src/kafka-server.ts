import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { freePort } from './free-port';
import { containerEngineAvailable } from './docker';

const run = promisify(execFile);

export interface RunningKafka {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'testcontainers' | 'tools/kafka';
  stop(): Promise<void>;
}

/**
 * A real Kafka broker, in order of preference: KAFKA_BROKERS when set; a testcontainers container
 * when a Docker engine answers; else a single-node KRaft broker started by tools/kafka/kafka-up.sh
 * from Apache Kafka's Maven Central jars (needs Java 17+ and Maven).
 */
export async function startKafka(opts: { repoRoot: string; stateRoot: string; useEnv?: boolean }): Promise<RunningKafka> {
  if (opts.useEnv !== false && process.env.KAFKA_BROKERS) {
    return { brokers: process.env.KAFKA_BROKERS.split(','), source: 'KAFKA_BROKERS', stop: async () => undefined };
  }
  if (await containerEngineAvailable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    return {
      brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
      source: 'testcontainers',
      stop: async () => void (await container.stop()),
    };
  }
  return startLocalKafka(opts.repoRoot, opts.stateRoot);
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
