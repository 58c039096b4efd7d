import { z } from 'zod';
import { cleverId, isoDateTime, personName, preferredName } from './common';

export const rosterDistrictUpserted = z.object({
  cleverDistrictId: cleverId,
  name: z.string(),
  /** Clever's sync state of the district (`running`, `paused`, ...), informational. */
  state: z.string().optional(),
});

export const rosterDistrictDisconnected = z.object({
  cleverDistrictId: cleverId,
  reason: z.enum(['token_revoked', 'token_missing']),
});

export const rosterSchoolUpserted = z.object({
  cleverSchoolId: cleverId,
  cleverDistrictId: cleverId,
  name: z.string(),
  sisId: z.string().optional(),
  schoolNumber: z.string().optional(),
  stateId: z.string().optional(),
  lowGrade: z.string().optional(),
  highGrade: z.string().optional(),
});

export const rosterRemoved = z.object({
  cleverDistrictId: cleverId,
  reason: z.enum(['unshared', 'deleted']),
});

export const rosterSchoolRemoved = rosterRemoved.extend({ cleverSchoolId: cleverId });

/**
 * A shared user with only the fields the program needs (ARCHITECTURE.md §1). Demographics that Clever
 * sends (dob, race, ELL, IEP, FRL, disability, home language, gender...) are never part of this payload.
 * Role keys keep Clever's vocabulary; `contact` users are never published.
 */
export const rosterUserRoles = z.object({
  district_admin: z.object({ title: z.string().optional() }).optional(),
  staff: z
    .object({ schools: z.array(cleverId), staffId: z.string().optional(), title: z.string().optional() })
    .optional(),
  teacher: z
    .object({
      school: cleverId.optional(),
      schools: z.array(cleverId),
      sisId: z.string().optional(),
      teacherNumber: z.string().optional(),
      stateId: z.string().optional(),
      title: z.string().optional(),
    })
    .optional(),
  student: z
    .object({
      school: cleverId.optional(),
      schools: z.array(cleverId),
      sisId: z.string().optional(),
      studentNumber: z.string().optional(),
      stateId: z.string().optional(),
      grade: z.string().optional(),
    })
    .optional(),
});
export type RosterUserRoles = z.infer<typeof rosterUserRoles>;

export const rosterUserUpserted = z.object({
  cleverUserId: cleverId,
  cleverDistrictId: cleverId,
  name: personName,
  preferredName: preferredName.optional(),
  email: z.string().optional(),
  roles: rosterUserRoles,
});

export const rosterUserRemoved = rosterRemoved.extend({ cleverUserId: cleverId });

export const rosterSectionUpserted = z.object({
  cleverSectionId: cleverId,
  cleverDistrictId: cleverId,
  cleverSchoolId: cleverId,
  name: z.string(),
  grade: z.string().optional(),
  subject: z.string().optional(),
  /** Clever's `period` (e.g. "3"), for teachers finding "my third period"; optional: added in v1 without a break. */
  period: z.string().optional(),
  /** The name of the section's term (Clever `term_id` → `/terms`), when ingestion knows it. */
  termName: z.string().optional(),
  teacherIds: z.array(cleverId),
  studentIds: z.array(cleverId),
});

export const rosterSectionRemoved = rosterRemoved.extend({ cleverSectionId: cleverId });

export const syncRunCounts = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  archived: z.number().int().nonnegative(),
  restored: z.number().int().nonnegative(),
  ignored: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type SyncRunCounts = z.infer<typeof syncRunCounts>;

export const syncRunKind = z.enum(['full', 'events']);

export const rosterSyncRunStarted = z.object({
  runId: z.string().min(1),
  cleverDistrictId: cleverId,
  kind: syncRunKind,
  trigger: z.enum(['initial', 'schedule', 'manual', 'cursor_expired', 'resync_request', 'events']),
  startedAt: isoDateTime,
});

export const rosterSyncRunCompleted = rosterSyncRunStarted.extend({
  finishedAt: isoDateTime,
  counts: syncRunCounts,
});

export const rosterSyncRunHeld = rosterSyncRunStarted.extend({
  heldAt: isoDateTime,
  counts: syncRunCounts,
  heldRemovals: z.number().int().nonnegative(),
  activeUsers: z.number().int().nonnegative(),
  thresholdPercent: z.number().min(0).max(100),
  /**
   * Which safeguard rules the removals crossed (issue 15): `all` (the whole district's threshold) and/or a role
   * (`students`, `teachers`, `staff` = staff and district admins), each with its figures. Optional: events of
   * producers before the per-role safeguard have none.
   */
  holdReasons: z
    .array(
      z.object({
        role: z.enum(['all', 'students', 'teachers', 'staff']),
        removals: z.number().int().nonnegative(),
        activeAccounts: z.number().int().nonnegative(),
        thresholdPercent: z.number().min(0).max(100),
      }),
    )
    .optional(),
});

export const rosterSyncRunFailed = rosterSyncRunStarted.extend({
  failedAt: isoDateTime,
  counts: syncRunCounts,
  error: z.object({ code: z.string(), message: z.string() }),
});
