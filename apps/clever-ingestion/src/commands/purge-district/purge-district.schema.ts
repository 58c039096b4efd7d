import { z } from 'zod';

/** POST /internal/v1/operator/districts/{cleverDistrictId}/purge */
export const purgeDistrictRequestSchema = z.object({ dryRun: z.boolean().default(false) }).strict();

export const purgeDistrictAcceptedSchema = z.object({
  purgeId: z.uuid(),
  cleverDistrictId: z.string(),
  dryRun: z.boolean(),
  requestedAt: z.string(),
  /** Services whose `*.district.purged` confirmation completes the purge. */
  services: z.array(z.string()),
});
export type PurgeDistrictAccepted = z.infer<typeof purgeDistrictAcceptedSchema>;

/** Every service that holds rows of a district, each confirming a purge. */
export const PURGING_SERVICES = ['clever-ingestion', 'identity', 'classes'] as const;
