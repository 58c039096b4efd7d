import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ContractError, dlqTopicName, parseEnvelope, type Envelope } from '@roster/contracts';
import { executeStatement, jsonDocument, selectRow, selectRows, sql } from '@roster/persistence';
import type { BatchContext, ConsumerHandle, IncomingMessage, MessageBus } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleepWithHeartbeat, whileHeartbeating, type MessagingLogger } from '../logger';
import { messagingMetrics, type MessagingMetrics } from '../metrics';
import { classifyFailure } from './failure-kind';

/** Longest wait between two tries of a message that failed for a transient reason (the database is down). */
const TRANSIENT_BACKOFF_CAP_MS = 15_000;
/** Heartbeats while waiting: well inside the shortest session timeout we allow (6 s). */
const HEARTBEAT_EVERY_MS = 2_000;

export interface InboxMessageMeta {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Applies a batch of NEW events (duplicates already removed) inside the consumer's transaction. Events
 * come in offset order for one partition; the handler should apply them with bulk, version-guarded writes
 * and write its own outbox rows through the same entity manager.
 */
export type InboxHandler = (em: EntityManager, events: Envelope[], meta: InboxMessageMeta[]) => Promise<void>;

export interface DeadLetterInfo {
  message: IncomingMessage;
  envelope: Envelope | undefined;
  errorCode: string;
  errorMessage: string;
  attempts: number;
}

export interface InboxConsumerOptions {
  orm: MikroORM;
  bus: MessageBus;
  /** Exact consumer group id, e.g. `identity.roster`. */
  groupId: string;
  topics: string[];
  handle: InboxHandler;
  /** Attempts before a failing message is dead-lettered (counted in the database). */
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Largest batch applied in one transaction. */
  maxBatchSize?: number;
  partitionsConsumedConcurrently?: number;
  /** Called after a message went to its `.dlq`, e.g. to queue a district resync. */
  onDeadLetter?: (info: DeadLetterInfo) => Promise<void>;
  /** Parses a message value; defaults to the contracts registry (tests may bring their own events). */
  parse?: (value: string) => Envelope;
  /** Runs each message batch inside e.g. a correlation context taken from the headers. */
  wrap?: <T>(message: IncomingMessage, fn: () => Promise<T>) => Promise<T>;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

type Parsed = { message: IncomingMessage; envelope: Envelope } | { message: IncomingMessage; error: ContractError };

/**
 * Consumes topics with effectively-once state: each message id is recorded in `inbox_message` in the
 * same transaction as its effect, so a redelivered message has none. Failures are classified
 * (`classifyFailure`, ADR 0007): a message that is itself wrong (malformed, invalid) goes to `<topic>.dlq`
 * at once; one that failed because the database was unreachable is retried with backoff without being
 * counted; anything else is counted in `inbox_attempt` (its own transaction) and after `maxAttempts` goes
 * to the DLQ with error headers. The partition then moves on.
 */
export class InboxConsumer {
  private handle: ConsumerHandle | undefined;
  private readonly maxAttempts: number;
  private readonly maxBatchSize: number;
  private readonly logger: MessagingLogger;
  private readonly metrics: MessagingMetrics;

  constructor(private readonly options: InboxConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics ?? messagingMetrics();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    this.handle = await this.options.bus.consume({
      groupId: this.options.groupId,
      topics: this.options.topics,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      handleBatch: (messages, ctx) => this.processBatch(messages, ctx),
    });
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }

  private parse(message: IncomingMessage): Parsed {
    try {
      return { message, envelope: (this.options.parse ?? parseEnvelope)(message.value ?? '') };
    } catch (error) {
      if (error instanceof ContractError) return { message, error };
      if (error instanceof SyntaxError) return { message, error: new ContractError('NOT_JSON', 'message value is not JSON') };
      return { message, error: new ContractError('ENVELOPE_INVALID', errorInfo(error).message) };
    }
  }

  async processBatch(messages: IncomingMessage[], ctx: BatchContext): Promise<void> {
    const parsed = messages.map((m) => this.parse(m));
    let transientFailures = 0;
    let i = 0;
    while (i < parsed.length && ctx.isRunning()) {
      const current = parsed[i];
      if ('error' in current) {
        await whileHeartbeating(() => this.deadLetter(current.message, undefined, current.error.code, current.error.message, 0), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
        ctx.resolveOffset(current.message.offset);
        i++;
        continue;
      }
      let end = i;
      while (end < parsed.length && end - i < this.maxBatchSize && 'envelope' in parsed[end]) end++;
      const run = parsed.slice(i, end) as { message: IncomingMessage; envelope: Envelope }[];
      try {
        await whileHeartbeating(() => this.wrap(run[0].message, () => this.apply(run)), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
        ctx.resolveOffset(run[run.length - 1].message.offset);
        i = end;
        transientFailures = 0;
        await ctx.heartbeat();
        continue;
      } catch (error) {
        if (classifyFailure(error) === 'transient') {
          // The database (not a message) failed: the same batch is tried again once it answers.
          await this.waitTransient(run[0], error, ++transientFailures, ctx);
          continue;
        }
        if (run.length === 1) {
          await this.failOne(run[0], error, ctx);
          i = end;
          continue;
        }
      }
      // The batch failed as a whole: find the failing message by applying one at a time.
      for (const item of run) {
        if (!ctx.isRunning()) return;
        await this.applyOneWithRetries(item, ctx);
      }
      i = end;
    }
  }

  private wrap<T>(message: IncomingMessage, fn: () => Promise<T>): Promise<T> {
    return this.options.wrap ? this.options.wrap(message, fn) : fn();
  }

  /** Records the ids and applies the new events, all in one transaction. */
  private async apply(run: { message: IncomingMessage; envelope: Envelope }[]): Promise<void> {
    const em = this.options.orm.em.fork();
    await em.transactional(async (tem) => {
      const seen = new Set<string>();
      const unique = run.filter(({ envelope }) => (seen.has(envelope.id) ? false : (seen.add(envelope.id), true)));
      // One statement per batch: the rows travel as ONE server-side bound JSON parameter.
      const rows = unique.map(({ message, envelope }) => ({ id: envelope.id, topic: message.topic, partition: message.partition, offset: message.offset }));
      const inserted = await selectRows<{ message_id: string }>(
        tem,
        sql`insert into inbox_message (consumer_group, message_id, topic, partition, "offset")
            select ${this.options.groupId}, r.id, r.topic, r.partition, r."offset"
            from json_to_recordset(${jsonDocument(rows)}::json) as r(id text, topic text, partition int, "offset" bigint)
            on conflict (consumer_group, message_id) do update
              set topic = excluded.topic, partition = excluded.partition, "offset" = excluded."offset", received_at = now(), dead_lettered_at = null
              -- A dead-lettered message REPLAYED (dlq:replay: same id, new offset) is applied once more;
              -- the same delivery seen again (same offset) and any applied message stay duplicates.
              where inbox_message.dead_lettered_at is not null
                and (inbox_message.topic, inbox_message.partition, inbox_message."offset") is distinct from (excluded.topic, excluded.partition, excluded."offset")
            returning message_id`,
      );
      const fresh = new Set(inserted.map((r) => r.message_id));
      const apply = unique.filter(({ envelope }) => fresh.has(envelope.id));
      const duplicates = run.length - apply.length;
      if (duplicates > 0) this.metrics.consumed.inc({ group: this.options.groupId, topic: run[0].message.topic, outcome: 'duplicate' }, duplicates);
      if (apply.length > 0) {
        await this.options.handle(
          tem,
          apply.map((a) => a.envelope),
          apply.map(({ message }) => ({ topic: message.topic, partition: message.partition, offset: message.offset })),
        );
        this.metrics.consumed.inc({ group: this.options.groupId, topic: run[0].message.topic, outcome: 'applied' }, apply.length);
      }
    });
  }

  private async applyOneWithRetries(item: { message: IncomingMessage; envelope: Envelope }, ctx: BatchContext): Promise<void> {
    let transientFailures = 0;
    for (;;) {
      try {
        await whileHeartbeating(() => this.wrap(item.message, () => this.apply([item])), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
        ctx.resolveOffset(item.message.offset);
        return;
      } catch (error) {
        if (classifyFailure(error) === 'transient') {
          await this.waitTransient(item, error, ++transientFailures, ctx);
          if (!ctx.isRunning()) return;
          continue;
        }
        const done = await this.failOne(item, error, ctx);
        if (done || !ctx.isRunning()) return;
      }
    }
  }

  /**
   * A transient failure (the database unreachable or restarting, a serialization failure): nothing is
   * counted, the message is not poison. Waits with backoff, heartbeating; the caller tries again.
   * Throws when the consumer is stopping, so the transport redelivers from this message later.
   */
  private async waitTransient(item: { message: IncomingMessage; envelope: Envelope }, error: unknown, failures: number, ctx: BatchContext): Promise<void> {
    const info = errorInfo(error);
    // One line when it starts, then one every 10 tries: an outage must be visible, not flood the log.
    if (failures === 1 || failures % 10 === 0) {
      this.logger.warn(
        { groupId: this.options.groupId, topic: item.message.topic, partition: item.message.partition, offset: item.message.offset, messageId: item.envelope.id, failures, err: info },
        'message failed for a transient reason (database unavailable); retrying without counting it as poison',
      );
    }
    this.metrics.consumed.inc({ group: this.options.groupId, topic: item.message.topic, outcome: 'transient_failure' });
    await sleepWithHeartbeat(backoffMs(failures, this.options.retryBaseMs ?? 200, TRANSIENT_BACKOFF_CAP_MS), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS, () => ctx.isRunning());
    if (!ctx.isRunning()) throw error;
  }

  /**
   * A failed attempt that is not transient. Non-retriable failures (the message is wrong) are
   * dead-lettered at once; others are counted and dead-lettered when the count reaches the limit.
   * Returns true when the message is finished with (dead-lettered), false when it should be tried again.
   */
  private async failOne(item: { message: IncomingMessage; envelope: Envelope }, error: unknown, ctx: BatchContext): Promise<boolean> {
    const kind = classifyFailure(error);
    if (kind === 'transient') throw error;
    const info = errorInfo(error);
    const attempts = await this.countAttempt(item.message, info);
    this.logger.warn(
      { groupId: this.options.groupId, topic: item.message.topic, partition: item.message.partition, offset: item.message.offset, messageId: item.envelope.id, attempts, kind, err: info },
      'message failed',
    );
    if (kind === 'non-retriable' || attempts >= this.maxAttempts) {
      await whileHeartbeating(() => this.deadLetter(item.message, item.envelope, info.code, info.message, attempts), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      ctx.resolveOffset(item.message.offset);
      return true;
    }
    await sleepWithHeartbeat(backoffMs(attempts, this.options.retryBaseMs ?? 200, 10_000), () => ctx.heartbeat(), HEARTBEAT_EVERY_MS, () => ctx.isRunning());
    if (!ctx.isRunning()) throw error;
    return false;
  }

  private async alreadyDeadLettered(message: IncomingMessage): Promise<boolean> {
    const row = await selectRow<{ found: number }>(
      this.options.orm.em.fork(),
      sql`select 1 as found from inbox_attempt
          where consumer_group = ${this.options.groupId} and topic = ${message.topic} and partition = ${message.partition}
            and "offset" = ${message.offset}::bigint and dead_lettered_at is not null`,
    );
    return row !== undefined;
  }

  private async countAttempt(message: IncomingMessage, info: { code: string; message: string }): Promise<number> {
    const em = this.options.orm.em.fork();
    const row = await selectRow<{ attempts: number }>(
      em,
      sql`insert into inbox_attempt (consumer_group, topic, partition, "offset", attempts, last_error_code, last_error)
          values (${this.options.groupId}, ${message.topic}, ${message.partition}, ${message.offset}::bigint, 1, ${info.code}, ${info.message})
          on conflict (consumer_group, topic, partition, "offset")
          do update set attempts = inbox_attempt.attempts + 1, last_error_code = excluded.last_error_code,
                        last_error = excluded.last_error, updated_at = now()
          returning attempts`,
    );
    return row!.attempts;
  }

  private async deadLetter(message: IncomingMessage, envelope: Envelope | undefined, code: string, reason: string, attempts: number): Promise<void> {
    if (await this.alreadyDeadLettered(message)) {
      // Redelivered after its dead letter was published but before the offset was committed (a rebalance, a
      // restart). An unparseable message has no envelope id the inbox could recognise; its offset is its identity.
      this.logger.info({ groupId: this.options.groupId, topic: message.topic, partition: message.partition, offset: message.offset }, 'message already dead-lettered; skipped');
      return;
    }
    await this.options.bus.publish([
      {
        topic: dlqTopicName(message.topic),
        key: message.key ?? '',
        value: message.value ?? '',
        headers: {
          ...message.headers,
          'x-original-topic': message.topic,
          'x-original-partition': String(message.partition),
          'x-original-offset': message.offset,
          'x-consumer-group': this.options.groupId,
          'x-error-code': code,
          'x-error-message': reason.slice(0, 1000),
          'x-attempts': String(attempts),
          'x-dead-lettered-at': new Date().toISOString(),
        },
      },
    ]);
    const em = this.options.orm.em.fork();
    await em.transactional(async (tem) => {
      if (envelope) {
        await executeStatement(
          tem,
          sql`insert into inbox_message (consumer_group, message_id, topic, partition, "offset", dead_lettered_at)
              values (${this.options.groupId}, ${envelope.id}, ${message.topic}, ${message.partition}, ${message.offset}::bigint, now())
              on conflict (consumer_group, message_id) do update set dead_lettered_at = now()`,
        );
      }
      await executeStatement(
        tem,
        sql`insert into inbox_attempt (consumer_group, topic, partition, "offset", attempts, last_error_code, last_error, dead_lettered_at)
            values (${this.options.groupId}, ${message.topic}, ${message.partition}, ${message.offset}::bigint, ${attempts}, ${code}, ${reason.slice(0, 1000)}, now())
            on conflict (consumer_group, topic, partition, "offset") do update set dead_lettered_at = now()`,
      );
    });
    this.metrics.deadLettered.inc({ group: this.options.groupId, topic: message.topic });
    this.logger.error(
      { groupId: this.options.groupId, topic: message.topic, partition: message.partition, offset: message.offset, errorCode: code, attempts },
      'message dead-lettered',
    );
    if (this.options.onDeadLetter) {
      await this.options
        .onDeadLetter({ message, envelope, errorCode: code, errorMessage: reason, attempts })
        .catch((e) => this.logger.error({ err: errorInfo(e) }, 'onDeadLetter hook failed'));
    }
  }
}
