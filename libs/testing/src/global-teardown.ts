import type { TestInfra } from './global-setup';
import { projectEngineOwner, stopProjectEngine } from './docker-engine';

/**
 * Stops the run's PostgreSQL and Kafka, then the project's Docker engine when this run started it (the
 * testcontainers mode, the image and compose tests): it is never left running after the tests. An engine started by
 * hand or by another run on the same checkout is left alone (engine-up.sh records who started it).
 */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __ROSTER_TEST_INFRA__?: TestInfra }).__ROSTER_TEST_INFRA__;
  if (infra) await Promise.allSettled([infra.kafka.stop(), infra.postgres.stop()]);
  const owner = infra?.engineOwner ?? process.env.ROSTER_ENGINE_OWNER;
  if (owner && projectEngineOwner() === owner) await stopProjectEngine();
}
