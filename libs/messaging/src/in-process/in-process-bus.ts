import { partitionForKey, type ConsumerHandle, type ConsumerOptions, type IncomingMessage, type MessageBus, type OutgoingMessage } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleep, type MessagingLogger } from '../logger';

interface PartitionLog {
  /** Offset of messages[0]; messages every group has passed are trimmed away. */
  base: number;
  messages: IncomingMessage[];
}

interface GroupState {
  options: ConsumerOptions;
  /** Next offset to deliver, per `${topic}:${partition}`. */
  positions: Map<string, number>;
  running: boolean;
  wake: (() => void) | undefined;
  loop: Promise<void>;
}

interface PendingAck {
  /** Every (group, topic, partition) that must pass `offset` before the publish resolves. */
  waits: { group: GroupState; slot: string; offset: number }[];
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface InProcessBusOptions {
  /** Partitions per topic (a key always maps to the same one, so per-key order holds). */
  partitions?: number;
  /**
   * When true, `publish` resolves only after every consumer group subscribed to the topic has processed
   * the messages. The outbox relay then marks rows published only once their effects are committed, so a
   * crash of the single embedded process cannot lose an event that lived only in memory.
   */
  ackAfterDelivery?: boolean;
  maxBatchSize?: number;
  logger?: MessagingLogger;
}

/**
 * The embedded mode's event bus: the same interface and guarantees as the Kafka transport (per-key order,
 * at-least-once, consumer groups with their own positions, redelivery after a failed batch), in memory.
 */
export class InProcessBus implements MessageBus {
  readonly kind = 'in-process' as const;
  private readonly logs = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, GroupState>();
  private readonly pending = new Set<PendingAck>();
  private readonly partitions: number;
  private readonly maxBatchSize: number;
  private readonly logger: MessagingLogger;
  private closed = false;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.partitions = options.partitions ?? 3;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.logger = options.logger ?? silentLogger;
  }

  private topicLog(topic: string): PartitionLog[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => ({ base: 0, messages: [] }));
      this.logs.set(topic, log);
    }
    return log;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('in-process bus is closed');
    const touched = new Map<string, number>();
    for (const m of messages) {
      const partition = partitionForKey(m.key, this.partitions);
      const log = this.topicLog(m.topic)[partition];
      const offset = log.base + log.messages.length;
      log.messages.push({ topic: m.topic, partition, offset: String(offset), key: m.key, value: m.value, headers: { ...m.headers } });
      touched.set(`${m.topic}:${partition}`, offset);
    }
    const waits: PendingAck['waits'] = [];
    for (const group of this.groups.values()) {
      for (const [slot, offset] of touched) {
        const topic = slot.slice(0, slot.lastIndexOf(':'));
        if (group.running && group.options.topics.includes(topic)) waits.push({ group, slot, offset });
      }
      group.wake?.();
    }
    if (!this.options.ackAfterDelivery || waits.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      const ack: PendingAck = { waits, resolve, reject };
      this.pending.add(ack);
      this.settleAcks();
    });
  }

  private settleAcks(): void {
    for (const ack of this.pending) {
      const done = ack.waits.every(({ group, slot, offset }) => !group.running || (group.positions.get(slot) ?? 0) > offset);
      if (done) {
        this.pending.delete(ack);
        ack.resolve();
      }
    }
  }

  async consume(options: ConsumerOptions): Promise<ConsumerHandle> {
    if (this.groups.has(options.groupId)) throw new Error(`consumer group ${options.groupId} already consumes`);
    const state: GroupState = { options, positions: new Map(), running: true, wake: undefined, loop: Promise.resolve() };
    for (const topic of options.topics) {
      this.topicLog(topic).forEach((log, partition) => {
        state.positions.set(`${topic}:${partition}`, options.fromBeginning === false ? log.base + log.messages.length : log.base);
      });
    }
    this.groups.set(options.groupId, state);
    state.loop = this.run(state);
    return {
      groupId: options.groupId,
      stop: async () => {
        state.running = false;
        state.wake?.();
        await state.loop;
        this.groups.delete(options.groupId);
        this.settleAcks();
      },
    };
  }

  private async run(state: GroupState): Promise<void> {
    const failures = new Map<string, number>();
    while (state.running) {
      let delivered = false;
      for (const [slot, position] of state.positions) {
        if (!state.running) break;
        const [topic, partition] = [slot.slice(0, slot.lastIndexOf(':')), Number(slot.slice(slot.lastIndexOf(':') + 1))];
        const log = this.topicLog(topic)[partition];
        const start = Math.max(position, log.base);
        const batch = log.messages.slice(start - log.base, start - log.base + this.maxBatchSize);
        if (batch.length === 0) continue;
        delivered = true;
        let resolved = start - 1;
        try {
          await state.options.handleBatch(
            batch.map((m) => ({ ...m, headers: { ...m.headers } })),
            {
              resolveOffset: (offset) => {
                resolved = Math.max(resolved, Number(offset));
                state.positions.set(slot, resolved + 1);
              },
              heartbeat: async () => undefined,
              isRunning: () => state.running,
            },
          );
          failures.delete(slot);
        } catch (error) {
          const attempt = (failures.get(slot) ?? 0) + 1;
          failures.set(slot, attempt);
          this.logger.warn({ groupId: state.options.groupId, topic, partition, offset: resolved + 1, attempt, err: errorInfo(error) }, 'batch failed; redelivering');
          await sleep(backoffMs(attempt, 100, 5_000));
        }
        this.settleAcks();
        this.trim(topic, partition);
      }
      if (!delivered && state.running) {
        await new Promise<void>((resolve) => {
          state.wake = resolve;
          setTimeout(resolve, 1_000).unref();
        });
        state.wake = undefined;
      }
    }
  }

  /** Drops messages every group subscribed to the topic has passed, so memory stays bounded. */
  private trim(topic: string, partition: number): void {
    const log = this.topicLog(topic)[partition];
    if (log.messages.length < 10_000) return;
    let min = log.base + log.messages.length;
    for (const g of this.groups.values()) {
      const p = g.positions.get(`${topic}:${partition}`);
      if (p !== undefined) min = Math.min(min, p);
    }
    const drop = min - log.base;
    if (drop > 0) {
      log.messages.splice(0, drop);
      log.base = min;
    }
  }

  /** True when every running consumer group has processed every message of the topics it consumes. */
  isDrained(): boolean {
    for (const group of this.groups.values()) {
      if (!group.running) continue;
      for (const [slot, position] of group.positions) {
        const topic = slot.slice(0, slot.lastIndexOf(':'));
        const log = this.topicLog(topic)[Number(slot.slice(slot.lastIndexOf(':') + 1))];
        if (position < log.base + log.messages.length) return false;
      }
    }
    return true;
  }

  /**
   * Resolves once the bus has stayed drained for `stableMs` (long enough for outbox relays to have
   * published what the last deliveries wrote): the embedded mode uses it to say "ready" truthfully.
   */
  async whenDrained(stableMs = 500, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let since: number | undefined;
    while (Date.now() < deadline) {
      if (this.isDrained()) {
        since ??= Date.now();
        if (Date.now() - since >= stableMs) return;
      } else {
        since = undefined;
      }
      await sleep(25);
    }
    throw new Error(`in-process bus not drained after ${timeoutMs} ms`);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('in-process bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.groups.values()) {
      g.running = false;
      g.wake?.();
    }
    await Promise.allSettled([...this.groups.values()].map((g) => g.loop));
    for (const ack of this.pending) ack.reject(new Error('in-process bus closed before delivery'));
    this.pending.clear();
  }
}
