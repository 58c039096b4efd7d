import { z } from 'zod';

/** Identity's environment (validated at start-up; Kafka, PORT, HOST and PROCESS_ROLES are read by runServiceMain). */
export const identityEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  INTERNAL_AUTH_SECRET: z.string().min(16, 'INTERNAL_AUTH_SECRET must be at least 16 characters'),
  IDENTITY_CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  IDENTITY_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(3),
  IDENTITY_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** How often the retention job (archivedRetentionDays, issue 16) runs; 0 disables it in this process. */
  IDENTITY_RETENTION_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
});
export type IdentityEnv = z.infer<typeof identityEnv>;
