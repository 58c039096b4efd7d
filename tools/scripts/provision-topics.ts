/**
 * Creates every topic of the contracts registry (and the dead-letter topics) on KAFKA_BROKERS, idempotently.
 * The Helm chart runs it as a Job (`node dist/tools/scripts/provision-topics.js`); locally: `npm run topics:provision`.
 *   TOPIC_PARTITIONS           partitions of each main topic (default: the registry's, 6)
 *   TOPIC_REPLICATION_FACTOR   default 1 (use 3 on a real cluster)
 *   KAFKA_TOPIC_PREFIX         this deployment's topic namespace (default none)
 */
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv, provisionTopics, topicPrefixFromEnv } from '@roster/messaging';

async function main(): Promise<void> {
  const kafka = new Kafka({ ...kafkaConfigFromEnv('roster-topic-provisioner'), logLevel: logLevel.ERROR });
  const partitions = process.env.TOPIC_PARTITIONS ? Number(process.env.TOPIC_PARTITIONS) : undefined;
  const replicationFactor = Number(process.env.TOPIC_REPLICATION_FACTOR ?? 1);
  const result = await provisionTopics(kafka, { partitions, replicationFactor, topicPrefix: topicPrefixFromEnv() });
  process.stdout.write(JSON.stringify({ msg: 'topics provisioned', created: result.created, existing: result.existing.length }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`topic provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
