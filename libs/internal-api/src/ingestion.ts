import { z } from 'zod';
import { cursorParam, limitParam, pageSchema, timestamp } from './common';

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

/** The safeguard's rules: the whole district (`all`), or one role (`staff` counts staff and district admins). */
export const safeguardRoleSchema = z.enum(['all', 'students', 'teachers', 'staff']);

/** Why a run holds (or, for a preview, would hold): the rule crossed and its figures. */
export const holdReasonSchema = z.object({
  role: safeguardRoleSchema,
  removals: z.number().int(),
  activeAccounts: z.number().int(),
  thresholdPercent: z.number(),
});
export type HoldReasonBody = z.infer<typeof holdReasonSchema>;

/** `apply`: a run that changes the roster; `preview`: a dry-run full read that changes and publishes nothing. */
export const syncRunModeSchema = z.enum(['apply', 'preview']);

/** One run: items of `runs`, and the answer of approve/reject. */
export const syncRunSchema = z.object({
  id: z.string(),
  kind: syncRunKindSchema,
  mode: syncRunModeSchema,
  trigger: syncRunTriggerSchema,
  status: syncRunStatusSchema,
  startedAt: timestamp,
  finishedAt: timestamp.optional(),
  counts: syncCountsSchema,
  heldRemovals: z.number().int().optional(),
  holdReasons: z.array(holdReasonSchema).optional().describe('which rules the removals crossed: a held run, or a preview that would be held'),
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
export const heldRunSchema = z.object({
  runId: z.string(),
  removals: z.number().int(),
  activeUsers: z.number().int(),
  thresholdPercent: z.number(),
  roles: z.array(safeguardRoleSchema).describe('the rules crossed: `all` (the whole district) and/or a role'),
});

/** Per-role safeguard thresholds, percent of the role's active accounts (`staff`: staff and district admins). */
export const safeguardThresholdsSchema = z.object({ students: z.number(), teachers: z.number(), staff: z.number() });

/** The district's ingestion settings as they apply (its own values, else the service defaults). */
export const ingestionSettingsSchema = z.object({
  safeguardThresholdPercent: z.number(),
  safeguardThresholds: safeguardThresholdsSchema,
  safeguardMinimumCount: z.number().int().describe('a role holds a run only when at least this many of its accounts would be archived'),
});
export type IngestionSettingsView = z.infer<typeof ingestionSettingsSchema>;

/** The answer of a settings change: the fields sent, as stored. */
export const ingestionSettingsUpdatedSchema = z.object({
  safeguardThresholdPercent: z.number().optional(),
  safeguardThresholds: safeguardThresholdsSchema.optional(),
  safeguardMinimumCount: z.number().int().optional(),
});
export type IngestionSettingsBody = z.infer<typeof ingestionSettingsUpdatedSchema>;

/** What a run changes (a preview) or would archive (a held run): one record; no personal field but the display name. */
export const syncChangeKindSchema = z.enum(['created', 'updated', 'archived', 'restored', 'rejected']);
export const syncChangeSchema = z.object({
  kind: syncChangeKindSchema,
  recordType: z.enum(['district', 'school', 'user', 'section']),
  cleverId: z.string().describe('"" when a rejected record had no id'),
  role: z.string().optional().describe("a user's highest account role: district_admin | staff | teacher | student"),
  schoolCleverId: z.string().optional(),
  schoolName: z.string().optional(),
  displayName: z.string().optional().describe('first and last name of a user, name of a school or section; never for rejected records'),
  reason: z.string().optional().describe('why a record was rejected'),
});
export type SyncChangeBody = z.infer<typeof syncChangeSchema>;
export const syncChangePageSchema = pageSchema(syncChangeSchema);

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

const percent = z.number().min(0).max(100);
/** Per-role thresholds to change (any of them). */
export const ingestionSafeguardThresholdsBody = z.object({ students: percent.optional(), teachers: percent.optional(), staff: percent.optional() }).strict();
export const ingestionSafeguardMinimumCountBody = z.number().int().min(0).max(1_000_000);

/** `PATCH /districts/:cleverDistrictId/settings`: any of the fields, at least one. */
export const ingestionSettingsBodySchema = z
  .object({
    safeguardThresholdPercent: percent.optional(),
    safeguardThresholds: ingestionSafeguardThresholdsBody.optional(),
    safeguardMinimumCount: ingestionSafeguardMinimumCountBody.optional(),
  })
  .strict()
  .refine((v) => v.safeguardThresholdPercent !== undefined || v.safeguardThresholds !== undefined || v.safeguardMinimumCount !== undefined, { message: 'nothing to change' });

/** `GET /districts/:cleverDistrictId/sync/runs/:runId/changes`. */
export const syncChangesQuerySchema = z.object({ kind: syncChangeKindSchema, cursor: cursorParam, limit: limitParam }).strict();
export type IngestionSettingsRequest = z.input<typeof ingestionSettingsBodySchema>;

/** Every schema of the ingestion service's internal API by role, for services, the gateway and contract tests. */
export const ingestionApi = {
  syncStatus: syncStatusSchema,
  syncStarted: syncStartedSchema,
  syncRun: syncRunSchema,
  settings: ingestionSettingsUpdatedSchema,
  settingsBody: ingestionSettingsBodySchema,
  syncChanges: syncChangePageSchema,
  syncChangesQuery: syncChangesQuerySchema,
} satisfies Record<string, z.ZodType>;
