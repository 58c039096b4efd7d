import { Controller, Get } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { createTestDatabase, createTopics, dropTestDatabase, eventually, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import { ConsumerGroup, KafkaMessageBus, MESSAGING_TABLES_FOR_TESTS, parseProcessRoles, type InboxContext } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { Migration } from '@roster/persistence';
import { hostService, type HostedService } from './service-host';

/**
 * Issue 14: a restarted service must not refuse connections while its consumer groups join (a join waits
 * for the session of a dead predecessor to expire). It listens at once and its readiness says why it is
 * not ready until every group has joined. Real broker: the slow join is a real one.
 */
class InitialMigration extends Migration {
  override async up(): Promise<void> {
    for (const statement of MESSAGING_TABLES_FOR_TESTS) this.addSql(statement);
  }
}

@Controller('things')
class ThingsController {
  @Get('ping')
  ping() {
    return { pong: true };
  }
}

describe('hostService start-up on Kafka: HTTP first, consumers join in the background', () => {
  let url: string;
  const topic = `startup.${uniqueSuffix()}.v1`;
  const groupId = `startup-${uniqueSuffix()}`;

  beforeAll(async () => {
    url = await createTestDatabase('host_startup');
    await createTopics([topic, `${topic}.dlq`], 1);
  });

  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('answers HTTP with ready=503 while a consumer group is joining, ready=200 once joined, and leaves the group on close', async () => {
    // A member of the same group that stops responding (as a SIGKILLed predecessor would): it holds the
    // partition inside a batch and sends no heartbeat, so a new member's join waits for its session to expire.
    let release!: () => void;
    const stuckInBatch = new Promise<void>((resolve) => (release = resolve));
    let stuckHasBatch = false;
    const stuck: Consumer = testKafka('stuck').consumer({ groupId, sessionTimeout: 8_000, rebalanceTimeout: 8_000, heartbeatInterval: 1_000 });
    await stuck.connect();
    await stuck.subscribe({ topics: [topic], fromBeginning: true });
    await stuck.run({
      eachBatch: async () => {
        stuckHasBatch = true;
        await stuckInBatch;
      },
    });
    const bus = new KafkaMessageBus({ clientId: 'startup', brokers: testBrokers() });
    const event = { id: 'e1', type: 'demo.thing.changed', source: 't', subject: 'k', time: new Date().toISOString(), districtId: 'd', version: 1, data: {} };
    await bus.publish([{ topic, key: 'k', value: JSON.stringify(event), headers: {} }]);
    await eventually(async () => stuckHasBatch, 30_000, 'the stuck member to hold a batch');

    const applied: string[] = [];
    @Controller()
    class StartupConsumer {
      @ConsumerGroup(groupId, { topics: [topic], parse: (value) => envelopeSchema.parse(JSON.parse(value)) as Envelope })
      apply(@Payload() events: Envelope[], @Ctx() _ctx: InboxContext): void {
        applied.push(...events.map((e) => e.id));
      }
    }

    let service: HostedService | undefined;
    try {
      service = await hostService({
        name: 'startup',
        databaseUrl: url,
        database: { migrations: [{ name: 'Initial', class: InitialMigration }] },
        bus,
        logger: createLogger('startup', { level: 'silent' }),
        roles: parseProcessRoles(undefined),
        migrate: true,
        module: () => ({ module: class StartupModule {}, controllers: [ThingsController, StartupConsumer] }),
      });
      const base = await service.listen(0);
      const ready = () => fetch(`${service!.managementUrl}/health/ready`);

      // Listening while the group cannot have joined yet: the stuck member still holds its batch.
      expect((await fetch(`${base}/things/ping`)).status).toBe(200);
      const notReady = await ready();
      expect(notReady.status).toBe(503);
      expect(JSON.stringify(await notReady.json())).toContain(`consumer groups still joining: ${groupId}`);
      expect(service.runtime.transport?.pendingGroups).toEqual([groupId]);

      await eventually(async () => (await ready()).status === 200, 60_000, 'ready once the group has joined');
      expect(service.runtime.transport?.pendingGroups).toEqual([]);
      await eventually(async () => applied.includes('e1'), 30_000, 'the partition the stuck member held to be consumed');
    } finally {
      release();
      await stuck.disconnect();
      await service?.close();
    }

    // Closing left the group (LeaveGroup): no member waits out a session.
    const admin = testKafka('startup-admin').admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0].members).toEqual([]);
    } finally {
      await admin.disconnect();
      await bus.close();
    }
  }, 120_000);
});
