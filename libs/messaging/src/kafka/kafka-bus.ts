import { Kafka, logLevel, CompressionTypes, type Consumer, type Producer, type KafkaConfig, type IHeaders } from 'kafkajs';
import { MessageTooLargeError, type ConsumerHandle, type ConsumerOptions, type IncomingMessage, type MessageBus, type OutgoingMessage } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleepWithHeartbeat, type MessagingLogger } from '../logger';
import { BrokerConnectionState, isConnectionTrouble } from './connection-state';
import { DEFAULT_CONSUMER_TIMEOUTS, type ConsumerTimeouts } from './kafka-config';

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => x.toString()).join(',') : v.toString();
  }
  return out;
}

/** kafkajs wraps a broker's answer in retry errors; the protocol error is somewhere down the causes. */
function protocolErrorType(error: unknown): string | undefined {
  for (let e = error as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    if (typeof e.type === 'string') return e.type;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return undefined;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 8; depth++) {
    parts.push(`${String(e.name ?? '')}: ${String(e.message ?? e)}`);
    e = e.cause as typeof e;
  }
  return parts.join(' <- ');
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
  private readonly timeouts: ConsumerTimeouts;
  /** One log line per change of the broker connection (kafkajs' own retries stay at debug). */
  readonly connection: BrokerConnectionState;

  /**
   * `topicPrefix` namespaces every topic on the wire (KAFKA_TOPIC_PREFIX): several environments, or
   * parallel test runs, can share one cluster. Callers keep using the registry's logical names.
   */
  constructor(
    config: KafkaConfig & { consumerTimeouts?: Partial<ConsumerTimeouts> },
    private readonly logger: MessagingLogger = silentLogger,
    private readonly topicPrefix = '',
  ) {
    const { consumerTimeouts, ...kafkaConfig } = config;
    this.timeouts = { ...DEFAULT_CONSUMER_TIMEOUTS, ...consumerTimeouts };
    this.connection = new BrokerConnectionState(logger, kafkaConfig.clientId ?? 'kafka');
    // kafkajs logs retriable broker answers (coordinator loading, rebalances, every connection retry) as
    // errors; they are routine, so its log goes to our logger at debug level. A lost broker connection is
    // made visible once per state change by `connection` instead of once per retry.
    const logCreator = () => (entry: { namespace: string; level: number; log: { message: string; error?: unknown } }) => {
      const text = `${entry.log.message}${entry.log.error ? `: ${String(entry.log.error)}` : ''}`;
      this.logger.debug({ kafkajs: entry.namespace }, text);
      if (entry.level <= logLevel.WARN && isConnectionTrouble(entry.namespace, text)) this.connection.down(text);
    };
    this.kafka = new Kafka({ logLevel: logLevel.WARN, logCreator, retry: { retries: 8, initialRetryTime: 200 }, ...kafkaConfig });
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
    try {
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic: this.topicPrefix + topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    } catch (error) {
      if (protocolErrorType(error) === 'MESSAGE_TOO_LARGE') {
        throw new MessageTooLargeError(`the broker refused ${messages.length} message(s) as too large (message.max.bytes)`, { cause: error });
      }
      if (isConnectionTrouble('', errorText(error))) this.connection.down(errorText(error));
      throw error;
    }
    this.connection.up();
  }

  async consume(options: ConsumerOptions): Promise<ConsumerHandle> {
    // Groups are namespaced like topics: two deployments sharing a broker must not share a group, or
    // they would take each other's partitions (kafkajs assigns regardless of subscriptions).
    const consumer = this.kafka.consumer({
      groupId: this.topicPrefix + options.groupId,
      allowAutoTopicCreation: true,
      sessionTimeout: this.timeouts.sessionTimeoutMs,
      rebalanceTimeout: this.timeouts.rebalanceTimeoutMs,
      heartbeatInterval: this.timeouts.heartbeatIntervalMs,
      // Fetch sizes bound what a consumer holds in memory (a response's messages keep its buffer alive): 1 MiB
      // per partition is ≈ 1,600 roster envelopes, more than a handler batch; 4 MiB per fetch across partitions
      // (kafkajs' defaults: 1 MiB and 10 MiB). The broker still returns a record batch larger than these.
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 4 * 1024 * 1024,
    });
    this.consumers.add(consumer);
    const up = () => this.connection.up();
    consumer.on(consumer.events.GROUP_JOIN, up);
    consumer.on(consumer.events.HEARTBEAT, up);
    consumer.on(consumer.events.FETCH, up);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const text = errorText(payload.error);
      if (isConnectionTrouble('', text)) this.connection.down(text);
      else this.logger.warn({ groupId: options.groupId, err: errorInfo(payload.error), restart: payload.restart }, 'Kafka consumer crashed');
    });
    // consume() resolves once the group has been joined: the caller's readiness depends on it. kafkajs'
    // run() returns early when its first join fails (it restarts the consumer on its own, later).
    let joined!: () => void;
    let failed!: (error: unknown) => void;
    const hasJoined = new Promise<void>((resolve, reject) => ((joined = resolve), (failed = reject)));
    hasJoined.catch(() => undefined);
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    // A crash kafkajs will not restart on its own (a non-retriable error) ends the wait: the caller retries.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) failed(payload.error);
    });
    try {
      await this.startConsumer(consumer, options);
      await hasJoined;
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      groupId: options.groupId,
      // disconnect() sends LeaveGroup: the partitions move to the other members at once (no session wait).
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  private async startConsumer(consumer: Consumer, options: ConsumerOptions): Promise<void> {
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
          await commitOffsetsIfNecessary().catch(() => undefined);
          // Heartbeats during the wait keep the membership (the session timeout is shorter than the backoff cap).
          await sleepWithHeartbeat(backoffMs(attempt, 200, 10_000), heartbeat, this.timeouts.heartbeatIntervalMs, () => isRunning() && !isStale());
          if (isRunning() && !isStale()) consumer.seek({ topic: batch.topic, partition: batch.partition, offset: next });
          return;
        }
        await commitOffsetsIfNecessary();
      },
    });
  }

  async ping(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      this.connection.up();
    } catch (error) {
      if (isConnectionTrouble('', errorText(error))) this.connection.down(errorText(error));
      throw error;
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
