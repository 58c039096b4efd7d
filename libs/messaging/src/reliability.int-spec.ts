import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { EventDefinition, Envelope } from '@roster/contracts';
import { envelopeSchema } from '@roster/contracts';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, createTopics, testBrokers, TopicCollector, uniqueSuffix, eventually } from '@roster/testing';
import { KafkaMessageBus } from './kafka/kafka-bus';
import { createMessagingTablesForTests } from './testing/messaging-tables';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { InboxConsumer } from './inbox/inbox-consumer';

const repoRoot = resolve(__dirname, '../../..');
const widgetChanged = z.object({ widgetId: z.string(), name: z.string() });

function widgetEvent(topic: string): EventDefinition<typeof widgetChanged> {
  return { type: 'test.widget.changed', topic: { name: topic, key: 'widget id', partitions: 3, description: 'test', consumed: true }, schema: widgetChanged, description: 'test' };
}

/** Version-guarded upsert: an older event never overwrites a newer state. */
async function upsertWidget(em: EntityManager, id: string, name: string, version: number): Promise<void> {
  await executeStatement(
    em,
    sql`insert into widget (id, name, version) values (${id}, ${name}, ${version})
        on conflict (id) do update set name = excluded.name, version = excluded.version where widget.version < excluded.version`,
  );
}

function parseWidget(value: string): Envelope {
  const e = envelopeSchema.parse(JSON.parse(value));
  return { ...e, data: widgetChanged.parse(e.data) };
}

describe('outbox, relay and inbox against real PostgreSQL and Kafka', () => {
  let url: string;
  let orm: MikroORM;
  let bus: KafkaMessageBus;
  const outbox = new Outbox('test-service');

  beforeAll(async () => {
    url = await createTestDatabase('messaging');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    const em = orm.em.fork();
    await createMessagingTablesForTests(em);
    await executeStatement(em, sql`create table widget (id text primary key, name text not null, version int not null)`);
    await executeStatement(em, sql`create table widget_effect (message_id text not null, widget_id text not null)`);
    bus = new KafkaMessageBus({ clientId: 'reliability', brokers: testBrokers() });
  });

  afterAll(async () => {
    await bus.close();
    await orm.close(true);
    await dropTestDatabase(url);
  });

  async function freshTopic(): Promise<string> {
    const topic = `test.widgets.${uniqueSuffix()}.v1`;
    await createTopics([topic, `${topic}.dlq`], 3);
    return topic;
  }

  async function clearOutbox(): Promise<void> {
    await executeStatement(orm.em.fork(), sql`delete from outbox_message`);
  }

  async function writeWidget(def: EventDefinition<typeof widgetChanged>, id: string, version: number, fail = false): Promise<void> {
    await orm.em.fork().transactional(async (em) => {
      await upsertWidget(em, id, `n${version}`, version);
      await outbox.add(em, def, { id: `${id}:${version}`, subject: id, districtId: 'd1', version, data: { widgetId: id, name: `n${version}` } });
      if (fail) throw new Error('business rule failed after the writes');
    });
  }

  it('commits an outbox row exactly when its business row commits', async () => {
    const def = widgetEvent(await freshTopic());
    await expect(writeWidget(def, 'rolled-back', 1, true)).rejects.toThrow('business rule');
    await writeWidget(def, 'committed', 1);
    const em = orm.em.fork();
    const widgets = await selectRows<{ id: string }>(em, sql`select id from widget order by id`);
    const events = await selectRows<{ message_key: string }>(em, sql`select message_key from outbox_message order by seq`);
    expect(widgets.map((w) => w.id)).toEqual(['committed']);
    expect(events.map((e) => e.message_key)).toEqual(['committed']);
    await clearOutbox();
  });

  it('stores awkward text (quotes, backslashes, ?, unicode) exactly and keeps the order of a bulk insert', async () => {
    const def = widgetEvent(await freshTopic());
    const names = [`O'Brien \\ "quoted" ? $1 '' $j$ $j0$ $$`, 'Zoë 名前 \u2028 tab\there', '\\\\x00 E\'\'', ...Array.from({ length: 1200 }, (_, i) => `w${i}?`)];
    await orm.em.fork().transactional(async (em) => {
      const written = await outbox.addMany(
        em,
        names.map((name, i) => ({ def, event: { id: `awkward:${i}`, subject: `k${i % 7}`, districtId: 'd1', version: 1, data: { widgetId: `k${i % 7}`, name } } })),
      );
      expect(written).toBe(names.length);
      // A replayed batch is stored once.
      expect(await outbox.addMany(em, [{ def, event: { id: 'awkward:0', subject: 'k0', districtId: 'd1', version: 1, data: { widgetId: 'k0', name: names[0] } } }])).toBe(0);
    });
    const rows = await selectRows<{ id: string; payload: { data: { name: string } } }>(orm.em.fork(), sql`select id, payload from outbox_message order by seq`);
    expect(rows.map((r) => r.id)).toEqual(names.map((_, i) => `awkward:${i}`));
    expect(rows.map((r) => r.payload.data.name)).toEqual(names);
    await clearOutbox();
  });

  it('publishes every committed event in commit order per key', async () => {
    const topic = await freshTopic();
    const def = widgetEvent(topic);
    const keys = ['w1', 'w2', 'w3', 'w4', 'w5'];
    for (let v = 1; v <= 30; v++) for (const k of keys) await writeWidget(def, k, v);
    const collector = await TopicCollector.start([topic]);
    const relay = new OutboxRelay({ service: `order-${uniqueSuffix()}`, databaseUrl: url, bus, batchSize: 40, pollIntervalMs: 20 });
    relay.start();
    await collector.waitFor((m) => m.length >= 150);
    await relay.stop();
    await collector.stop();
    for (const k of keys) {
      const versions = collector.messages.filter((m) => m.key === k).map((m) => JSON.parse(m.value!).version);
      expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    expect(collector.messages[0].headers.ce_type).toBe('test.widget.changed');
    const [{ backlog }] = await selectRows<{ backlog: string }>(orm.em.fork(), sql`select count(*) as backlog from outbox_message where published_at is null`);
    expect(Number(backlog)).toBe(0);
    await clearOutbox();
  });

  it('lets only one of two relays publish at a time, and the standby takes over', async () => {
    const topic = await freshTopic();
    const def = widgetEvent(topic);
    const service = `pair-${uniqueSuffix()}`;
    const a = new OutboxRelay({ service, databaseUrl: url, bus, pollIntervalMs: 20, standbyIntervalMs: 50 });
    const b = new OutboxRelay({ service, databaseUrl: url, bus, pollIntervalMs: 20, standbyIntervalMs: 50 });
    expect(await a.acquireLeadership()).toBe(true);
    expect(await b.acquireLeadership()).toBe(false);
    for (let v = 1; v <= 10; v++) await writeWidget(def, 'pair', v);
    expect(await b.publishBatch()).toBe(0);
    expect(await a.publishBatch()).toBe(10);
    await a.stop();
    for (let v = 11; v <= 15; v++) await writeWidget(def, 'pair', v);
    b.start();
    await eventually(async () => b.isLeader, 10_000, 'standby to take over');
    const collector = await TopicCollector.start([topic]);
    await collector.waitFor((m) => m.length >= 15);
    await b.stop();
    await collector.stop();
    expect(collector.messages.map((m) => JSON.parse(m.value!).version)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    await clearOutbox();
  });

  it('loses nothing when the relay is killed with SIGKILL mid-batch; the inbox removes the duplicates’ effect', async () => {
    const topic = await freshTopic();
    const def = widgetEvent(topic);
    const service = `crash-${uniqueSuffix()}`;
    for (let i = 0; i < 100; i++) await writeWidget(def, `c${i % 7}`, Math.floor(i / 7) + 1);
    const collector = await TopicCollector.start([topic]);
    const startRelay = (): ChildProcess =>
      spawn(process.execPath, [join(repoRoot, 'tools/scripts/run-ts.cjs'), join(__dirname, 'testing/relay-child.ts')], {
        env: { ...process.env, DATABASE_URL: url, RELAY_SERVICE: service, RELAY_PAUSE_AFTER_PUBLISH_MS: '400', RELAY_BATCH_SIZE: '20' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const first = startRelay();
    let firstOut = '';
    first.stdout!.on('data', (d) => (firstOut += d));
    // Kill right after a batch was acknowledged by Kafka but before it was marked published.
    await eventually(async () => (firstOut.match(/published/g) ?? []).length >= 2, 30_000, 'two batches');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = startRelay();
    await collector.waitFor((m) => new Set(m.map((x) => JSON.parse(x.value!).id)).size >= 100, 60_000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    await collector.stop();
    const ids = collector.messages.map((m) => JSON.parse(m.value!).id as string);
    expect(new Set(ids).size).toBe(100);
    expect(ids.length).toBeGreaterThan(100); // the killed batch was published twice

    const group = `crash-inbox-${uniqueSuffix()}`;
    const consumer = new InboxConsumer({
      orm,
      bus,
      groupId: group,
      topics: [topic],
      parse: parseWidget,
      handle: async (em, events) => {
        for (const e of events) await executeStatement(em, sql`insert into widget_effect (message_id, widget_id) values (${e.id}, ${e.subject})`);
      },
    });
    await consumer.start();
    await eventually(async () => {
      const [{ n }] = await selectRows<{ n: string }>(orm.em.fork(), sql`select count(distinct message_id) as n from widget_effect`);
      return Number(n) >= 100;
    }, 30_000, 'all effects');
    await new Promise((r) => setTimeout(r, 500));
    await consumer.stop();
    const [{ total, distinct }] = await selectRows<{ total: string; distinct: string }>(
      orm.em.fork(),
      sql`select count(*) as total, count(distinct message_id) as distinct from widget_effect`,
    );
    expect(Number(total)).toBe(100);
    expect(Number(distinct)).toBe(100);
    await clearOutbox();
    await executeStatement(orm.em.fork(), sql`delete from widget_effect`);
  }, 120_000);

  it('applies a message delivered twice once, and ignores an event older than the stored version', async () => {
    const topic = await freshTopic();
    const envelope = (id: string, version: number) =>
      JSON.stringify({ id, type: 'test.widget.changed', source: 't', subject: 'dup', time: new Date().toISOString(), districtId: 'd', version, data: { widgetId: 'dup', name: `v${version}` } });
    await bus.publish([
      { topic, key: 'dup', value: envelope('dup:2', 2), headers: {} },
      { topic, key: 'dup', value: envelope('dup:2', 2), headers: {} },
      { topic, key: 'dup', value: envelope('dup:1', 1), headers: {} },
    ]);
    const consumer = new InboxConsumer({
      orm,
      bus,
      groupId: `dup-${uniqueSuffix()}`,
      topics: [topic],
      parse: parseWidget,
      handle: async (em, events) => {
        for (const e of events) {
          const data = e.data as { widgetId: string; name: string };
          await upsertWidget(em, data.widgetId, data.name, e.version);
          await executeStatement(em, sql`insert into widget_effect (message_id, widget_id) values (${e.id}, ${e.subject})`);
        }
      },
    });
    await consumer.start();
    await eventually(async () => {
      const rows = await selectRows<{ n: string }>(orm.em.fork(), sql`select count(*) as n from inbox_message where message_id in ('dup:1','dup:2')`);
      return Number(rows[0].n) === 2;
    }, 30_000, 'both ids recorded');
    await consumer.stop();
    const em = orm.em.fork();
    const [widget] = await selectRows<{ name: string; version: number }>(em, sql`select name, version from widget where id = 'dup'`);
    expect(widget).toEqual({ name: 'v2', version: 2 });
    const effects = await selectRows<{ message_id: string }>(em, sql`select message_id from widget_effect where widget_id = 'dup' order by message_id`);
    expect(effects.map((e) => e.message_id)).toEqual(['dup:1', 'dup:2']);
  });

  it('sends a poison message to <topic>.dlq after N attempts with error headers, then processes the rest of the partition', async () => {
    const topic = await freshTopic();
    const envelope = (id: string) =>
      JSON.stringify({ id, type: 'test.widget.changed', source: 't', subject: 'same-key', time: new Date().toISOString(), districtId: 'd', version: 1, data: { widgetId: id, name: 'x' } });
    await bus.publish([
      { topic, key: 'same-key', value: envelope('ok-1'), headers: {} },
      { topic, key: 'same-key', value: envelope('poison'), headers: { ce_id: 'poison' } },
      { topic, key: 'same-key', value: 'not json at all', headers: {} },
      { topic, key: 'same-key', value: envelope('ok-2'), headers: {} },
    ]);
    const dlq = await TopicCollector.start([`${topic}.dlq`]);
    const appliedIds = async () =>
      (await selectRows<{ message_id: string }>(orm.em.fork(), sql`select message_id from widget_effect where widget_id = 'same-key' order by message_id`)).map((r) => r.message_id);
    const deadLettered: string[] = [];
    const group = `poison-${uniqueSuffix()}`;
    const consumer = new InboxConsumer({
      orm,
      bus,
      groupId: group,
      topics: [topic],
      parse: parseWidget,
      maxAttempts: 3,
      retryBaseMs: 10,
      onDeadLetter: async (info) => void deadLettered.push(info.errorCode),
      handle: async (em, events) => {
        for (const e of events) {
          // The first message's effect is written before the poison fails the batch: the rollback must undo it.
          await executeStatement(em, sql`insert into widget_effect (message_id, widget_id) values (${e.id}, ${e.subject})`);
          if (e.id === 'poison') throw Object.assign(new Error('cannot apply'), { code: 'WIDGET_BROKEN' });
        }
      },
    });
    await consumer.start();
    await eventually(async () => (await appliedIds()).includes('ok-2'), 30_000, 'the message after the poison');
    await dlq.waitFor((m) => m.length >= 2);
    await consumer.stop();
    await dlq.stop();
    expect(await appliedIds()).toEqual(['ok-1', 'ok-2']);
    const poison = dlq.messages.find((m) => m.headers['x-error-code'] === 'WIDGET_BROKEN')!;
    expect(poison.headers).toMatchObject({
      'x-original-topic': topic,
      'x-original-partition': expect.any(String),
      'x-original-offset': '1',
      'x-error-message': 'cannot apply',
      'x-attempts': '3',
      'x-consumer-group': group,
    });
    expect(JSON.parse(poison.value!).id).toBe('poison');
    const malformed = dlq.messages.find((m) => m.value === 'not json at all')!;
    expect(malformed.headers['x-error-code']).toBe('NOT_JSON');
    expect(deadLettered.sort()).toEqual(['NOT_JSON', 'WIDGET_BROKEN']);
    const [attempts] = await selectRows<{ attempts: number }>(orm.em.fork(), sql`select attempts from inbox_attempt where consumer_group = ${group} and "offset" = 1`);
    expect(attempts.attempts).toBe(3);
  });
});
