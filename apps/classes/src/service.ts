import { hostService, type HostedService } from '@roster/http';
import { parseProcessRoles, type MessageBus, type ProcessRole } from '@roster/messaging';
import { createLogger, type Logger } from '@roster/observability';
import { ClassesModule } from './classes.module';
import { IdentityDeadLettersModule, IdentityStateHttpClient } from './consumers/identity-dlq';
import { SERVICE_NAME } from './common/context';
import { CourseCatalog, DEFAULT_COURSE_CATALOG, type Course } from './domain/course-catalog';
import { entities } from './persistence/entities';
import { migrations } from './migrations';

export interface ClassesServiceOptions {
  /** PostgreSQL URL of the classes service's own database. */
  databaseUrl: string;
  /** Kafka in the distributed modes, the in-process bus in the embedded mode. */
  bus: MessageBus;
  /** Shared with the gateway: verifies the internal tokens (audience `classes`). */
  internalAuthSecret: string;
  logger?: Logger;
  /** Which parts run in this process (PROCESS_ROLES): api, consumer, relay. Default: all. */
  roles?: Set<ProcessRole>;
  /** Apply migrations (and create the database) at start: embedded mode and tests only. */
  migrate?: boolean;
  /** The program's course catalog (see loadCourseCatalog); default: the illustrative demo catalog. */
  courses?: readonly Course[];
  /** Consumer tuning (defaults: 5 attempts before the DLQ, 500 events per transaction). */
  consumer?: { maxAttempts?: number; retryBaseMs?: number; maxBatchSize?: number; partitionsConsumedConcurrently?: number };
  relay?: { pollIntervalMs?: number; batchSize?: number };
  /**
   * identity's internal API (IDENTITY_URL): with it, the `classes.identity-dlq` group re-reads from identity
   * what a dead-lettered identity event would have changed (without it, such an event stays lost).
   */
  identityUrl?: string;
}

/**
 * The classes service (issue 5): identity projections, course catalog, classes and their teachers,
 * placements, enrollments, audit log; consumers `classes.identity` and `classes.assessment`; publishes
 * `classes.classes.v1` and `classes.enrollments.v1` through its outbox. Needs only a bus and a database.
 */
export async function createClassesService(options: ClassesServiceOptions): Promise<HostedService> {
  const logger = options.logger ?? createLogger(SERVICE_NAME);
  const catalog = new CourseCatalog(options.courses ?? DEFAULT_COURSE_CATALOG);
  return hostService({
    name: SERVICE_NAME,
    databaseUrl: options.databaseUrl,
    database: { entities, migrations },
    bus: options.bus,
    logger,
    roles: options.roles ?? parseProcessRoles(undefined),
    migrate: options.migrate,
    relay: options.relay,
    consumerTuning: options.consumer,
    module: (ctx) => {
      const classes = ClassesModule.register({ ...ctx, catalog }, { audience: SERVICE_NAME, secret: options.internalAuthSecret });
      if (!options.identityUrl) return classes;
      const identity = new IdentityStateHttpClient({ baseUrl: options.identityUrl, secret: options.internalAuthSecret });
      return { ...classes, imports: [...(classes.imports ?? []), IdentityDeadLettersModule.register({ ...ctx, catalog }, identity)] };
    },
  });
}
