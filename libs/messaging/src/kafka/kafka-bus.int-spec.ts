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
