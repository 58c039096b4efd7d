/**
 * npm run bench:ingest [-- --users 100000 --page-size 10000]
 * A full sync of one generated district: Clever sandbox (HTTP) → clever-ingestion (shadow index, outbox)
 * → relay → Kafka, timed until the relay has published every outbox row; then an unchanged resync of the
 * same district (nothing to publish). Prints records/s and the number of Clever requests made.
 * PostgreSQL and Kafka: DATABASE_URL / KAFKA_BROKERS when set, else started locally (tools/bench/infra.ts).
 */
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql } from '@roster/persistence';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIngestionService } from '../../apps/clever-ingestion/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ingestionControl } from '../../apps/clever-ingestion/src/testing/ingestion-control';
import { createSandbox } from '@roster/clever-sandbox';
import { createTestDatabaseOn } from './db';
import { argNumber, benchInfra, table, writeResult } from './infra';

async function main(): Promise<void> {
  const users = argNumber('users', 100_000);
  const pageSize = argNumber('page-size', 10_000);
  const infra = await benchInfra();
  const prefix = `bench${Date.now()}.`;
  const kafka = new Kafka({ clientId: 'bench', brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING });
  await provisionTopics(kafka, { topicPrefix: prefix });
  const databaseUrl = await createTestDatabaseOn(infra.pg.adminUrl, 'bench_ingest');

  const sandbox = createSandbox({ seed: 'bench-ingest', districts: [{ users }] });
  const { url } = await sandbox.start();
  const [district] = sandbox.admin.districts();
  const counts = sandbox.admin.counts(district.id);
  const bus = new KafkaMessageBus({ clientId: 'bench-ingest', brokers: infra.kafka.brokers }, undefined, prefix);
  const service = await createIngestionService({
    databaseUrl,
    bus,
    internalAuthSecret: 'bench-ingest-internal-secret',
    clever: { apiBaseUrl: url, oauthBaseUrl: url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiVersion: 'v3.0', pageSize },
    logger: createLogger('clever-ingestion', { level: process.env.LOG_LEVEL ?? 'warn' }),
    migrate: true,
    autoStart: false,
    // The relay's default batch (1000): larger batches can exceed the broker's 1 MB per-partition request
    // limit with section payloads (seen at 300,000 users with 5000).
    relay: { pollIntervalMs: 20 },
  });
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 200);
  const em = () => service.orm.em.fork();
  const unpublished = async () => (await selectRows<{ n: number }>(em(), sql`select count(*)::int as n from outbox_message where published_at is null`))[0].n;

  await ingestionControl(service).discover();
  sandbox.admin.resetRequests();
  let t = Date.now();
  const full = await ingestionControl(service).syncNow(district.id);
  const syncMs = Date.now() - t;
  while ((await unpublished()) > 0) await new Promise((r) => setTimeout(r, 100));
  const totalMs = Date.now() - t;
  const requests = sandbox.admin.requests();
  const [{ n: published }] = await selectRows<{ n: number }>(em(), sql`select count(*)::int as n from outbox_message`);

  sandbox.admin.resetRequests();
  t = Date.now();
  const resync = await ingestionControl(service).syncNow(district.id, 'schedule');
  const resyncMs = Date.now() - t;
  const resyncRequests = sandbox.admin.requests().total;
  clearInterval(sampler);

  await service.close();
  await bus.close();
  await sandbox.close();
  // The outbox of a big run is large: leave nothing behind on a shared server.
  const admin = new Client({ connectionString: infra.pg.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${new URL(databaseUrl).pathname.slice(1)}" with (force)`);
  await admin.end();
  await infra.stop();

  const records = 1 + counts.schools + counts.users + counts.sections;
  const result = {
    users,
    pageSize,
    records,
    district: { accounts: counts.accounts, contacts: counts.contacts, schools: counts.schools, sections: counts.sections },
    fullSync: {
      status: full.status,
      counts: full.counts,
      syncMs,
      untilPublishedMs: totalMs,
      recordsPerSecond: Math.round((records / totalMs) * 1000),
      published,
      cleverRequests: requests.total,
      cleverRequestsByPath: requests.byPath,
    },
    unchangedResync: { status: resync.status, ms: resyncMs, recordsPerSecond: Math.round((records / resyncMs) * 1000), published: resync.counts.created + resync.counts.updated, cleverRequests: resyncRequests },
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
  };
  process.stdout.write(
    '\n' +
      table([
        { measure: `full sync, ${users.toLocaleString('en')} users (until every outbox row is on Kafka)`, records, 'records/s': result.fullSync.recordsPerSecond, ms: totalMs, 'Clever requests': requests.total, published },
        { measure: 'unchanged resync (compare only, nothing published)', records, 'records/s': result.unchangedResync.recordsPerSecond, ms: resyncMs, 'Clever requests': resyncRequests, published: result.unchangedResync.published },
      ]) +
      `\n\nsync itself ${syncMs} ms; peak heap ${result.peakHeapMiB} MiB (sandbox in the same process)\nresult: ${writeResult('ingest', result)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
