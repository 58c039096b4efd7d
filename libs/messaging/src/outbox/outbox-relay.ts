import { Client } from 'pg';
import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import { sql } from '@roster/persistence';
import { messageSpan } from '@roster/tracing';
import { MessageTooLargeError, type MessageBus, type OutgoingMessage } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleep, type MessagingLogger } from '../logger';
import { messagingMetrics, type MessagingMetrics } from '../metrics';

export interface OutboxRelayOptions {
  /** The service whose outbox this is; also names the advisory lock. */
  service: string;
  databaseUrl: string;
  bus: MessageBus;
  /** Rows per batch (default 1000). */
  batchSize?: number;
  /**
   * Bytes per batch (keys, values and headers; default 768 KiB): a batch stays under the broker's
   * `message.max.bytes` (1 MiB by default), which bounds what one produce request may carry per partition.
   * A row larger than this still goes out alone; the broker decides whether it fits.
   */
  maxBatchBytes?: number;
  /** Idle wait between polls when there is nothing to publish. */
  pollIntervalMs?: number;
  /** How often a standby tries to become the active relay. */
  standbyIntervalMs?: number;
  /** Published rows older than this are deleted (they are kept for a while for operators). */
  retentionHours?: number;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

/** Kafka's per-record overhead (record batch framing, varints, timestamps), rounded up. */
const RECORD_OVERHEAD_BYTES = 80;
export const DEFAULT_MAX_BATCH_BYTES = 768 * 1024;

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

interface PendingRow {
  row: OutboxRow;
  message: OutgoingMessage;
  bytes: number;
}

/** The bytes a message takes on the wire, as the broker counts them against `message.max.bytes`. */
function messageBytes(message: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [k, v] of Object.entries(message.headers ?? {})) bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v)) + 4;
  return bytes;
}

/**
 * The SQL helper's statements (`sql`, server-side bound parameters) run on ONE pg client: the relay's
 * advisory lock belongs to that session, so every statement must use it (a pool could hand out another).
 */
function onOneClient(client: Client): Kysely<unknown> {
  const session: PostgresPoolClient = { query: client.query.bind(client) as PostgresPoolClient['query'], release: () => undefined };
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: { options: {}, connect: async () => session, end: async () => undefined } }) });
}

/**
 * The row's headers, with `traceparent` naming a producer span (child of the span that wrote the event, the
 * envelope's own `traceparent`): the consumer's span then hangs off this publication. Unchanged when tracing is off.
 */
function tracedHeaders(row: Pick<OutboxRow, 'topic' | 'headers'>): Record<string, string> {
  const published = messageSpan(`${row.topic} publish`, { kind: 'producer', traceparent: row.headers.traceparent, attributes: { 'messaging.destination.name': row.topic } });
  return published ? { ...row.headers, traceparent: published } : row.headers;
}

/**
 * Publishes committed outbox rows in `seq` order. Exactly one relay per service is active: it holds a
 * session-level PostgreSQL advisory lock on its own connection, and loses it if that connection dies,
 * so a standby takes over. A crash between the broker's ack and the `published_at` update republishes
 * the batch (at-least-once); consumers' inboxes remove the duplicates' effect.
 */
export class OutboxRelay {
  private client: Client | undefined;
  private db: Kysely<unknown> | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private leader = false;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly logger: MessagingLogger;
  private readonly metrics: MessagingMetrics;
  private lastHousekeeping = 0;
  /** The last batch stopped at a bound (rows or bytes): poll again at once. */
  private moreWaiting = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics ?? messagingMetrics();
    // Alerted on with increase(): the series exist at 0 from the start, so the first failure after a start counts.
    const service = { service: options.service };
    for (const c of [this.metrics.outboxPublished, this.metrics.outboxFailures, this.metrics.outboxParkedTotal, this.metrics.outboxSplits]) c.inc(service, 0);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes an idle relay right away (the embedded mode calls it after a commit; Kafka mode just polls). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.disconnect();
  }

  private async connect(): Promise<Kysely<unknown>> {
    if (this.client && this.db) return this.db;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.service}-outbox-relay` });
    client.on('error', () => undefined);
    await client.connect();
    this.client = client;
    this.db = onOneClient(client);
    return this.db;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const db = this.db;
    this.client = undefined;
    this.db = undefined;
    this.leader = false;
    await db?.destroy().catch(() => undefined);
    if (client) await client.end().catch(() => undefined);
  }

  private async idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      setTimeout(resolve, ms).unref();
    });
    this.wake = undefined;
  }

  /** Tries to become the active relay; true when this instance holds the lock. */
  async acquireLeadership(): Promise<boolean> {
    if (this.leader) return true;
    const db = await this.connect();
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtext(${`roster-outbox-relay:${this.options.service}`})) as ok`.execute(db);
    this.leader = rows[0].ok;
    if (this.leader) this.logger.info({ service: this.options.service }, 'outbox relay is active');
    return this.leader;
  }

  /**
   * Publishes one batch: the oldest unpublished, unparked rows in `seq` order, bounded by rows and bytes.
   * Returns how many rows it took care of (published or parked; 0 when idle or not the leader).
   */
  async publishBatch(): Promise<number> {
    if (!(await this.acquireLeadership())) return 0;
    const db = await this.connect();
    const { rows } = await sql<OutboxRow>`select seq, id, topic, message_key, headers, payload from outbox_message
      where published_at is null and parked_at is null order by seq limit ${this.batchSize}`.execute(db);
    this.moreWaiting = false;
    if (rows.length === 0) return 0;
    const pending = rows.map((row) => {
      const message: OutgoingMessage = { topic: row.topic, key: row.message_key, value: JSON.stringify(row.payload), headers: tracedHeaders(row) };
      return { row, message, bytes: messageBytes(message) };
    });
    let bytes = 0;
    let take = 0;
    while (take < pending.length && (take === 0 || bytes + pending[take].bytes <= this.maxBatchBytes)) bytes += pending[take++].bytes;
    this.moreWaiting = rows.length === this.batchSize || take < rows.length;
    return this.publishInOrder(db, pending.slice(0, take));
  }

  /**
   * Publishes `batch` and marks it published. When the broker refuses it as too large, the halves go out
   * one after the other (the first half is published and marked before the second is tried, so `seq`
   * order holds); a single row the broker refuses on its own is parked.
   */
  private async publishInOrder(db: Kysely<unknown>, batch: PendingRow[]): Promise<number> {
    try {
      await this.options.bus.publish(batch.map((p) => p.message));
    } catch (error) {
      if (error instanceof MessageTooLargeError || errorInfo(error).code === 'MESSAGE_TOO_LARGE') {
        if (batch.length === 1) return this.park(db, batch[0], error);
        this.metrics.outboxSplits.inc({ service: this.options.service });
        const half = Math.ceil(batch.length / 2);
        const first = await this.publishInOrder(db, batch.slice(0, half));
        return first + (await this.publishInOrder(db, batch.slice(half)));
      }
      const info = errorInfo(error);
      this.metrics.outboxFailures.inc({ service: this.options.service });
      await sql`update outbox_message set attempts = attempts + 1, last_error = ${`${info.code}: ${info.message}`} where seq = ${batch[0].row.seq}::bigint`.execute(db);
      throw error;
    }
    await sql`update outbox_message set published_at = clock_timestamp() where seq = any(${batch.map((p) => p.row.seq)}::bigint[])`.execute(db);
    this.metrics.outboxPublished.inc({ service: this.options.service }, batch.length);
    return batch.length;
  }

  /**
   * A row the broker can never accept: kept (an operator can read it, fix the producer, and clear
   * `parked_at` to publish it), counted, logged once, and no longer in the way of the rows after it.
   */
  private async park(db: Kysely<unknown>, pending: PendingRow, error: unknown): Promise<number> {
    const reason = `MESSAGE_TOO_LARGE: ${pending.bytes} bytes refused by the broker (${errorInfo(error).message})`;
    await sql`update outbox_message set parked_at = clock_timestamp(), parked_reason = ${reason},
        attempts = attempts + 1, last_error = ${reason} where seq = ${pending.row.seq}::bigint`.execute(db);
    this.metrics.outboxParkedTotal.inc({ service: this.options.service });
    this.metrics.outboxParked.inc({ service: this.options.service });
    this.logger.error(
      { service: this.options.service, seq: pending.row.seq, id: pending.row.id, topic: pending.row.topic, key: pending.row.message_key, bytes: pending.bytes },
      'outbox message parked: the broker refuses it as too large; later messages go on (see outbox_message.parked_reason)',
    );
    return 1;
  }

  /** Updates the backlog and parked metrics and purges rows published longer ago than the retention. */
  async housekeeping(): Promise<{ backlog: number; oldestAgeSeconds: number; parked: number }> {
    const db = await this.connect();
    const { rows } = await sql<{ backlog: string; age: number | null; parked: string }>`select
        count(*) filter (where parked_at is null) as backlog,
        extract(epoch from clock_timestamp() - min(created_at) filter (where parked_at is null))::float8 as age,
        count(*) filter (where parked_at is not null) as parked
      from outbox_message where published_at is null`.execute(db);
    const backlog = Number(rows[0].backlog);
    const oldestAgeSeconds = rows[0].age ?? 0;
    const parked = Number(rows[0].parked);
    this.metrics.outboxBacklog.set({ service: this.options.service }, backlog);
    this.metrics.outboxOldestAge.set({ service: this.options.service }, oldestAgeSeconds);
    this.metrics.outboxParked.set({ service: this.options.service }, parked);
    if (this.leader) {
      await sql`delete from outbox_message where published_at < clock_timestamp() - make_interval(hours => ${this.options.retentionHours ?? 24}::int)`.execute(db);
    }
    return { backlog, oldestAgeSeconds, parked };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (Date.now() - this.lastHousekeeping > 5_000) {
          this.lastHousekeeping = Date.now();
          await this.housekeeping();
        }
        if (!(await this.acquireLeadership())) {
          await this.idle(this.options.standbyIntervalMs ?? 1_000);
          continue;
        }
        await this.publishBatch();
        failures = 0;
        if (!this.moreWaiting) await this.idle(this.options.pollIntervalMs ?? 100);
      } catch (error) {
        failures++;
        this.logger.warn({ service: this.options.service, attempt: failures, err: errorInfo(error) }, 'outbox relay failed; backing off');
        if (failures > 3) await this.disconnect();
        if (this.running) await sleep(backoffMs(failures, 200, 15_000));
      }
    }
  }
}
