import type { MikroORM } from '@mikro-orm/postgresql';
import { CORRELATION_HEADER, currentCorrelationId, metricsRegistry, newCorrelationId, runWithCorrelation, type ReadinessCheck } from '@roster/observability';
import { currentTraceparent, inSpan } from '@roster/tracing';
import type { MessageBus } from './bus';
import { Outbox } from './outbox/outbox';
import { DEFAULT_MAX_BATCH_BYTES, OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
import { messagingMetrics } from './metrics';
import { silentLogger, type MessagingLogger } from './logger';
import type { IncomingMessage } from './bus';
import { InboxTransport, type ConsumerTuning } from './nest/inbox-transport';
import { InboxPurge, inboxRetentionHoursFromEnv } from './inbox/inbox-purge';

/** What one process of a service runs: its HTTP API, its consumers, its outbox relay (PROCESS_ROLES). */
export type ProcessRole = 'api' | 'consumer' | 'relay';
const ALL_ROLES: ProcessRole[] = ['api', 'consumer', 'relay'];

export function parseProcessRoles(value: string | undefined): Set<ProcessRole> {
  if (!value || value.trim() === '') return new Set(ALL_ROLES);
  const roles = value.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !ALL_ROLES.includes(r as ProcessRole));
  if (unknown.length) throw new Error(`PROCESS_ROLES: unknown role(s) ${unknown.join(', ')} (allowed: ${ALL_ROLES.join(', ')})`);
  return new Set(roles as ProcessRole[]);
}

/**
 * Each message batch is handled under the correlation id its first message carries, so logs and the
 * events it causes can be followed across services.
 */
export function correlationWrap<T>(message: IncomingMessage, fn: () => Promise<T>): Promise<T> {
  // A consumer span, child of the span that published the message (its `traceparent` header): the batch's
  // effects and the events it writes stay in the trace that caused them (libs/tracing; a no-op when off).
  return runWithCorrelation(message.headers[CORRELATION_HEADER] ?? newCorrelationId(), () =>
    inSpan(`${message.topic} process`, { kind: 'consumer', traceparent: message.headers.traceparent, attributes: { 'messaging.destination.name': message.topic } }, fn),
  );
}

export interface MessagingRuntimeOptions {
  service: string;
  databaseUrl: string;
  orm: MikroORM;
  bus: MessageBus;
  roles?: Set<ProcessRole>;
  /** Service-level tuning applied over what every `@EventPattern` consumer group declares. */
  consumerTuning?: ConsumerTuning;
  /** Relay tuning; `maxBatchBytes` defaults to OUTBOX_MAX_BATCH_BYTES, else 768 KiB (ADR 0007). */
  relay?: Partial<Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'retentionHours' | 'maxBatchBytes'>>;
  logger?: MessagingLogger;
  /** The outbox the service writes to (created here when not given). */
  outbox?: Outbox;
  /** Inbox rows older than this are purged by consumer processes (default: INBOX_RETENTION_HOURS, 336). */
  inboxRetentionHours?: number;
}

/**
 * OUTBOX_MAX_BATCH_BYTES: the relay's byte bound per batch (default 768 KiB, under the broker's 1 MiB
 * `message.max.bytes`); set it below a broker configured lower. A wrong value stops the service.
 */
export function outboxMaxBatchBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OUTBOX_MAX_BATCH_BYTES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_BATCH_BYTES;
  const bytes = Number(raw);
  if (!Number.isInteger(bytes) || bytes < 1024) throw new Error(`OUTBOX_MAX_BATCH_BYTES must be a whole number of bytes, at least 1024; got '${raw}' (default ${DEFAULT_MAX_BATCH_BYTES})`);
  return bytes;
}

/** The outbox of a service: envelopes carry its name as source and the current correlation id. */
export function serviceOutbox(service: string): Outbox {
  return new Outbox(service, () => ({ correlationId: currentCorrelationId(), traceparent: currentTraceparent() }));
}

/**
 * Wires a service's reliable messaging: the outbox it writes to, the relay that publishes it, and the
 * transport of its `@EventPattern` inbox consumers, stopped in the right order (consumers drain before the relay stops, so
 * the last effects' events still go out).
 */
export class MessagingRuntime {
  readonly outbox: Outbox;
  readonly relay: OutboxRelay | undefined;
  /**
   * The Nest transport of the service's `@EventPattern` consumers (when the process runs the consumer
   * role): connected to the Nest app and started by it (`startAllMicroservices`), stopped here first.
   */
  readonly transport: InboxTransport | undefined;
  /** Deletes inbox rows past their retention (consumer role only). */
  readonly inboxPurge: InboxPurge | undefined;
  private started = false;

  constructor(private readonly options: MessagingRuntimeOptions) {
    const roles = options.roles ?? new Set(ALL_ROLES);
    const logger = options.logger ?? silentLogger;
    const metrics = messagingMetrics(metricsRegistry);
    this.outbox = options.outbox ?? serviceOutbox(options.service);
    this.relay = roles.has('relay')
      ? new OutboxRelay({ service: options.service, databaseUrl: options.databaseUrl, bus: options.bus, logger, metrics, maxBatchBytes: outboxMaxBatchBytesFromEnv(), ...options.relay })
      : undefined;
    this.transport = roles.has('consumer')
      ? new InboxTransport({ orm: options.orm, bus: options.bus, tuning: options.consumerTuning, wrap: correlationWrap, logger, metrics })
      : undefined;
    this.inboxPurge = roles.has('consumer')
      ? new InboxPurge({
          orm: options.orm,
          service: options.service,
          retentionMs: (options.inboxRetentionHours ?? inboxRetentionHoursFromEnv()) * 3_600_000,
          logger,
          metrics,
        })
      : undefined;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.relay?.start();
    this.inboxPurge?.start();
  }

  /** Consumers (the transport) drain first, then the relay flushes the last effects' events. */
  async stop(): Promise<void> {
    if (!this.started) {
      await this.transport?.close();
      return;
    }
    this.started = false;
    await this.transport?.close().catch(() => undefined);
    await this.inboxPurge?.stop();
    await this.relay?.stop();
  }

  /**
   * Readiness checks for the service's database and message transport, and (consumer role) its consumer
   * groups: not ready while a group is still joining, so a restarted process serves HTTP at once and says
   * why it is not ready yet instead of refusing connections.
   */
  readinessChecks(): ReadinessCheck[] {
    const checks: ReadinessCheck[] = [
      { name: 'database', check: async () => void (await this.options.orm.em.fork().getConnection().execute('select 1')) },
      { name: this.options.bus.kind === 'kafka' ? 'kafka' : 'event-bus', check: () => this.options.bus.ping() },
    ];
    const transport = this.transport;
    if (transport) {
      checks.push({
        name: 'consumers',
        check: async () => {
          const pending = transport.pendingGroups;
          if (pending.length > 0) throw new Error(`consumer groups still joining: ${pending.join(', ')}`);
        },
      });
    }
    return checks;
  }
}
