import type { TestInfra } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __ROSTER_TEST_INFRA__?: TestInfra }).__ROSTER_TEST_INFRA__;
  if (!infra) return;
  await Promise.allSettled([infra.kafka.stop(), infra.postgres.stop()]);
}
