import { Kafka, logLevel, CompressionTypes, type Consumer, type Producer, type KafkaConfig, type IHeaders } from 'kafkajs';
import type { ConsumerHandle, ConsumerOptions, IncomingMessage, MessageBus, OutgoingMessage } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleep, type MessagingLogger } from '../logger';

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => x.toString()).join(',') : v.toString();
  }
  return out;
}

/**
 * The Kafka transport (kafkajs). The producer is idempotent with one request in flight, so a retried
 * send cannot reorder a key's messages. Consumers use `eachBatch` with manual offset resolution and
 * exactly the group id they are given.
 */
export class KafkaMessageBus implements MessageBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private producerReady: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();

  /**
   * `topicPrefix` namespaces every topic on the wire (KAFKA_TOPIC_PREFIX): several environments, or
   * parallel test runs, can share one cluster. Callers keep using the registry's logical names.
   */
  constructor(
    config: KafkaConfig,
    private readonly logger: MessagingLogger = silentLogger,
    private readonly topicPrefix = '',
  ) {
    // kafkajs logs retriable broker answers (coordinator loading, rebalances) as errors; they are
    // routine, so its log goes to our logger at debug level and real failures surface as exceptions.
    const logCreator = () => (entry: { namespace: string; log: { message: string } }) =>
      this.logger.debug({ kafkajs: entry.namespace }, entry.log.message);
    this.kafka = new Kafka({ logLevel: logLevel.WARN, logCreator, retry: { retries: 8, initialRetryTime: 200 }, ...config });
  }

  private getProducer(): Promise<Producer> {
    if (!this.producerReady) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      this.producerReady = producer.connect().then(() => {
        this.producer = producer;
        return producer;
      });
      this.producerReady.catch(() => (this.producerReady = undefined));
    }
    return this.producerReady;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.getProducer();
    // Group by topic but keep each topic's messages in their original order.
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push(m);
      byTopic.set(m.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.topicPrefix + topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async consume(options: ConsumerOptions): Promise<ConsumerHandle> {
    // Groups are namespaced like topics: two deployments sharing a broker must not share a group, or
    // they would take each other's partitions (kafkajs assigns regardless of subscriptions).
    const consumer = this.kafka.consumer({
      groupId: this.topicPrefix + options.groupId,
      allowAutoTopicCreation: true,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics.map((t) => this.topicPrefix + t), fromBeginning: options.fromBeginning ?? true });
    const failures = new Map<string, number>();
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
        if (batch.messages.length === 0) return;
        const logicalTopic = batch.topic.slice(this.topicPrefix.length);
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic: logicalTopic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString() ?? null,
          value: m.value?.toString() ?? null,
          headers: decodeHeaders(m.headers),
        }));
        let lastResolved: string | undefined;
        const partitionKey = `${batch.topic}:${batch.partition}`;
        try {
          await options.handleBatch(messages, {
            resolveOffset: (offset) => {
              resolveOffset(offset);
              lastResolved = offset;
            },
            heartbeat,
            isRunning: () => isRunning() && !isStale(),
          });
          failures.delete(partitionKey);
        } catch (error) {
          // Deliver again from the first unprocessed message, after a backoff, without crashing the consumer.
          const attempt = (failures.get(partitionKey) ?? 0) + 1;
          failures.set(partitionKey, attempt);
          const next = lastResolved === undefined ? messages[0].offset : (BigInt(lastResolved) + 1n).toString();
          this.logger.warn(
            { groupId: options.groupId, topic: batch.topic, partition: batch.partition, offset: next, attempt, err: errorInfo(error) },
            'batch failed; redelivering',
          );
          await commitOffsetsIfNecessary();
          await sleep(backoffMs(attempt, 200, 10_000));
          if (isRunning() && !isStale()) consumer.seek({ topic: batch.topic, partition: batch.partition, offset: next });
          return;
        }
        await commitOffsetsIfNecessary();
      },
    });
    return {
      groupId: options.groupId,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async ping(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    if (this.producer) await this.producer.disconnect();
    this.producer = undefined;
    this.producerReady = undefined;
  }

  /** The underlying client, for admin tasks (topic provisioning, group descriptions in tests). */
  client(): Kafka {
    return this.kafka;
  }
}
