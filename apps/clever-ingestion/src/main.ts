// First, for its effect: re-executes the process with a bounded young generation (libs/runtime).
import '@roster/runtime';
import './tracing';
import { parseEnv, runServiceMain } from '@roster/http';
import { ingestionEnv } from './config';
import { createIngestionService } from './service';

void runServiceMain('clever-ingestion', (ctx) => {
  const env = parseEnv(ingestionEnv, ctx.env);
  return createIngestionService({
    databaseUrl: env.DATABASE_URL,
    bus: ctx.bus,
    internalAuthSecret: env.INTERNAL_AUTH_SECRET,
    clever: {
      apiBaseUrl: env.CLEVER_API_BASE_URL,
      oauthBaseUrl: env.CLEVER_OAUTH_BASE_URL,
      clientId: env.CLEVER_CLIENT_ID,
      clientSecret: env.CLEVER_CLIENT_SECRET,
      apiVersion: env.CLEVER_API_VERSION,
      districtTokens: env.CLEVER_DISTRICT_TOKENS,
      pageSize: env.CLEVER_PAGE_SIZE,
    },
    eventsPollIntervalMs: env.CLEVER_EVENTS_POLL_INTERVAL_MS,
    fullSyncCron: env.CLEVER_FULL_SYNC_CRON,
    safeguardThresholdPercent: env.CLEVER_SAFEGUARD_THRESHOLD_PERCENT,
    tokenMissingGraceMs: env.CLEVER_TOKEN_MISSING_GRACE_MS,
    logger: ctx.logger,
    roles: ctx.roles,
    migrate: false,
    poolSize: env.INGESTION_DB_POOL_SIZE,
  });
});
