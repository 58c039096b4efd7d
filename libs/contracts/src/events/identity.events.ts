import { z } from 'zod';
import { accountRole, actor, cleverId, isoDateTime, personName, preferredName, uuid } from './common';

export const accountSchoolMembership = z.object({
  schoolId: uuid,
  cleverSchoolId: cleverId,
  /** The roles this account has in this school (a teacher + staff user holds both). */
  roles: z.array(accountRole),
  primary: z.boolean(),
});

/** The state of an account after the change; consumers keep a projection of it (version-guarded). */
export const accountState = z.object({
  accountId: uuid,
  districtId: uuid,
  cleverUserId: cleverId,
  cleverDistrictId: cleverId,
  status: z.enum(['active', 'archived']),
  roles: z.array(accountRole),
  name: personName,
  preferredName: preferredName.optional(),
  email: z.string().optional(),
  grade: z.string().optional(),
  sisId: z.string().optional(),
  studentNumber: z.string().optional(),
  stateId: z.string().optional(),
  teacherNumber: z.string().optional(),
  staffId: z.string().optional(),
  title: z.string().optional(),
  schools: z.array(accountSchoolMembership),
});
export type AccountState = z.infer<typeof accountState>;

export const identityAccountCreated = accountState;
export const identityAccountUpdated = accountState.extend({
  /** Top-level fields that changed, so consumers can skip irrelevant updates. */
  changed: z.array(z.string()),
});
export const identityAccountArchived = accountState;
export const identityAccountRestored = accountState;

export const schoolState = z.object({
  schoolId: uuid,
  districtId: uuid,
  cleverSchoolId: cleverId,
  cleverDistrictId: cleverId,
  name: z.string(),
  sisId: z.string().optional(),
  schoolNumber: z.string().optional(),
  stateId: z.string().optional(),
  lowGrade: z.string().optional(),
  highGrade: z.string().optional(),
  status: z.enum(['active', 'removed']),
});
export type SchoolState = z.infer<typeof schoolState>;

export const identitySchoolUpserted = schoolState;
export const identitySchoolRemoved = schoolState;

/**
 * Two accounts of one person were merged by a district admin (issue 16): the archived `source` (an old Clever
 * id) now resolves to the active `into` account, which inherits its placements and enrollment history.
 * Keyed by the source account (it follows the source's own `archived` event in its partition); `into` is the
 * target's state at merge time with its version, so a consumer can bring its projection of the target up to
 * that version before moving anything to it.
 */
export const identityAccountMerged = z.object({
  sourceAccountId: uuid,
  intoAccountId: uuid,
  districtId: uuid,
  /** The role group both accounts belong to. */
  roleGroup: z.enum(['student', 'staff']),
  /** The district admin who merged them. */
  actor,
  mergedAt: isoDateTime,
  into: accountState,
  intoVersion: z.number().int().nonnegative(),
});
export type AccountMerged = z.infer<typeof identityAccountMerged>;

/**
 * The personal fields of an account archived longer than its district's retention were erased (issue 16):
 * names, email and numbers are gone in identity; consumers erase them from their projections too. The ids
 * (ours and Clever's) stay so history rows keep their link.
 */
export const identityAccountErased = z.object({
  accountId: uuid,
  districtId: uuid,
  archivedAt: isoDateTime,
  erasedAt: isoDateTime,
  retentionDays: z.number().int().min(30),
});
export type AccountErased = z.infer<typeof identityAccountErased>;
