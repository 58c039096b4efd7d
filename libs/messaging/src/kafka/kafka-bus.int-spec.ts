import { testBrokers, createTopics, uniqueSuffix, testKafka } from '@roster/testing';
import { KafkaMessageBus } from './kafka-bus';
import { describeBusContract } from '../testing/bus-contract';

let bus: KafkaMessageBus;

describeBusContract(
  'Kafka transport',
  async () => {
    bus = new KafkaMessageBus({ clientId: 'contract', brokers: testBrokers() });
    return {
      bus,
      topics: async (count) => {
        const names = Array.from({ length: count }, () => `contract.${uniqueSuffix()}.v1`);
        await createTopics(names, 3);
        return names;
      },
      describeGroup: async (groupId) => {
        const admin = testKafka().admin();
        await admin.connect();
        try {
          const { groups } = await admin.describeGroups([groupId]);
          return groups.find((g) => g.groupId === groupId && g.members.length > 0)?.groupId;
        } finally {
          await admin.disconnect();
        }
      },
    };
  },
  async () => bus.close(),
);

describe('Kafka transport: broker connection state in the log', () => {
  it('logs ONE line when the broker cannot be reached, however often kafkajs retries', async () => {
    const { freePort } = await import('@roster/testing');
    const lines: { level: string; msg: string }[] = [];
    const at = (level: string) => (_: object, msg = '') => void lines.push({ level, msg });
    const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    // Nothing listens on this port: every connection is refused.
    const down = new KafkaMessageBus({ clientId: 'nobody-home', brokers: [`127.0.0.1:${await freePort()}`], retry: { retries: 2, initialRetryTime: 20 } }, logger);
    for (let i = 0; i < 3; i++) await expect(down.ping()).rejects.toThrow();
    await down.close();
    const visible = lines.filter((l) => l.level !== 'debug');
    expect(visible).toEqual([{ level: 'warn', msg: 'Kafka broker unreachable; kafkajs keeps retrying' }]);
    // kafkajs' own retries are still there for whoever turns debug on.
    expect(lines.filter((l) => l.level === 'debug').length).toBeGreaterThan(1);
    expect(down.connection.current).toBe('down');
  });

  it('says nothing while the broker answers', async () => {
    const lines: string[] = [];
    const at = (level: string) => (_: object, msg = '') => void (level !== 'debug' && lines.push(msg));
    const up = new KafkaMessageBus({ clientId: 'healthy', brokers: testBrokers() }, { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
    await up.ping();
    await up.close();
    expect(lines).toEqual([]);
    expect(up.connection.current).toBe('up');
  });
});
