/**
 * npm run bench:messaging [-- --events 100000]
 * Throughput of the reliable path (outbox rows → relay → Kafka → inbox consumer with dedupe) against raw
 * kafkajs produce + consume of the same messages, on the same machine in the same run.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { Kafka, logLevel } from 'kafkajs';
import { Events } from '@roster/contracts';
import { executeStatement, selectRow, sql } from '@roster/persistence';
import { KafkaMessageBus, createMessagingTablesForTests, Outbox, OutboxRelay, InboxConsumer, provisionTopics } from '@roster/messaging';
import { createTestDatabaseOn } from './db';
import { argNumber, benchInfra, table, writeResult } from './infra';

async function main(): Promise<void> {
  const n = argNumber('events', 100_000);
  const infra = await benchInfra();
  const prefix = `bench${Date.now()}.`;
  const kafka = new Kafka({ clientId: 'bench', brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING });
  await provisionTopics(kafka, { topicPrefix: prefix });
  const url = await createTestDatabaseOn(infra.pg.adminUrl, 'bench_messaging');
  const orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false, pool: { max: 10 } });
  await createMessagingTablesForTests(orm.em.fork());
  await executeStatement(orm.em.fork(), sql`create table bench_effect (id text primary key)`);

  // Realistic payloads: the size of a roster.user.upserted envelope.
  const outbox = new Outbox('bench');
  const userEvent = (i: number) => ({
    def: Events.userUpserted,
    event: {
      id: `evt-${i}`,
      subject: `u${String(i).padStart(23, '0')}`,
      districtId: 'd0000000000000000000000001',
      version: 1,
      data: {
        cleverUserId: `u${String(i).padStart(23, '0')}`,
        cleverDistrictId: 'd0000000000000000000000001',
        name: { first: 'Student', last: `Number${i}` },
        email: `student${i}@example.org`,
        roles: { student: { school: 's0000000000000000000000001', schools: ['s0000000000000000000000001'], sisId: String(i), grade: '4' } },
      },
    },
  });
  let t = Date.now();
  for (let i = 0; i < n; i += 5000) {
    await orm.em.fork().transactional(async (em) => {
      await outbox.addMany(em, Array.from({ length: Math.min(5000, n - i) }, (_, j) => userEvent(i + j)));
    });
  }
  const writeMs = Date.now() - t;
  const { bytes } = (await selectRow<{ bytes: string }>(orm.em.fork(), sql`select avg(octet_length(payload::text))::int as bytes from outbox_message`))!;

  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: infra.kafka.brokers }, undefined, prefix);
  const consumer = new InboxConsumer({
    orm,
    bus,
    groupId: 'bench.inbox',
    topics: [Events.userUpserted.topic.name],
    maxBatchSize: 1000,
    partitionsConsumedConcurrently: 3,
    handle: async (em, events) => {
      await executeStatement(em, sql`insert into bench_effect (id) select unnest(${events.map((e) => e.id)}::text[]) on conflict do nothing`);
    },
  });
  await consumer.start();
  const relay = new OutboxRelay({ service: 'bench', databaseUrl: url, bus, batchSize: 2000, pollIntervalMs: 20 });
  t = Date.now();
  relay.start();
  for (;;) {
    const { c } = (await selectRow<{ c: string }>(orm.em.fork(), sql`select count(*) as c from bench_effect`))!;
    if (Number(c) >= n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const pipelineMs = Date.now() - t;
  await relay.stop();
  await consumer.stop();
  await bus.close();

  // Raw kafkajs: produce the same serialized envelopes in batches, consume them with eachBatch.
  const rows = await orm.em.fork().execute<{ message_key: string; payload: unknown }[]>('select message_key, payload from outbox_message order by seq');
  const rawTopic = `${prefix}raw`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: rawTopic, numPartitions: 6 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const values = rows.map((r) => ({ key: r.message_key, value: JSON.stringify(r.payload) }));
  t = Date.now();
  for (let i = 0; i < values.length; i += 2000) await producer.send({ topic: rawTopic, acks: -1, messages: values.slice(i, i + 2000) });
  const rawProduceMs = Date.now() - t;
  await producer.disconnect();
  const rawConsumer = kafka.consumer({ groupId: `${prefix}raw`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await rawConsumer.connect();
  await rawConsumer.subscribe({ topics: [rawTopic], fromBeginning: true });
  let consumed = 0;
  t = Date.now();
  await new Promise<void>((resolve) => {
    void rawConsumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= n) resolve();
      },
    });
  });
  const rawConsumeMs = Date.now() - t;
  await rawConsumer.disconnect();
  await orm.close(true);
  await infra.stop();

  const rawMs = rawProduceMs + rawConsumeMs;
  const result = {
    events: n,
    payloadBytes: Number(bytes),
    outboxWrite: { ms: writeMs, perSecond: Math.round((n / writeMs) * 1000) },
    pipeline: { ms: pipelineMs, perSecond: Math.round((n / pipelineMs) * 1000) },
    rawKafka: { produceMs: rawProduceMs, consumeMs: rawConsumeMs, perSecond: Math.round((n / rawMs) * 1000) },
    ratioPipelineToRaw: Number((n / pipelineMs / (n / rawMs)).toFixed(2)),
  };
  process.stdout.write(
    '\n' +
      table([
        { measure: 'outbox insert (5,000-row transactions)', events: n, 'events/s': result.outboxWrite.perSecond, ms: writeMs },
        { measure: 'outbox → relay → Kafka → inbox (dedupe + effect)', events: n, 'events/s': result.pipeline.perSecond, ms: pipelineMs },
        { measure: 'raw kafkajs produce + consume (same messages)', events: n, 'events/s': result.rawKafka.perSecond, ms: rawMs },
      ]) +
      `\n\npipeline / raw = ${result.ratioPipelineToRaw}  (avg payload ${bytes} bytes)\nresult: ${writeResult('messaging', result)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
