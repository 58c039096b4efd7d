import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';

export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests through Jest (libs/testing global setup).');
  return brokers.split(',');
}

/** A unique suffix so that each test file gets its own topics and consumer groups. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ clientId, brokers: testBrokers(), logLevel: logLevel.NOTHING });
}

/**
 * Creates topics and waits for their leaders. A busy single-node broker can answer the leader wait with
 * "does not host this topic-partition" while the topic is still being created; that is retried.
 */
export async function createTopics(topics: string[], partitions = 3): Promise<void> {
  const admin = testKafka('test-admin').admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.createTopics({
          topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
          waitForLeaders: true,
        });
        await admin.fetchTopicMetadata({ topics });
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

/** A consumer that reads topics from the beginning and keeps every message, for assertions. */
export class TopicCollector {
  readonly messages: CollectedMessage[] = [];
  private consumer: Consumer | undefined;

  static async start(topics: string[]): Promise<TopicCollector> {
    return TopicCollector.startOn(testBrokers(), topics);
  }

  /** The same, on another broker (e.g. the one `npm run stack` started). */
  static async startOn(brokers: string[], topics: string[]): Promise<TopicCollector> {
    const collector = new TopicCollector();
    await collector.run(new Kafka({ clientId: 'collector', brokers, logLevel: logLevel.NOTHING }), topics);
    return collector;
  }

  private async run(kafka: Kafka, topics: string[]): Promise<void> {
    const consumer = kafka.consumer({ groupId: `collector-${uniqueSuffix()}` });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: decodeHeaders(message.headers),
        });
      },
    });
    await joined;
  }

  /** Waits until `predicate` holds for the collected messages, or fails after `timeoutMs`. */
  async waitFor(predicate: (messages: CollectedMessage[]) => boolean, timeoutMs = 30_000): Promise<CollectedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms; collected ${this.messages.length} messages`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** Polls `check` until it returns a truthy value or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
