/**
 * Runs clever-ingestion as its own process for the crash-recovery test (not shipped):
 *
 *   node tools/scripts/run-ts.cjs apps/clever-ingestion/src/testing/run-ingestion.ts
 *
 * Environment: DATABASE_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, CLEVER_URL, CLEVER_CLIENT_ID,
 * CLEVER_CLIENT_SECRET, CLEVER_PAGE_SIZE, DLQ_RESYNC (default true). Discovers the sandbox's districts and syncs them (autoStart),
 * applies migrations itself, prints "ready" once started, stops cleanly on SIGTERM.
 */
import { KafkaMessageBus } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { createIngestionService } from '../service';

async function main(): Promise<void> {
  const env = process.env;
  const logger = createLogger('clever-ingestion', { level: env.TEST_LOG_LEVEL ?? 'warn' });
  const bus = new KafkaMessageBus({ clientId: 'ingestion-child', brokers: (env.KAFKA_BROKERS ?? '').split(',') }, undefined, env.KAFKA_TOPIC_PREFIX ?? '');
  const service = await createIngestionService({
    databaseUrl: env.DATABASE_URL!,
    bus,
    internalAuthSecret: 'ingestion-child-internal-secret',
    clever: {
      apiBaseUrl: env.CLEVER_URL!,
      oauthBaseUrl: env.CLEVER_URL!,
      clientId: env.CLEVER_CLIENT_ID!,
      clientSecret: env.CLEVER_CLIENT_SECRET!,
      apiVersion: 'v3.0',
      pageSize: Number(env.CLEVER_PAGE_SIZE ?? 10_000),
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
    },
    logger,
    migrate: true,
    autoStart: true,
    schedulerTickMs: 100,
    eventsPollIntervalMs: 1_000,
    relay: { pollIntervalMs: 50, batchSize: 2000 },
    // A consumer killed with SIGKILL stays in its Kafka group until the session times out (30 s), and the
    // next start waits for that rebalance: the crash test is about the sync, so it runs without one.
    dlqResync: env.DLQ_RESYNC !== 'false',
  });
  await service.listen(0);
  process.stdout.write('ready\n');
  const stop = async () => {
    await service.close();
    await bus.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  process.stderr.write(`run-ingestion failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
