import type { TestInfra } from './global-setup';
import { projectEnginePid, stopProjectEngine } from './docker-engine';

/**
 * Stops the run's PostgreSQL and Kafka, then the project's Docker engine when this run started it (the
 * testcontainers mode, the image and compose tests): it is never left running after the tests.
 */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __ROSTER_TEST_INFRA__?: TestInfra }).__ROSTER_TEST_INFRA__;
  if (infra) await Promise.allSettled([infra.kafka.stop(), infra.postgres.stop()]);
  if (!infra?.engineRunningBefore && projectEnginePid() !== undefined) await stopProjectEngine();
}
