/**
 * Topic provisioning sets a finite retention on every topic, new and existing (the Helm chart's topic Job passes
 * kafka.topics.retentionMs / segmentMs; docs/privacy.md): on the real broker.
 */
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { provisionedTopics } from '@roster/contracts';
import { provisionTopics } from '@roster/messaging';
import { testBrokers, uniqueSuffix } from '@roster/testing';

jest.setTimeout(120_000);

async function retention(kafka: Kafka, topics: string[]): Promise<Map<string, { retention: string; segment: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const d = await admin.describeConfigs({ includeSynonyms: false, resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'segment.ms'] })) });
    return new Map(d.resources.map((r) => [r.resourceName, { retention: r.configEntries.find((e) => e.configName === 'retention.ms')!.configValue, segment: r.configEntries.find((e) => e.configName === 'segment.ms')!.configValue }]));
  } finally {
    await admin.disconnect();
  }
}

it('creates every topic with retention.ms and segment.ms, and sets them on topics that already exist', async () => {
  const kafka = new Kafka({ clientId: 'retention-test', brokers: testBrokers(), logLevel: logLevel.NOTHING });
  const prefix = `t${uniqueSuffix()}.`;
  const topics = provisionedTopics().map((t) => prefix + t.name);
  // Some exist already, without any retention of their own (as in a deployment from before the setting).
  await provisionTopics(kafka, { topicPrefix: prefix, partitions: 1 });
  const before = await retention(kafka, topics);
  expect([...before.values()].every((v) => v.retention !== '3600000')).toBe(true);

  const result = await provisionTopics(kafka, { topicPrefix: prefix, partitions: 1, config: { 'retention.ms': '3600000', 'segment.ms': '600000' } });
  expect(result.existing.sort()).toEqual([...topics].sort());
  const after = await retention(kafka, topics);
  expect([...after.keys()].sort()).toEqual([...topics].sort());
  for (const [topic, v] of after) expect({ topic, ...v }).toEqual({ topic, retention: '3600000', segment: '600000' });

  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});
