import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ObservabilityModule, NestPinoLogger, startManagementServer, type Logger, type ManagementServer, type ReadinessCheck } from '@roster/observability';
import { MessagingRuntime, connectInboxTransport, serviceOutbox, type ConsumerTuning, type MessageBus, type Outbox, type ProcessRole } from '@roster/messaging';
import { DatabaseAvailability, ensureDatabaseExists, migrateDatabase, openDatabase, type DatabaseOptions, type MikroORM } from '@roster/persistence';
import { bootstrapHttpApp } from './bootstrap';

export interface ServiceContext {
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  /** Whether the database is reachable: the HTTP edge and background loops report to it (one log line per change). */
  availability: DatabaseAvailability;
}

export interface HostServiceOptions {
  /** Service name: envelope source, log `service` field, outbox relay lock, metrics label. */
  name: string;
  databaseUrl: string;
  database: Omit<DatabaseOptions, 'url'>;
  bus: MessageBus;
  logger: Logger;
  roles: Set<ProcessRole>;
  /** Apply migrations (and create the database) before starting: embedded mode and tests only. */
  migrate?: boolean;
  /**
   * Service-level consumer tuning applied over what every `@EventPattern` consumer group declares
   * (maxAttempts, retryBaseMs, maxBatchSize, partitionsConsumedConcurrently; tests shorten retries).
   */
  consumerTuning?: ConsumerTuning;
  /**
   * The service's Nest feature module (HTTP controllers, consumer controllers with `@EventPattern`
   * handlers, providers), given the shared context.
   */
  module: (ctx: ServiceContext) => DynamicModule;
  extraChecks?: ReadinessCheck[];
  relay?: { pollIntervalMs?: number; batchSize?: number };
  /** Extra work on shutdown, before the database closes (e.g. stop schedulers). */
  onClose?: () => Promise<void>;
  bodyLimit?: string;
}

export interface HostedService {
  readonly name: string;
  readonly app: NestExpressApplication;
  readonly orm: MikroORM;
  readonly runtime: MessagingRuntime;
  /** The database's reachability as the edge and the background loops see it. */
  readonly availability: DatabaseAvailability;
  /**
   * Starts serving HTTP: the public API on `port` and the management endpoints (/health/live,
   * /health/ready, /metrics) on `management.port` (default 0: a free port) and `management.host`
   * (default: `host`). Resolves to the public base URL; the management one is `managementUrl`.
   */
  listen(port: number, host?: string, management?: { port?: number; host?: string }): Promise<string>;
  /** `http://<host>:<port>` of the management endpoints, once listening (else undefined). */
  readonly managementUrl: string | undefined;
  /** Drains consumers, flushes the relay, closes HTTP and the database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Runs one service: its database, reliable messaging (consumers, outbox relay per PROCESS_ROLES) and its
 * HTTP application with health, metrics and problem+json errors. Every service's `service.ts` and the
 * embedded mode use this, so they boot and shut down the same way.
 */
export async function hostService(options: HostServiceOptions): Promise<HostedService> {
  if (options.migrate) await ensureDatabaseExists(options.databaseUrl);
  const orm = await openDatabase({ ...options.database, url: options.databaseUrl });
  try {
    if (options.migrate) await migrateDatabase(orm);
    const availability = new DatabaseAvailability({ logger: options.logger, probe: () => orm.em.fork().getConnection().execute('select 1') });
    const ctx: ServiceContext = { orm, outbox: serviceOutbox(options.name), logger: options.logger, availability };
    const runtime = new MessagingRuntime({
      service: options.name,
      databaseUrl: options.databaseUrl,
      orm,
      bus: options.bus,
      roles: options.roles,
      consumerTuning: options.consumerTuning,
      relay: options.relay,
      logger: options.logger,
      outbox: ctx.outbox,
    });

    @Module({
      imports: [
        ObservabilityModule.forRoot({
          service: options.name,
          logger: options.logger,
          checks: [...runtime.readinessChecks(), ...(options.extraChecks ?? [])],
        }),
        options.module(ctx),
      ],
    })
    class ServiceRootModule {}

    const app = await bootstrapHttpApp({ module: ServiceRootModule, logger: options.logger, bodyLimit: options.bodyLimit, availability });
    app.useLogger(app.get(NestPinoLogger));
    // Consumer role: the app's @EventPattern handlers run on the inbox transport (a hybrid app sharing
    // the module's container). Without the role no transport is connected and no handler consumes.
    if (runtime.transport) connectInboxTransport(app, runtime.transport);
    await app.init();
    try {
      await app.startAllMicroservices();
      await runtime.start();
    } catch (error) {
      await runtime.stop();
      await app.close();
      throw error;
    }
    let closing: Promise<void> | undefined;
    let management: ManagementServer | undefined;
    return {
      name: options.name,
      app,
      orm,
      runtime,
      availability,
      get managementUrl() {
        return management?.url;
      },
      listen: async (port, host = '127.0.0.1', mgmt = {}) => {
        management ??= await startManagementServer(app, { port: mgmt.port ?? 0, host: mgmt.host ?? host });
        await app.listen(port, host);
        const address = app.getHttpServer().address() as { port: number };
        return `http://${host}:${address.port}`;
      },
      close: () =>
        (closing ??= (async () => {
          // Consumers (transport first) drain before the relay stops, so the last effects' events go out.
          await runtime.stop();
          await options.onClose?.();
          await app.close();
          // Last: readiness reports the shutdown (503) until the app has closed.
          await management?.close();
          availability.close();
          await orm.close(true);
        })()),
    };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
