import type { Kafka } from 'kafkajs';
import { provisionedTopics } from '@roster/contracts';

export interface ProvisionOptions {
  partitions?: number;
  replicationFactor?: number;
  /** The deployment's topic namespace (KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
}

/** Creates every topic of the contracts registry (and its .dlq) that does not exist yet. Idempotent. */
export async function provisionTopics(kafka: Kafka, options: ProvisionOptions = {}): Promise<{ created: string[]; existing: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = provisionedTopics().map((t) => ({
      topic: (options.topicPrefix ?? '') + t.name,
      numPartitions: t.name.endsWith('.dlq') ? 1 : (options.partitions ?? t.partitions),
      replicationFactor: options.replicationFactor ?? 1,
    }));
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    return { created: missing.map((t) => t.topic), existing: wanted.filter((t) => existing.has(t.topic)).map((t) => t.topic) };
  } finally {
    await admin.disconnect();
  }
}
