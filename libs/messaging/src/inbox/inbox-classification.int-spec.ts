import { z } from 'zod';
import { MikroORM } from '@mikro-orm/postgresql';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { invalid } from '@roster/problems';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, createTopics, dropTestDatabase, eventually, testBrokers, testKafka, TopicCollector, uniqueSuffix } from '@roster/testing';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import { createMessagingTablesForTests } from '../testing/messaging-tables';
import type { IncomingMessage } from '../bus';
import { InboxConsumer, type InboxHandler } from './inbox-consumer';

const widget = z.object({ widgetId: z.string(), name: z.string() });
const parseWidget = (value: string): Envelope => {
  const e = envelopeSchema.parse(JSON.parse(value));
  return { ...e, data: widget.parse(e.data) };
};
const envelope = (id: string, name = 'ok') =>
  JSON.stringify({ id, type: 'test.widget.changed', source: 't', subject: 'k', time: new Date().toISOString(), districtId: 'd', version: 1, data: { widgetId: id, name } });

/** What a handler's own validation of the event's data throws. */
const handlerSchema = z.object({ name: z.string().regex(/^[a-z-]+$/) });

describe('inbox failure classes against real PostgreSQL and Kafka', () => {
  let url: string;
  let orm: MikroORM;
  let bus: KafkaMessageBus;

  beforeAll(async () => {
    url = await createTestDatabase('inbox_classes');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false, pool: { min: 0, max: 10 } });
    await createMessagingTablesForTests(orm.em.fork());
    await executeStatement(orm.em.fork(), sql`create table widget_effect (message_id text not null)`);
    bus = new KafkaMessageBus({ clientId: 'inbox-classes', brokers: testBrokers() });
  });

  afterAll(async () => {
    await bus.close();
    // The pool waits for the connections the killed transactions leaked (see the 57P01 test): never released.
    await Promise.race([orm.close(true), new Promise((r) => setTimeout(r, 2_000))]);
    await dropTestDatabase(url);
  });

  async function run(messages: string[], handle: InboxHandler, until: (effects: string[], deadLetters: number) => boolean, options: { maxAttempts: number; retryBaseMs: number }) {
    await executeStatement(orm.em.fork(), sql`delete from widget_effect`);
    const topic = `classes.${uniqueSuffix()}.v1`;
    await createTopics([topic, `${topic}.dlq`], 1);
    await bus.publish(messages.map((value) => ({ topic, key: 'k', value, headers: {} })));
    const dlq = await TopicCollector.start([`${topic}.dlq`]);
    const groupId = `classes-${uniqueSuffix()}`;
    const consumer = new InboxConsumer({ orm, bus, groupId, topics: [topic], parse: parseWidget, handle, ...options });
    await consumer.start();
    const effects = async () => (await selectRows<{ message_id: string }>(orm.em.fork(), sql`select message_id from widget_effect`)).map((r) => r.message_id);
    await eventually(async () => until(await effects(), dlq.messages.length), 60_000, 'the expected effects and dead letters');
    await new Promise((r) => setTimeout(r, 500));
    await consumer.stop();
    await dlq.stop();
    const attempts = await selectRows<{ offset: string; attempts: number }>(
      orm.em.fork(),
      sql`select "offset"::text as offset, attempts from inbox_attempt where consumer_group = ${groupId} order by "offset"`,
    );
    return { dlq: dlq.messages, attempts, effects: await effects() };
  }

  it('dead-letters a validation error (zod) and a DomainError of kind invalid at their first failure', async () => {
    const handle: InboxHandler = async (em, events) => {
      for (const e of events) {
        const data = e.data as { name: string };
        if (data.name === 'domain-invalid') throw invalid('TEST.NAME_REFUSED', 'this name is refused');
        handlerSchema.parse(data);
        await executeStatement(em, sql`insert into widget_effect (message_id) values (${e.id})`);
      }
    };
    // A 20 s backoff: were these retried even once, the test would time out.
    const { dlq, attempts, effects } = await run(
      [envelope('zod-1', 'Not Valid!'), envelope('dom-1', 'domain-invalid'), envelope('ok-1', 'fine')],
      handle,
      (e, dead) => e.includes('ok-1') && dead >= 2,
      { maxAttempts: 5, retryBaseMs: 20_000 },
    );
    expect(effects).toEqual(['ok-1']);
    expect(dlq.map((m) => [JSON.parse(m.value!).id, m.headers['x-error-code'], m.headers['x-attempts']])).toEqual([
      ['zod-1', 'ZodError', '1'],
      ['dom-1', 'TEST.NAME_REFUSED', '1'],
    ]);
    expect(attempts.map((a) => a.attempts)).toEqual([1, 1]);
  });

  it('retries a message whose transaction lost its database connection (57P01) without counting it as poison', async () => {
    const kills = new Map<string, number>();
    const handle: InboxHandler = async (em, events) => {
      for (const e of events) {
        const n = (kills.get(e.id) ?? 0) + 1;
        kills.set(e.id, n);
        // The first three tries: the server terminates this very connection (a PostgreSQL restart looks the
        // same). Fewer than the pool's size: a transaction whose connection dies leaks its pool slot (kysely's
        // rollback skips the release when the rollback itself fails; reported, libs/persistence).
        if (e.id === 'db-down' && n <= 3) await executeStatement(em, sql`select pg_terminate_backend(pg_backend_pid())`);
        await executeStatement(em, sql`insert into widget_effect (message_id) values (${e.id})`);
      }
    };
    const { dlq, attempts, effects } = await run([envelope('db-down'), envelope('after')], handle, (e) => e.includes('after'), { maxAttempts: 2, retryBaseMs: 10 });
    expect(kills.get('db-down')).toBeGreaterThanOrEqual(4);
    expect(effects.sort()).toEqual(['after', 'db-down']);
    expect(dlq).toEqual([]);
    expect(attempts).toEqual([]);
  });

  it('still dead-letters an ordinary failure after maxAttempts counted attempts', async () => {
    const handle: InboxHandler = async (em, events) => {
      for (const e of events) {
        if (e.id === 'broken') throw Object.assign(new Error('cannot apply'), { code: 'WIDGET_BROKEN' });
        await executeStatement(em, sql`insert into widget_effect (message_id) values (${e.id})`);
      }
    };
    const { dlq, attempts, effects } = await run([envelope('broken'), envelope('after-broken')], handle, (e, dead) => e.includes('after-broken') && dead >= 1, { maxAttempts: 3, retryBaseMs: 10 });
    expect(effects).toContain('after-broken');
    expect(effects).not.toContain('broken');
    expect(dlq.map((m) => [JSON.parse(m.value!).id, m.headers['x-error-code'], m.headers['x-attempts']])).toEqual([['broken', 'WIDGET_BROKEN', '3']]);
    expect(attempts.map((a) => a.attempts)).toEqual([3]);
  });

  it('does not dead-letter a message again when it is redelivered after its dead letter (offset commit lost in a rebalance)', async () => {
    const topic = `classes.${uniqueSuffix()}.v1`;
    await createTopics([topic, `${topic}.dlq`], 1);
    const handle: InboxHandler = async (_em, events) => {
      for (const e of events) if (e.id === 'poison') throw invalid('TEST.NAME_REFUSED', 'this name is refused');
    };
    const consumer = new InboxConsumer({ orm, bus, groupId: `classes-${uniqueSuffix()}`, topics: [topic], parse: parseWidget, handle, maxAttempts: 3, retryBaseMs: 10 });
    const at = (offset: number, value: string): IncomingMessage => ({ topic, partition: 0, offset: String(offset), key: 'k', value, headers: {} });
    // The consumer is fed directly: the same batch twice is exactly what a consumer sees when the group
    // rebalanced after the dead letters were published and before the offsets were committed.
    const batch = [at(0, 'not json at all'), at(1, envelope('poison', 'x')), at(2, envelope('fine'))];
    const resolved: string[] = [];
    const ctx = { resolveOffset: (o: string) => void resolved.push(o), heartbeat: async () => {}, isRunning: () => true };
    await consumer.processBatch(batch, ctx);
    await consumer.processBatch(batch, ctx);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const [end] = await admin.fetchTopicOffsets(`${topic}.dlq`);
      expect(end.high).toBe('2'); // one copy each of the unparseable and the invalid message, not four
    } finally {
      await admin.disconnect();
    }
    expect(resolved.filter((o) => o === '2')).toHaveLength(2); // both passes went past the dead letters
  });
});
