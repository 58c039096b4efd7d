import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { provisionedTopics } from '@roster/contracts';

export interface ProvisionOptions {
  partitions?: number;
  replicationFactor?: number;
  /** The deployment's topic namespace (KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
  /**
   * Topic configuration set on every topic, new and existing (e.g. `retention.ms`, `segment.ms`: every
   * topic carries ids of people, so the chart gives each a finite retention; docs/privacy.md). Existing
   * topics get exactly these dynamic settings (AlterConfigs replaces a topic's dynamic configuration).
   */
  config?: Record<string, string>;
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
      ...(options.config ? { configEntries: Object.entries(options.config).map(([name, value]) => ({ name, value })) } : {}),
    }));
    const missing = wanted.filter((t) => !existing.has(t.topic));
    // A broker still electing leaders for new partitions answers "does not host this topic-partition";
    // creating again is harmless (existing topics are skipped), so retry a few times.
    for (let attempt = 1; missing.length > 0; attempt++) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
        await admin.fetchTopicMetadata({ topics: missing.map((t) => t.topic) });
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
    const kept = wanted.filter((t) => existing.has(t.topic));
    if (options.config && kept.length > 0) {
      const configEntries = Object.entries(options.config).map(([name, value]) => ({ name, value }));
      await admin.alterConfigs({ validateOnly: false, resources: kept.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.topic, configEntries })) });
    }
    return { created: missing.map((t) => t.topic), existing: kept.map((t) => t.topic) };
  } finally {
    await admin.disconnect();
  }
}
