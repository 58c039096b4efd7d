/**
 * The transport seam. Services never talk to kafkajs directly: the Kafka transport and the embedded
 * mode's in-process bus both implement this interface, and one contract suite runs against both.
 */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface BatchContext {
  /** Marks every message up to and including this one as processed (its offset may be committed). */
  resolveOffset(offset: string): void;
  /** Keeps the consumer's group membership alive during long batches. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping: finish the current message and return. */
  isRunning(): boolean;
}

export interface ConsumerOptions {
  /** The exact consumer group id (no suffix is added). */
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. Services start from the earliest message. */
  fromBeginning?: boolean;
  /**
   * Called with messages of ONE partition, in offset order. Throwing makes the transport deliver the
   * messages after the last resolved offset again (after a backoff): at-least-once.
   */
  handleBatch(messages: IncomingMessage[], ctx: BatchContext): Promise<void>;
  /** How many partitions are processed at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

/**
 * The transport refused a publish because a message (or the batch it travelled in) is larger than the
 * broker accepts (Kafka's MESSAGE_TOO_LARGE, `message.max.bytes`). Retrying the same batch cannot succeed:
 * the outbox relay splits it, and parks a single message that still does not fit.
 */
export class MessageTooLargeError extends Error {
  readonly code = 'MESSAGE_TOO_LARGE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageTooLargeError';
  }
}

export interface ConsumerHandle {
  readonly groupId: string;
  stop(): Promise<void>;
}

export interface MessageBus {
  readonly kind: 'kafka' | 'in-process';
  /** Publishes messages; resolves once the transport has accepted all of them, in order per key. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  consume(options: ConsumerOptions): Promise<ConsumerHandle>;
  /** Throws when the transport is not usable (readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Stable partition choice for a key (murmur2, as Kafka's default partitioner, for the in-process bus). */
export function partitionForKey(key: string, partitions: number): number {
  const data = Buffer.from(key);
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = seed ^ length;
  let i = 0;
  while (length - i >= 4) {
    let k = data.readInt32LE(i);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
    i += 4;
  }
  switch (length - i) {
    case 3:
      h ^= data[i + 2] << 16;
    // falls through
    case 2:
      h ^= data[i + 1] << 8;
    // falls through
    case 1:
      h ^= data[i];
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return (h & 0x7fffffff) % partitions;
}
