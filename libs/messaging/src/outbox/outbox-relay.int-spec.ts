import { z } from 'zod';
import { Registry } from 'prom-client';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EventDefinition } from '@roster/contracts';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, createTopics, dropTestDatabase, testBrokers, TopicCollector, uniqueSuffix, eventually } from '@roster/testing';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import { createMessagingTablesForTests } from '../testing/messaging-tables';
import { messagingMetrics, type MessagingMetrics } from '../metrics';
import type { MessagingLogger } from '../logger';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const blob = z.object({ blobId: z.string(), body: z.string() });

function blobEvent(topic: string): EventDefinition<typeof blob> {
  return { type: 'test.blob.changed', topic: { name: topic, key: 'blob id', partitions: 3, description: 'test', consumed: true }, schema: blob, description: 'test' };
}

function recordingLogger(): MessagingLogger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg = '') => void lines.push({ level, msg, obj });
  return { lines, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

type ServiceMetric = 'outboxSplits' | 'outboxFailures' | 'outboxPublished' | 'outboxParked' | 'outboxParkedTotal';
async function value(metrics: MessagingMetrics, name: ServiceMetric, service: string): Promise<number> {
  const { values } = await metrics[name].get();
  return values.find((v) => v.labels.service === service)?.value ?? 0;
}

/** The broker's message.max.bytes is 1 MiB (+ a few bytes) by default (tools/kafka/server.properties keeps it). */
const KIB = 1024;

describe('outbox relay against the real broker: batches bounded by bytes, split on MESSAGE_TOO_LARGE, oversize rows parked', () => {
  let url: string;
  let orm: MikroORM;
  let bus: KafkaMessageBus;
  const outbox = new Outbox('test-service');

  beforeAll(async () => {
    url = await createTestDatabase('relay_bytes');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await createMessagingTablesForTests(orm.em.fork());
    bus = new KafkaMessageBus({ clientId: 'relay-bytes', brokers: testBrokers() });
  });

  afterAll(async () => {
    await bus.close();
    await orm.close(true);
    await dropTestDatabase(url);
  });

  async function freshTopic(): Promise<EventDefinition<typeof blob>> {
    const topic = `test.blobs.${uniqueSuffix()}.v1`;
    await createTopics([topic], 3);
    return blobEvent(topic);
  }

  /** One transaction, so the relay sees all rows at once (one key: one partition, one record batch). */
  async function write(def: EventDefinition<typeof blob>, items: { id: string; key: string; bytes: number }[]): Promise<void> {
    await orm.em.fork().transactional(async (em) => {
      await outbox.addMany(
        em,
        items.map(({ id, key, bytes }) => ({ def, event: { id, subject: key, districtId: 'd1', version: 1, data: { blobId: key, body: 'x'.repeat(bytes) } } })),
      );
    });
  }

  const rowsOf = (ids: string[]) =>
    selectRows<{ id: string; published: boolean; parked_at: Date | null; parked_reason: string | null }>(
      orm.em.fork(),
      sql`select id, published_at is not null as published, parked_at, parked_reason from outbox_message where id = any(${ids}::text[]) order by seq`,
    );

  it('relays a 1.8 MB backlog of one partition in byte-bounded batches, in order, without a refused request', async () => {
    const def = await freshTopic();
    const ids = Array.from({ length: 30 }, (_, i) => `bounded-${i}`);
    await write(def, ids.map((id) => ({ id, key: 'one-key', bytes: 60 * KIB })));
    const metrics = messagingMetrics(new Registry());
    const service = `bounded-${uniqueSuffix()}`;
    const collector = await TopicCollector.start([def.topic.name]);
    const relay = new OutboxRelay({ service, databaseUrl: url, bus, metrics, pollIntervalMs: 20 });
    relay.start();
    await collector.waitFor((m) => m.length >= 30, 60_000);
    await relay.stop();
    await collector.stop();
    expect(collector.messages.map((m) => JSON.parse(m.value!).id)).toEqual(ids);
    expect((await rowsOf(ids)).every((r) => r.published)).toBe(true);
    // 768 KiB per batch: three batches, none refused, nothing split.
    expect(await value(metrics, 'outboxSplits', service)).toBe(0);
    expect(await value(metrics, 'outboxFailures', service)).toBe(0);
    expect(await value(metrics, 'outboxPublished', service)).toBe(30);
  });

  it('splits a batch the broker refuses as too large (MESSAGE_TOO_LARGE) down until every message is published, in order', async () => {
    const def = await freshTopic();
    const ids = Array.from({ length: 30 }, (_, i) => `split-${i}`);
    await write(def, ids.map((id) => ({ id, key: 'one-key', bytes: 60 * KIB })));
    const metrics = messagingMetrics(new Registry());
    const service = `split-${uniqueSuffix()}`;
    const collector = await TopicCollector.start([def.topic.name]);
    // No byte bound of our own: the broker sees a 1.8 MB record batch and refuses it.
    const relay = new OutboxRelay({ service, databaseUrl: url, bus, metrics, maxBatchBytes: 64 * 1024 * KIB });
    expect(await relay.publishBatch()).toBe(30);
    await collector.waitFor((m) => m.length >= 30, 60_000);
    await relay.stop();
    await collector.stop();
    expect(collector.messages.map((m) => JSON.parse(m.value!).id)).toEqual(ids);
    expect((await rowsOf(ids)).every((r) => r.published)).toBe(true);
    expect(await value(metrics, 'outboxSplits', service)).toBeGreaterThanOrEqual(1);
    expect(await value(metrics, 'outboxParkedTotal', service)).toBe(0);
  });

  it('parks a single message that can never fit, counts and logs it once, and the messages after it still flow', async () => {
    const def = await freshTopic();
    await write(def, [
      { id: 'before', key: 'same-key', bytes: 10 },
      { id: 'huge', key: 'same-key', bytes: 1536 * KIB },
      { id: 'after-same-key', key: 'same-key', bytes: 10 },
      { id: 'after-other-key', key: 'other-key', bytes: 10 },
    ]);
    const metrics = messagingMetrics(new Registry());
    const logger = recordingLogger();
    const service = `park-${uniqueSuffix()}`;
    const collector = await TopicCollector.start([def.topic.name]);
    const relay = new OutboxRelay({ service, databaseUrl: url, bus, metrics, logger, pollIntervalMs: 20 });
    relay.start();
    await collector.waitFor((m) => m.length >= 3, 60_000);
    // The relay keeps polling: the parked row is not tried again (it would be logged and counted again).
    await new Promise((r) => setTimeout(r, 1_000));
    const state = await relay.housekeeping();
    await relay.stop();
    await collector.stop();
    expect(collector.messages.map((m) => JSON.parse(m.value!).id).sort()).toEqual(['after-other-key', 'after-same-key', 'before']);
    const rows = await rowsOf(['before', 'huge', 'after-same-key', 'after-other-key']);
    const huge = rows.find((r) => r.id === 'huge')!;
    expect(huge.published).toBe(false);
    expect(huge.parked_at).not.toBeNull();
    expect(huge.parked_reason).toMatch(/^MESSAGE_TOO_LARGE: \d+ bytes refused by the broker/);
    expect(rows.filter((r) => r.id !== 'huge').every((r) => r.published && r.parked_at === null)).toBe(true);
    expect(state).toMatchObject({ backlog: 0, parked: 1 });
    expect(await value(metrics, 'outboxParked', service)).toBe(1);
    expect(await value(metrics, 'outboxParkedTotal', service)).toBe(1);
    const parkedLines = logger.lines.filter((l) => l.msg.startsWith('outbox message parked'));
    expect(parkedLines).toHaveLength(1);
    expect(parkedLines[0]).toMatchObject({ level: 'error', obj: { id: 'huge', topic: def.topic.name, key: 'same-key' } });
    // An operator who fixed the broker's limit clears parked_at and the relay publishes the row (here: it is
    // refused again and parked again, which is what the broker's unchanged limit must give).
    await executeStatement(orm.em.fork(), sql`update outbox_message set parked_at = null where id = 'huge'`);
    const again = new OutboxRelay({ service, databaseUrl: url, bus, metrics, logger });
    await eventually(async () => (await again.publishBatch()) === 1, 30_000, 'the row to be tried again');
    await again.stop();
    expect((await rowsOf(['huge']))[0].parked_at).not.toBeNull();
    expect(await value(metrics, 'outboxParkedTotal', service)).toBe(2);
  }, 90_000);
});
