import { z } from 'zod';
import { parseDistrictTokens } from './domain/district-tokens';
import { FullSyncSchedule } from './runtime/schedule';
import { DEFAULT_CLEVER_PAGE_SIZE, DEFAULT_EVENTS_POLL_INTERVAL_MS, DEFAULT_FULL_SYNC_CRON, DEFAULT_TOKEN_MISSING_GRACE_MS } from './defaults';

const url = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

/**
 * clever-ingestion's environment (ARCHITECTURE.md §5), validated at start-up. Kafka, PORT, HOST and
 * PROCESS_ROLES are read by runServiceMain. Either client credentials (token discovery) or
 * CLEVER_DISTRICT_TOKENS must be given. Secrets are never echoed in error messages.
 */
export const ingestionEnv = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
    INTERNAL_AUTH_SECRET: z.string().min(16, 'INTERNAL_AUTH_SECRET must be at least 16 characters'),
    CLEVER_API_BASE_URL: url('CLEVER_API_BASE_URL').default('https://api.clever.com'),
    CLEVER_OAUTH_BASE_URL: url('CLEVER_OAUTH_BASE_URL').default('https://clever.com'),
    CLEVER_CLIENT_ID: z.string().default(''),
    CLEVER_CLIENT_SECRET: z.string().default(''),
    CLEVER_API_VERSION: z.enum(['v3.0', 'v3.1'], { error: 'CLEVER_API_VERSION must be v3.0 or v3.1' }).default('v3.0'),
    CLEVER_PAGE_SIZE: z.coerce.number().int().min(1, 'CLEVER_PAGE_SIZE must be 1..10000').max(10_000, 'CLEVER_PAGE_SIZE must be 1..10000').default(DEFAULT_CLEVER_PAGE_SIZE),
    CLEVER_EVENTS_POLL_INTERVAL_MS: z.coerce.number().int().min(1000, 'CLEVER_EVENTS_POLL_INTERVAL_MS must be at least 1000').default(DEFAULT_EVENTS_POLL_INTERVAL_MS),
    CLEVER_FULL_SYNC_CRON: z
      .string()
      .default(DEFAULT_FULL_SYNC_CRON)
      .refine((cron) => {
        try {
          FullSyncSchedule.validate(cron);
          return true;
        } catch {
          return false;
        }
      }, 'CLEVER_FULL_SYNC_CRON is not a valid cron expression'),
    CLEVER_DISTRICT_TOKENS: z
      .string()
      .optional()
      .refine((v) => {
        try {
          parseDistrictTokens(v);
          return true;
        } catch {
          return false;
        }
      }, 'CLEVER_DISTRICT_TOKENS must be "districtId:token,districtId:token"'),
    CLEVER_TOKEN_MISSING_GRACE_MS: z.coerce.number().int().min(0, 'CLEVER_TOKEN_MISSING_GRACE_MS must be 0 or more').default(DEFAULT_TOKEN_MISSING_GRACE_MS),
    CLEVER_SAFEGUARD_THRESHOLD_PERCENT: z.coerce.number().min(0).max(100).default(25),
    INGESTION_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  })
  .refine((e) => (e.CLEVER_CLIENT_ID !== '' && e.CLEVER_CLIENT_SECRET !== '') || Boolean(e.CLEVER_DISTRICT_TOKENS), {
    message: 'set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET (token discovery), or CLEVER_DISTRICT_TOKENS',
    path: ['CLEVER_CLIENT_ID'],
  });
export type IngestionEnv = z.infer<typeof ingestionEnv>;
