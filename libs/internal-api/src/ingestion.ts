import { z } from 'zod';
import { timestamp } from './common';

/**
 * Request and response bodies of the ingestion service's internal API (`/internal/v1/...`, docs/internal-api.md).
 * The service builds its answers from these schemas; the gateway's ServiceClient parses upstream bodies
 * with them and its OpenAPI document reuses them. Keyed by the **Clever** district id.
 */

// ------------------------------------------------------------------------------------------ answers

/** A run's counts (districts, schools, users and sections together). */
export const syncCountsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  archived: z.number().int(),
  restored: z.number().int(),
  ignored: z.number().int(),
  rejected: z.number().int(),
});

export const syncRunKindSchema = z.enum(['full', 'events']);
export const syncRunTriggerSchema = z.enum(['initial', 'schedule', 'manual', 'cursor_expired', 'resync_request', 'events']);
/** A run accepted but not started yet shows as `running`. */
export const syncRunStatusSchema = z.enum(['running', 'completed', 'held', 'failed', 'rejected']);

/** One run: items of `runs`, and the answer of approve/reject. */
export const syncRunSchema = z.object({
  id: z.string(),
  kind: syncRunKindSchema,
  trigger: syncRunTriggerSchema,
  status: syncRunStatusSchema,
  startedAt: timestamp,
  finishedAt: timestamp.optional(),
  counts: syncCountsSchema,
  heldRemovals: z.number().int().optional(),
  error: z.string().optional().describe('`<CODE>: <message>`'),
  note: z.string().optional().describe('how a held run was decided, or that a newer run superseded it'),
});
export type SyncRunBody = z.infer<typeof syncRunSchema>;

/** A record rejected by a run: ids and reason codes only, never names. */
export const rejectedRecordSchema = z.object({
  runId: z.string(),
  recordType: z.string().describe('district | school | user | section'),
  cleverId: z.string().describe('"" when the record had no id'),
  reason: z.string(),
});

/** The mass-change safeguard's hold, when a run waits for a district admin. */
export const heldRunSchema = z.object({ runId: z.string(), removals: z.number().int(), activeUsers: z.number().int(), thresholdPercent: z.number() });

export const ingestionSettingsSchema = z.object({ safeguardThresholdPercent: z.number() });
export type IngestionSettingsBody = z.infer<typeof ingestionSettingsSchema>;

/** `GET /districts/:cleverDistrictId/sync`: the district's sync visibility. */
export const syncStatusSchema = z.object({
  cleverDistrictId: z.string(),
  connection: z.object({ state: z.enum(['connected', 'disconnected']), since: timestamp.nullable() }),
  lastSuccessfulFullSyncAt: timestamp.nullable(),
  eventsCursor: z.object({ id: z.string(), ageSeconds: z.number() }).nullable(),
  settings: ingestionSettingsSchema,
  runs: z.array(syncRunSchema).describe('newest first, at most 20'),
  rejected: z.array(rejectedRecordSchema).describe('of the latest full run and the runs after it, newest first, at most 200'),
  held: heldRunSchema.nullable(),
});
export type SyncStatusBody = z.infer<typeof syncStatusSchema>;

/** `POST /districts/:cleverDistrictId/sync` (202). */
export const syncStartedSchema = z.object({ runId: z.string() });
export type SyncStartedBody = z.infer<typeof syncStartedSchema>;

// ------------------------------------------------------------------------------------------ requests

/** `PATCH /districts/:cleverDistrictId/settings`. */
export const ingestionSettingsBodySchema = z.object({ safeguardThresholdPercent: z.number().min(0).max(100) }).strict();
export type IngestionSettingsRequest = z.input<typeof ingestionSettingsBodySchema>;

/** Every schema of the ingestion service's internal API by role, for services, the gateway and contract tests. */
export const ingestionApi = {
  syncStatus: syncStatusSchema,
  syncStarted: syncStartedSchema,
  syncRun: syncRunSchema,
  settings: ingestionSettingsSchema,
  settingsBody: ingestionSettingsBodySchema,
} satisfies Record<string, z.ZodType>;
