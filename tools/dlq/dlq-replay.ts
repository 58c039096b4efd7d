import type { Kafka, IHeaders } from 'kafkajs';
import type { MessageBus } from '@roster/messaging';

export interface ReplayOptions {
  kafka: Kafka;
  /** Publishes the replayed messages (logical topic names; the bus adds the deployment's prefix). */
  bus: MessageBus;
  /** The dead-letter topic, logical name (e.g. `identity.accounts.v1.dlq`). */
  topic: string;
  /** Only messages dead-lettered by this consumer group (`x-consumer-group`). */
  group?: string;
  dryRun: boolean;
  /** KAFKA_TOPIC_PREFIX: the topic and the replay's own group live under it on the wire. */
  topicPrefix?: string;
  /** One line per message and a summary. */
  print: (line: string) => void;
  /** Fails when no message arrives for this long while some are still expected (default 60 s). */
  idleTimeoutMs?: number;
}

export interface ReplaySummary {
  replayed: number;
  skipped: number;
  unreplayable: number;
  /** The replay's own consumer group, where its progress is committed. */
  progressGroup: string;
}

/** The headers the dead-lettering consumer added (libs/messaging InboxConsumer.deadLetter); not replayed. */
const DLQ_HEADERS = ['x-original-topic', 'x-original-partition', 'x-original-offset', 'x-consumer-group', 'x-error-code', 'x-error-message', 'x-attempts', 'x-dead-lettered-at'];

/** The replay's own consumer group: one per dead-letter topic and group filter, so filters keep separate progress. */
export function progressGroupId(topic: string, group: string | undefined): string {
  return `roster.dlq-replay.${topic}${group ? `.${group}` : ''}`;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

function messageId(value: string, headers: Record<string, string>): string {
  if (headers.ce_id) return headers.ce_id;
  try {
    const id = (JSON.parse(value) as { id?: unknown }).id;
    return typeof id === 'string' ? id : '?';
  } catch {
    return '?';
  }
}

/**
 * Republishes the messages of a dead-letter topic to the topics they were dead-lettered from (payload, key and
 * headers as they were, plus `x-replayed-from`), reading from where the previous replay with the same filter
 * stopped up to the end as it was at the start. Progress is committed after each message is published, so a
 * second run does not replay it again (and a crash replays at most the one message in flight, which the
 * consumers' inboxes absorb). A dry run reads and prints, publishes and commits nothing.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplaySummary> {
  const prefix = options.topicPrefix ?? '';
  const wireTopic = prefix + options.topic;
  const progressGroup = progressGroupId(options.topic, options.group);
  const summary: ReplaySummary = { replayed: 0, skipped: 0, unreplayable: 0, progressGroup };

  const admin = options.kafka.admin();
  await admin.connect();
  let pending: Map<number, bigint>;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(wireTopic)) throw new ReplayInputError(`topic '${wireTopic}' does not exist`);
    const ends = await admin.fetchTopicOffsets(wireTopic);
    const [committed] = await admin.fetchOffsets({ groupId: prefix + progressGroup, topics: [wireTopic] });
    const committedOf = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    // Per partition: the last offset to replay in this run (the end as it is now), if anything is left.
    pending = new Map();
    for (const p of ends) {
      const high = BigInt(p.high);
      const start = (committedOf.get(p.partition) ?? -1n) >= 0n ? committedOf.get(p.partition)! : BigInt(p.low);
      if (start < high) pending.set(p.partition, high - 1n);
    }
  } finally {
    await admin.disconnect();
  }
  if (pending.size === 0) return summary;

  const consumer = options.kafka.consumer({ groupId: prefix + progressGroup, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [wireTopic], fromBeginning: true });
    let lastProgress = Date.now();
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      void consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
          const last = pending.get(batch.partition);
          for (const m of batch.messages) {
            if (!isRunning() || last === undefined || BigInt(m.offset) > last) break;
            try {
              await replayOne(m.offset, batch.partition, m.key?.toString() ?? null, m.value?.toString() ?? null, decodeHeaders(m.headers));
            } catch (error) {
              failure = error;
              reject(error instanceof Error ? error : new Error(String(error)));
              return;
            }
            resolveOffset(m.offset);
            if (!options.dryRun) await consumer.commitOffsets([{ topic: wireTopic, partition: batch.partition, offset: (BigInt(m.offset) + 1n).toString() }]);
            lastProgress = Date.now();
            await heartbeat();
            if (BigInt(m.offset) >= last) {
              pending.delete(batch.partition);
              if (pending.size === 0) resolve();
              break;
            }
          }
        },
      }).catch(reject);
    });
    const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    const watchdog = new Promise<never>((_, reject) => {
      const timer = setInterval(() => {
        if (pending.size === 0 || failure) return clearInterval(timer);
        if (Date.now() - lastProgress > idleTimeoutMs) {
          clearInterval(timer);
          reject(new Error(`no message arrived for ${idleTimeoutMs} ms while partitions ${[...pending.keys()].join(', ')} still had messages to replay`));
        }
      }, 1_000);
      timer.unref();
    });
    await Promise.race([done, watchdog]);
  } finally {
    await consumer.disconnect();
  }
  return summary;

  async function replayOne(offset: string, partition: number, key: string | null, value: string | null, headers: Record<string, string>): Promise<void> {
    const where = `${options.topic}[${partition}@${offset}]`;
    const group = headers['x-consumer-group'];
    const target = headers['x-original-topic'];
    if (options.group && group !== options.group) {
      summary.skipped++;
      options.print(`skipped      ${where}: dead-lettered by ${group ?? '(no group)'}, not ${options.group}`);
      return;
    }
    if (!target || value === null) {
      summary.unreplayable++;
      options.print(`NOT REPLAYED ${where}: ${!target ? 'no x-original-topic header' : 'no value'} (not a dead letter of libs/messaging?)`);
      return;
    }
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !DLQ_HEADERS.includes(k)));
    const line = `${where} → ${target} key=${key ?? ''} id=${messageId(value, headers)} group=${group ?? '?'} error=${headers['x-error-code'] ?? '?'}`;
    if (options.dryRun) {
      options.print(`would replay ${line}`);
    } else {
      await options.bus.publish([{ topic: target, key: key ?? '', value, headers: { ...kept, 'x-replayed-from': `${options.topic}:${partition}:${offset}` } }]);
      options.print(`replayed     ${line}`);
    }
    summary.replayed++;
  }
}

/** Bad input from the operator (arguments, a topic that does not exist): exit code 2. */
export class ReplayInputError extends Error {}
