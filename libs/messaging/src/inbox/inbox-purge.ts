import type { MikroORM } from '@mikro-orm/postgresql';
import { executeStatement, sql } from '@roster/persistence';
import { errorInfo, silentLogger, sleep, type MessagingLogger } from '../logger';
import { messagingMetrics, type MessagingMetrics } from '../metrics';

/**
 * 14 days. An inbox row must outlive every way the same message id can arrive again (ADR 0007): a
 * consumer's redelivery after a crash (seconds), a relay's republish after a crash (seconds to minutes),
 * an operator resetting a group to the earliest offset (the topic's retention: Kafka's default is 7 days),
 * a dead letter replayed later (its row is re-applied on purpose). Twice the topic retention is safe.
 */
export const DEFAULT_INBOX_RETENTION_HOURS = 14 * 24;
/** Below a day the purge could forget a message a relay or a consumer is still about to redeliver. */
const MIN_INBOX_RETENTION_HOURS = 24;

/** INBOX_RETENTION_HOURS (default 336 = 14 days); a wrong value stops the service with a clear message. */
export function inboxRetentionHoursFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.INBOX_RETENTION_HOURS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_INBOX_RETENTION_HOURS;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < MIN_INBOX_RETENTION_HOURS) {
    throw new Error(
      `INBOX_RETENTION_HOURS must be a whole number of hours, at least ${MIN_INBOX_RETENTION_HOURS} (it must exceed every redelivery window, ` +
        `e.g. the topics' retention); got '${raw}' (default ${DEFAULT_INBOX_RETENTION_HOURS})`,
    );
  }
  return hours;
}

export interface InboxPurgeOptions {
  orm: MikroORM;
  /** Rows received longer ago than this are deleted. */
  retentionMs: number;
  /** Rows per delete statement (default 5000): short transactions, no long lock on the table. */
  batchSize?: number;
  /** Time between purges (default 10 minutes); the first one runs after `firstDelayMs` (default 60 s). */
  intervalMs?: number;
  firstDelayMs?: number;
  /** Metrics label. */
  service: string;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

/**
 * Deletes `inbox_message` rows (and `inbox_attempt` rows) older than the retention, periodically, in bounded
 * batches, in the consuming process. Several replicas purging at once only delete the same rows.
 */
export class InboxPurge {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly logger: MessagingLogger;
  private readonly metrics: MessagingMetrics;

  constructor(private readonly options: InboxPurgeOptions) {
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics ?? messagingMetrics();
    this.metrics.inboxPurged.inc({ service: options.service }, 0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One purge: batches until nothing older than the retention is left. Returns the rows deleted and the statements used. */
  async purgeOnce(): Promise<{ deleted: number; batches: number }> {
    const batch = this.options.batchSize ?? 5000;
    const cutoff = new Date(Date.now() - this.options.retentionMs);
    let total = 0;
    let batches = 0;
    for (;;) {
      batches++;
      const deleted = await executeStatement(
        this.options.orm.em.fork(),
        sql`delete from inbox_message where ctid = any(array(
              select ctid from inbox_message where received_at < ${cutoff} limit ${batch}))`,
      );
      total += deleted;
      if (deleted > 0) this.metrics.inboxPurged.inc({ service: this.options.service }, deleted);
      if (deleted < batch || !this.running && this.loop) break;
      // Leave room for the consumers' own transactions between two batches.
      await sleep(50);
    }
    await executeStatement(this.options.orm.em.fork(), sql`delete from inbox_attempt where updated_at < ${cutoff}`);
    return { deleted: total, batches };
  }

  private async idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      setTimeout(resolve, ms).unref();
    });
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    await this.idle(this.options.firstDelayMs ?? 60_000);
    while (this.running) {
      try {
        const { deleted } = await this.purgeOnce();
        if (deleted > 0) this.logger.info({ service: this.options.service, deleted }, 'inbox purged');
      } catch (error) {
        this.logger.warn({ service: this.options.service, err: errorInfo(error) }, 'inbox purge failed; trying again at the next interval');
      }
      if (this.running) await this.idle(this.options.intervalMs ?? 10 * 60_000);
    }
  }
}
