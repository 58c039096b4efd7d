import { Client } from 'pg';
import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import { sql } from '@roster/persistence';
import type { MessageBus, OutgoingMessage } from '../bus';
import { backoffMs, errorInfo, silentLogger, sleep, type MessagingLogger } from '../logger';
import { messagingMetrics, type MessagingMetrics } from '../metrics';

export interface OutboxRelayOptions {
  /** The service whose outbox this is; also names the advisory lock. */
  service: string;
  databaseUrl: string;
  bus: MessageBus;
  batchSize?: number;
  /** Idle wait between polls when there is nothing to publish. */
  pollIntervalMs?: number;
  /** How often a standby tries to become the active relay. */
  standbyIntervalMs?: number;
  /** Published rows older than this are deleted (they are kept for a while for operators). */
  retentionHours?: number;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
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
  private readonly logger: MessagingLogger;
  private readonly metrics: MessagingMetrics;
  private lastHousekeeping = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics ?? messagingMetrics();
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

  /** Publishes one batch; returns how many rows were published (0 when idle or not the leader). */
  async publishBatch(): Promise<number> {
    if (!(await this.acquireLeadership())) return 0;
    const db = await this.connect();
    const { rows } = await sql<OutboxRow>`select seq, topic, message_key, headers, payload from outbox_message
      where published_at is null order by seq limit ${this.batchSize}`.execute(db);
    if (rows.length === 0) return 0;
    const messages: OutgoingMessage[] = rows.map((r) => ({
      topic: r.topic,
      key: r.message_key,
      value: JSON.stringify(r.payload),
      headers: r.headers,
    }));
    try {
      await this.options.bus.publish(messages);
    } catch (error) {
      const info = errorInfo(error);
      this.metrics.outboxFailures.inc({ service: this.options.service });
      await sql`update outbox_message set attempts = attempts + 1, last_error = ${`${info.code}: ${info.message}`} where seq = ${rows[0].seq}::bigint`.execute(db);
      throw error;
    }
    await sql`update outbox_message set published_at = clock_timestamp() where seq = any(${rows.map((r) => r.seq)}::bigint[])`.execute(db);
    this.metrics.outboxPublished.inc({ service: this.options.service }, rows.length);
    return rows.length;
  }

  /** Updates the backlog metrics and purges rows published longer ago than the retention. */
  async housekeeping(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    const db = await this.connect();
    const { rows } = await sql<{ backlog: string; age: number | null }>`select count(*) as backlog,
        extract(epoch from clock_timestamp() - min(created_at))::float8 as age
      from outbox_message where published_at is null`.execute(db);
    const backlog = Number(rows[0].backlog);
    const oldestAgeSeconds = rows[0].age ?? 0;
    this.metrics.outboxBacklog.set({ service: this.options.service }, backlog);
    this.metrics.outboxOldestAge.set({ service: this.options.service }, oldestAgeSeconds);
    if (this.leader) {
      await sql`delete from outbox_message where published_at < clock_timestamp() - make_interval(hours => ${this.options.retentionHours ?? 24}::int)`.execute(db);
    }
    return { backlog, oldestAgeSeconds };
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
        const published = await this.publishBatch();
        failures = 0;
        if (published < this.batchSize) await this.idle(this.options.pollIntervalMs ?? 100);
      } catch (error) {
        failures++;
        this.logger.warn({ service: this.options.service, attempt: failures, err: errorInfo(error) }, 'outbox relay failed; backing off');
        if (failures > 3) await this.disconnect();
        if (this.running) await sleep(backoffMs(failures, 200, 15_000));
      }
    }
  }
}
