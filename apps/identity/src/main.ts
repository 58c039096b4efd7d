// First, for its effect: re-executes the process with a bounded young generation (libs/runtime).
import '@roster/runtime';
import './tracing';
import { parseEnv, runServiceMain } from '@roster/http';
import { identityEnv } from './config';
import { createIdentityService } from './service';

void runServiceMain('identity', (ctx) => {
  const env = parseEnv(identityEnv, ctx.env);
  return createIdentityService({
    databaseUrl: env.DATABASE_URL,
    bus: ctx.bus,
    internalAuthSecret: env.INTERNAL_AUTH_SECRET,
    logger: ctx.logger,
    roles: ctx.roles,
    migrate: false,
    consumer: { maxBatchSize: env.IDENTITY_CONSUMER_BATCH_SIZE, partitionsConsumedConcurrently: env.IDENTITY_CONSUMER_CONCURRENCY },
    poolSize: env.IDENTITY_DB_POOL_SIZE,
    retentionIntervalMs: env.IDENTITY_RETENTION_INTERVAL_MS,
  });
});
