import { MikroORM } from '@mikro-orm/postgresql';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { createTestDatabase, createTopics, dropTestDatabase, eventually, testBrokers, testKafka, uniqueSuffix } from '@roster/testing';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import { DEFAULT_CONSUMER_TIMEOUTS } from '../kafka/kafka-config';
import { createMessagingTablesForTests } from '../testing/messaging-tables';
import { InboxConsumer } from './inbox-consumer';

/**
 * Sessions are short (10 s, ADR 0007) so that a dead replica's partitions move quickly; a live consumer whose
 * handler takes longer than that must keep its membership: the inbox heartbeats while the handler runs.
 */
describe('a handler slower than the session timeout keeps its group membership (real broker)', () => {
  let url: string;
  let orm: MikroORM;
  let bus: KafkaMessageBus;

  beforeAll(async () => {
    url = await createTestDatabase('inbox_heartbeat');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await createMessagingTablesForTests(orm.em.fork());
    bus = new KafkaMessageBus({ clientId: 'inbox-heartbeat', brokers: testBrokers() });
  });

  afterAll(async () => {
    await bus.close();
    await orm.close(true);
    await dropTestDatabase(url);
  });

  it('is still a member of a stable group after the session timeout has passed inside the handler', async () => {
    const topic = `heartbeat.${uniqueSuffix()}.v1`;
    const groupId = `heartbeat-${uniqueSuffix()}`;
    await createTopics([topic], 1);
    const event = { id: 'slow', type: 'test.slow', source: 't', subject: 'k', time: new Date().toISOString(), districtId: 'd', version: 1, data: {} };
    await bus.publish([{ topic, key: 'k', value: JSON.stringify(event), headers: {} }]);
    let entered = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumer = new InboxConsumer({
      orm,
      bus,
      groupId,
      topics: [topic],
      parse: (value) => envelopeSchema.parse(JSON.parse(value)) as Envelope,
      handle: async () => {
        entered = Date.now();
        await released;
      },
    });
    await consumer.start();
    const admin = testKafka('heartbeat-admin').admin();
    await admin.connect();
    try {
      await eventually(async () => entered > 0, 30_000, 'the handler to start');
      await new Promise((r) => setTimeout(r, DEFAULT_CONSUMER_TIMEOUTS.sessionTimeoutMs + 2_000));
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({ state: 'Stable' });
      expect(groups[0].members).toHaveLength(1);
    } finally {
      release();
      await admin.disconnect();
      await consumer.stop();
    }
  }, 60_000);
});
