import { Controller, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, createTopics, dropTestDatabase, eventually, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import type { IncomingMessage, MessageBus } from '../bus';
import { InProcessBus } from '../in-process/in-process-bus';
import type { DeadLetterInfo } from '../inbox/inbox-consumer';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import { createMessagingTablesForTests } from '../testing/messaging-tables';
import { BusBatchContext, ConsumerErrorFilter, ConsumerGroup, DeadLetterContext, DeadLetters, InboxContext, InboxTransport, type ConsumerGroupOptions } from './inbox-transport';

const widget = z.object({ widgetId: z.string(), name: z.string() });
function parseWidget(value: string): Envelope {
  const e = envelopeSchema.parse(JSON.parse(value));
  return { ...e, data: widget.parse(e.data) };
}
const envelope = (id: string, name = 'x', subject = 'same-key') =>
  JSON.stringify({ id, type: 'test.widget.changed', source: 't', subject, time: new Date().toISOString(), districtId: 'd', version: 1, data: { widgetId: id, name } });

interface Fixture {
  bus: MessageBus;
  topic(): Promise<string>;
  /** Asserts the transport consumes under exactly this group id. */
  expectExactGroup(groupId: string): Promise<void>;
  close(): Promise<void>;
}

/** Records what the handlers saw (an injected provider, as a real handler's dependencies would be). */
@Injectable()
class Seen {
  batches: { events: string[]; meta: number; groupId: string }[] = [];
  deadLettered: { code: string; attempts: number; groupId: string }[] = [];
  raw: IncomingMessage[] = [];
}

function consumerApp(groupId: string, topic: string, tuning: Omit<ConsumerGroupOptions, 'topics'> = {}) {
  const SEEN = 'SEEN';
  @Controller()
  class WidgetConsumer {
    constructor(@Inject(SEEN) private readonly seen: Seen) {}

    @ConsumerGroup(groupId, { topics: [topic], parse: parseWidget, ...tuning })
    async apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
      this.seen.batches.push({ events: events.map((e) => e.id), meta: ctx.meta.length, groupId: ctx.groupId });
      for (const [i, e] of events.entries()) {
        // Written before a poison fails the batch: the inbox transaction's rollback must undo it.
        await executeStatement(ctx.em, sql`insert into widget_effect (message_id, widget_id, topic) values (${e.id}, ${e.subject}, ${ctx.meta[i].topic})`);
        if ((e.data as { name: string }).name === 'poison') throw Object.assign(new Error('cannot apply'), { code: 'WIDGET_BROKEN' });
      }
    }

    @DeadLetters(groupId)
    deadLettered(@Payload() info: DeadLetterInfo, @Ctx() ctx: DeadLetterContext): void {
      this.seen.deadLettered.push({ code: info.errorCode, attempts: info.attempts, groupId: ctx.groupId });
    }

    @ConsumerGroup(`${groupId}.raw`, { topics: [topic], inbox: false })
    raw(@Payload() messages: IncomingMessage[], @Ctx() ctx: BusBatchContext): void {
      expect(ctx.groupId).toBe(`${groupId}.raw`);
      this.seen.raw.push(...messages);
    }
  }
  const seen = new Seen();
  @Module({ controllers: [WidgetConsumer], providers: [{ provide: SEEN, useValue: seen }] })
  class ConsumerModule {}
  return { module: ConsumerModule, seen };
}

function describeTransport(name: string, fixture: () => Promise<Fixture>): void {
  describe(`@EventPattern consumers on the inbox transport: ${name}`, () => {
    let url: string;
    let orm: MikroORM;
    let fx: Fixture;

    beforeAll(async () => {
      url = await createTestDatabase('transport');
      orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
      await createMessagingTablesForTests(orm.em.fork());
      await executeStatement(orm.em.fork(), sql`create table widget_effect (message_id text not null, widget_id text not null, topic text not null)`);
      fx = await fixture();
    });

    afterAll(async () => {
      await fx?.close();
      await orm?.close(true);
      if (url) await dropTestDatabase(url);
    });

    async function start(groupId: string, topic: string, tuning: Omit<ConsumerGroupOptions, 'topics'> = {}) {
      const { module, seen } = consumerApp(groupId, topic, tuning);
      const transport = new InboxTransport({ orm, bus: fx.bus, tuning: { retryBaseMs: 10 } });
      const app: INestMicroservice = await NestFactory.createMicroservice(module, { strategy: transport, logger: false });
      app.useGlobalFilters(new ConsumerErrorFilter());
      await app.listen();
      return { app, seen, transport };
    }

    const effects = async (topic: string) =>
      (await selectRows<{ message_id: string }>(orm.em.fork(), sql`select message_id from widget_effect where topic = ${topic} order by message_id`)).map((r) => r.message_id);

    it('hands the handler the whole new batch once: a duplicate delivery has one effect; the group id is exact', async () => {
      const topic = await fx.topic();
      const groupId = `transport-dup-${uniqueSuffix()}`;
      await fx.bus.publish([
        { topic, key: 'k', value: envelope('a'), headers: {} },
        { topic, key: 'k', value: envelope('a'), headers: {} },
        { topic, key: 'k', value: envelope('b'), headers: {} },
      ]);
      const { app, seen, transport } = await start(groupId, topic);
      expect(transport.groupIds.sort()).toEqual([groupId, `${groupId}.raw`]);
      await eventually(async () => (await effects(topic)).length >= 2 && seen.raw.length >= 3, 30_000, 'effects');
      await fx.expectExactGroup(groupId);
      await new Promise((r) => setTimeout(r, 300));
      // The same message published again later is a duplicate too.
      await fx.bus.publish([{ topic, key: 'k', value: envelope('b'), headers: {} }]);
      await eventually(async () => seen.raw.length >= 4, 30_000, 'the raw consumer to see the redelivery');
      await new Promise((r) => setTimeout(r, 300));
      await app.close();
      expect(await effects(topic)).toEqual(['a', 'b']);
      expect(seen.batches.flatMap((b) => b.events).sort()).toEqual(['a', 'b']);
      for (const b of seen.batches) {
        expect(b.meta).toBe(b.events.length);
        expect(b.groupId).toBe(groupId);
      }
      // The raw (inbox: false) handler sees every delivery, duplicates included.
      expect(seen.raw.map((m) => JSON.parse(m.value!).id)).toEqual(['a', 'a', 'b', 'b']);
      const inbox = await selectRows<{ n: string }>(orm.em.fork(), sql`select count(*) as n from inbox_message where consumer_group = ${groupId}`);
      expect(Number(inbox[0].n)).toBe(2);
    });

    it('sends a poison message to <topic>.dlq after maxAttempts with error headers, a malformed one at once, and calls the dead-letter hook', async () => {
      const topic = await fx.topic();
      const groupId = `transport-poison-${uniqueSuffix()}`;
      const dlq: IncomingMessage[] = [];
      const dlqReader = await fx.bus.consume({ groupId: `dlq-reader-${uniqueSuffix()}`, topics: [`${topic}.dlq`], handleBatch: async (ms, ctx) => {
        dlq.push(...ms);
        ctx.resolveOffset(ms[ms.length - 1].offset);
      } });
      await fx.bus.publish([
        { topic, key: 'same-key', value: envelope('ok-1'), headers: {} },
        { topic, key: 'same-key', value: envelope('poison', 'poison'), headers: { ce_id: 'poison' } },
        { topic, key: 'same-key', value: 'not json at all', headers: {} },
        { topic, key: 'same-key', value: envelope('ok-2'), headers: {} },
      ]);
      const { app, seen } = await start(groupId, topic, { maxAttempts: 3 });
      await eventually(async () => (await effects(topic)).includes('ok-2') && dlq.length >= 2, 30_000, 'the message after the poison and two dead letters');
      await app.close();
      await dlqReader.stop();
      expect(await effects(topic)).toEqual(['ok-1', 'ok-2']);
      const poison = dlq.find((m) => m.headers['x-error-code'] === 'WIDGET_BROKEN')!;
      expect(poison.headers).toMatchObject({
        'x-original-topic': topic,
        'x-original-partition': expect.any(String),
        'x-original-offset': '1',
        'x-error-message': 'cannot apply',
        'x-attempts': '3',
        'x-consumer-group': groupId,
      });
      expect(JSON.parse(poison.value!).id).toBe('poison');
      expect(dlq.find((m) => m.value === 'not json at all')!.headers['x-error-code']).toBe('NOT_JSON');
      expect(seen.deadLettered.map((d) => d.code).sort()).toEqual(['NOT_JSON', 'WIDGET_BROKEN']);
      expect(seen.deadLettered.every((d) => d.groupId === groupId)).toBe(true);
      const attempts = await selectRows<{ attempts: number }>(
        orm.em.fork(),
        sql`select attempts from inbox_attempt where consumer_group = ${groupId} and "offset" = 1`,
      );
      expect(attempts[0].attempts).toBe(3);
    });

    it('refuses a handler without topics and a dead-letter hook without its group', async () => {
      @Controller()
      class Broken {
        @ConsumerGroup('no-topics', { topics: [] })
        apply(): void {}
      }
      @Module({ controllers: [Broken] })
      class BrokenModule {}
      const app = await NestFactory.createMicroservice(BrokenModule, { strategy: new InboxTransport({ orm, bus: fx.bus }), logger: false });
      await expect(app.listen()).rejects.toThrow(/needs a non-empty list of topics/);
      await app.close();

      @Controller()
      class Orphan {
        @DeadLetters('nobody')
        hook(): void {}
      }
      @Module({ controllers: [Orphan] })
      class OrphanModule {}
      const orphan = await NestFactory.createMicroservice(OrphanModule, { strategy: new InboxTransport({ orm, bus: fx.bus }), logger: false });
      await expect(orphan.listen()).rejects.toThrow(/unknown consumer group 'nobody'/);
      await orphan.close();
    });
  });
}

describeTransport('Kafka', async () => {
  const bus = new KafkaMessageBus({ clientId: 'transport', brokers: testBrokers() });
  return {
    bus,
    topic: async () => {
      const topic = `transport.${uniqueSuffix()}.v1`;
      await createTopics([topic, `${topic}.dlq`], 3);
      return topic;
    },
    expectExactGroup: async (groupId) => {
      const admin = testKafka().admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([groupId]);
        expect(groups.find((g) => g.groupId === groupId)?.members.length).toBeGreaterThan(0);
      } finally {
        await admin.disconnect();
      }
    },
    close: () => bus.close(),
  };
});

let n = 0;
describeTransport('in-process bus', async () => {
  const bus = new InProcessBus({ partitions: 3 });
  return {
    bus,
    topic: async () => `transport.t${n++}.v1`,
    // The in-process bus refuses a second consumer of a group id that already consumes.
    expectExactGroup: async (groupId) => {
      await expect(bus.consume({ groupId, topics: ['x'], handleBatch: async () => undefined })).rejects.toThrow(/already consumes/);
    },
    close: () => bus.close(),
  };
});
