import { z } from 'zod';
import { accountRole, cleverId, personName, preferredName, uuid } from './common';

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
