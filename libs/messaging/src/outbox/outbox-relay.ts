import { Client } from 'pg';
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
 * Publishes committed outbox rows in `seq` order. Exactly one relay per service is active: it holds a
 * session-level PostgreSQL advisory lock on its own connection, and loses it if that connection dies,
 * so a standby takes over. A crash between the broker's ack and the `published_at` update republishes
 * the batch (at-least-once); consumers' inboxes remove the duplicates' effect.
 */
export class OutboxRelay {
  private client: Client | undefined;
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

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.service}-outbox-relay` });
    client.on('error', () => undefined);
    await client.connect();
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leader = false;
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
    const client = await this.connect();
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [
      `roster-outbox-relay:${this.options.service}`,
    ]);
    this.leader = rows[0].ok;
    if (this.leader) this.logger.info({ service: this.options.service }, 'outbox relay is active');
    return this.leader;
  }

  /** Publishes one batch; returns how many rows were published (0 when idle or not the leader). */
  async publishBatch(): Promise<number> {
    if (!(await this.acquireLeadership())) return 0;
    const client = await this.connect();
    const { rows } = await client.query<OutboxRow>(
      `select seq, topic, message_key, headers, payload from outbox_message
       where published_at is null order by seq limit $1`,
      [this.batchSize],
    );
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
      await client.query('update outbox_message set attempts = attempts + 1, last_error = $2 where seq = $1', [rows[0].seq, `${info.code}: ${info.message}`]);
      throw error;
    }
    await client.query('update outbox_message set published_at = clock_timestamp() where seq = any($1::bigint[])', [rows.map((r) => r.seq)]);
    this.metrics.outboxPublished.inc({ service: this.options.service }, rows.length);
    return rows.length;
  }

  /** Updates the backlog metrics and purges rows published longer ago than the retention. */
  async housekeeping(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    const client = await this.connect();
    const { rows } = await client.query<{ backlog: string; age: number | null }>(
      `select count(*) as backlog, extract(epoch from clock_timestamp() - min(created_at))::float8 as age
       from outbox_message where published_at is null`,
    );
    const backlog = Number(rows[0].backlog);
    const oldestAgeSeconds = rows[0].age ?? 0;
    this.metrics.outboxBacklog.set({ service: this.options.service }, backlog);
    this.metrics.outboxOldestAge.set({ service: this.options.service }, oldestAgeSeconds);
    if (this.leader) {
      await client.query(`delete from outbox_message where published_at < clock_timestamp() - make_interval(hours => $1)`, [
        this.options.retentionHours ?? 24,
      ]);
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
