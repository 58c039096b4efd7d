import { z } from 'zod';
import { cleverId, isoDateTime } from './common';

/**
 * District purge (issue 16): a platform operator asks clever-ingestion to delete everything Roster holds
 * about a district; every service deletes its own rows on `roster.district.purge-requested` and confirms
 * with `<domain>.district.purged`. The confirmations carry the purge id and counts only — never the
 * district's ids — because they stay in the services' outbox tables after the purge.
 */
export const districtPurgeRequested = z.object({
  purgeId: z.uuid(),
  cleverDistrictId: cleverId,
  /** Count what would be deleted, delete nothing. */
  dryRun: z.boolean(),
  requestedAt: isoDateTime,
  /** Who asked (the operator token's name), for the certificate. */
  requestedBy: z.string().min(1),
  /**
   * Ids of the district's sync runs: they appear inside consumers' processed-message ids (inbox rows),
   * which name no district; with them each consumer finds its inbox rows of the district.
   */
  runIds: z.array(z.string().min(1)),
});

export const purgedTable = z.object({
  table: z.string().min(1),
  /** Rows deleted (dry run: rows that would be deleted). */
  rows: z.number().int().nonnegative(),
});

export const districtPurged = z.object({
  purgeId: z.uuid(),
  /** The confirming service. */
  service: z.string().min(1),
  dryRun: z.boolean(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
  tables: z.array(purgedTable),
});
export type DistrictPurged = z.infer<typeof districtPurged>;
export type DistrictPurgeRequested = z.infer<typeof districtPurgeRequested>;
