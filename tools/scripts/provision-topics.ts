/**
 * Creates every topic of the contracts registry (and the dead-letter topics) on KAFKA_BROKERS, idempotently.
 * The Helm chart runs it as a Job (`node dist/tools/scripts/provision-topics.js`); locally: `npm run topics:provision`.
 *   TOPIC_PARTITIONS           partitions of each main topic (default: the registry's, 6)
 *   TOPIC_REPLICATION_FACTOR   default 1 (use 3 on a real cluster)
 *   KAFKA_TOPIC_PREFIX         this deployment's topic namespace (default none)
 *   TOPIC_RETENTION_MS         retention.ms of every topic, set on new and existing topics (default: the broker's);
 *                              every topic carries ids of people, so the Helm chart always sets it (docs/privacy.md)
 *   TOPIC_SEGMENT_MS           segment.ms of every topic: a message is deleted with its segment, at most
 *                              segment.ms + retention.ms after it was written (default: the broker's)
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv, provisionTopics, topicPrefixFromEnv } from '@roster/messaging';

async function main(): Promise<void> {
  const kafka = new Kafka({ ...kafkaConfigFromEnv('roster-topic-provisioner'), logLevel: logLevel.ERROR });
  const partitions = process.env.TOPIC_PARTITIONS ? Number(process.env.TOPIC_PARTITIONS) : undefined;
  const replicationFactor = Number(process.env.TOPIC_REPLICATION_FACTOR ?? 1);
  const config: Record<string, string> = {};
  for (const [env, name] of [['TOPIC_RETENTION_MS', 'retention.ms'], ['TOPIC_SEGMENT_MS', 'segment.ms']] as const) {
    const value = process.env[env];
    if (value === undefined || value === '') continue;
    if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`${env} must be a positive number of milliseconds, got '${value}'`);
    config[name] = value;
  }
  const result = await provisionTopics(kafka, { partitions, replicationFactor, topicPrefix: topicPrefixFromEnv(), config: Object.keys(config).length > 0 ? config : undefined });
  process.stdout.write(JSON.stringify({ msg: 'topics provisioned', created: result.created, existing: result.existing.length, config }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`topic provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
