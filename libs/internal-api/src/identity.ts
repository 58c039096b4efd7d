import { z } from 'zod';
import { accountState, schoolState } from '@roster/contracts';
import {
  accountRoleSchema,
  cleverIdValue,
  cursorParam,
  limitParam,
  listSchema,
  pageQuerySchema,
  pageSchema,
  personNameSchema,
  preferredNameSchema,
  timestamp,
  uuid,
} from './common';

/**
 * Request and response bodies of the identity service's internal API (`/internal/v1/...`, docs/internal-api.md).
 * The service builds its answers from these schemas; the gateway's ServiceClient parses upstream bodies
 * with them and its OpenAPI document reuses them.
 */

// ------------------------------------------------------------------------------------------ answers

/** `District`: `GET /districts`, `GET /districts/:districtId`. */
export const districtSchema = z.object({
  id: uuid,
  cleverId: cleverIdValue,
  name: z.string(),
  status: z.enum(['connected', 'disconnected']),
});
export type DistrictBody = z.infer<typeof districtSchema>;

/** `School`: `GET /schools/:id`, items of `GET /districts/:districtId/schools`. */
export const schoolSchema = z.object({
  id: uuid,
  cleverId: cleverIdValue,
  districtId: uuid,
  name: z.string(),
  sisId: z.string().optional(),
  schoolNumber: z.string().optional(),
  lowGrade: z.string().optional(),
  highGrade: z.string().optional(),
  status: z.enum(['active', 'removed']),
});
export type SchoolBody = z.infer<typeof schoolSchema>;

/** An account's membership of one school, with its roles there. */
export const schoolMembershipSchema = z.object({ schoolId: uuid, roles: z.array(accountRoleSchema), primary: z.boolean() });

/** `Account`: `GET /accounts/:id`, `GET /accounts/by-clever-id/:cleverUserId`, items of the accounts search. */
export const accountSchema = z.object({
  id: uuid,
  cleverId: cleverIdValue,
  districtId: uuid,
  status: z.enum(['active', 'archived']),
  roles: z.array(accountRoleSchema),
  name: personNameSchema,
  preferredName: preferredNameSchema.optional(),
  email: z.string().optional(),
  grade: z.string().optional(),
  sisId: z.string().optional(),
  studentNumber: z.string().optional(),
  stateId: z.string().optional(),
  teacherNumber: z.string().optional(),
  staffId: z.string().optional(),
  title: z.string().optional(),
  schools: z.array(schoolMembershipSchema),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
});
export type AccountBody = z.infer<typeof accountSchema>;

/**
 * The principal of a session (the same fields as `principalSchema` of @roster/authz, which this
 * contracts library may not import; a test keeps the two equal).
 */
export const sessionPrincipalSchema = z.object({
  accountId: uuid,
  districtId: uuid,
  cleverDistrictId: z.string().min(1),
  roles: z.array(accountRoleSchema),
  schools: z.array(z.object({ schoolId: uuid, roles: z.array(accountRoleSchema) })),
});

/** `GET /sign-in/clever/:cleverUserId`, `GET /sign-in/account/:accountId` (system caller). */
export const signInSchema = z.object({ account: accountSchema, principal: sessionPrincipalSchema });
export type SignInBody = z.infer<typeof signInSchema>;

/** Items of `GET /dev-users` (dev login): a school's `name` is null while identity knows it by Clever id only. */
export const devUserSchema = z.object({
  accountId: uuid,
  cleverId: cleverIdValue,
  name: personNameSchema,
  roles: z.array(accountRoleSchema),
  schools: z.array(z.object({ schoolId: uuid, name: z.string().nullable() })),
});
export type DevUserBody = z.infer<typeof devUserSchema>;

/** Accounts per role by status; every role appears (zeros where nobody holds it). */
const statusCounts = z.object({ active: z.number().int(), archived: z.number().int() });
export const byRoleSchema = z.record(accountRoleSchema, statusCounts);

/** `GET /districts/:districtId/summary` (district admins). */
export const districtSummarySchema = z.object({
  districtId: uuid,
  totals: z.object({ byRole: byRoleSchema }),
  schools: z.array(z.object({ schoolId: uuid, name: z.string(), byRole: byRoleSchema })),
});
export type DistrictSummaryBody = z.infer<typeof districtSummarySchema>;

export const districtListSchema = listSchema(districtSchema);
export const schoolPageSchema = pageSchema(schoolSchema);
export const accountPageSchema = pageSchema(accountSchema);
export const devUserListSchema = listSchema(devUserSchema);

// ------------------------------------------------------------------------------------------ requests

/** `GET /districts/:districtId/accounts` query. */
export const accountsQuerySchema = z.object({
  schoolId: uuid.optional(),
  role: accountRoleSchema.optional(),
  status: z.enum(['active', 'archived']).optional(),
  q: z.string().trim().max(200).optional(),
  cleverId: z.string().min(1).max(64).optional(),
  cursor: cursorParam,
  limit: limitParam,
});
export type AccountsQuery = z.input<typeof accountsQuerySchema>;

/** `GET /districts/:districtId/schools` query. */
export const schoolsQuerySchema = pageQuerySchema;

/** `GET /dev-users` query. */
export const devUsersQuerySchema = z.object({ districtId: uuid.optional() });

// ---------------------------------------------------------------------------------------- sessions

/**
 * Revocation of the gateway's sessions and bearer tokens (system caller `gateway` only):
 * `POST /sessions/revocations` revokes one session or token by its id (`jti`) until it expires;
 * `POST /sessions/accounts/:accountId/revoke-all` revokes every session and token of the account issued
 * before now ("sign out everywhere"); `GET /sessions/accounts/:accountId` is what the gateway caches.
 */
export const sessionRevocationSchema = z
  .object({ sessionId: uuid, accountId: uuid, expiresAt: timestamp })
  .strict();
export type SessionRevocationBody = z.infer<typeof sessionRevocationSchema>;

export const accountSessionsSchema = z.object({
  accountId: uuid,
  /** Sessions and tokens of the account issued (iat) before this instant are revoked; null when never. */
  revokedBefore: timestamp.nullable(),
  /** Ids (jti) of the account's revoked, not yet expired sessions and tokens. */
  revokedSessionIds: z.array(uuid),
});
export type AccountSessionsBody = z.infer<typeof accountSessionsSchema>;

/**
 * `GET /state/accounts/:accountId`, `/state/schools/:schoolId` (system caller `classes`): an entity as its newest
 * `identity.accounts.v1` / `identity.schools.v1` event carries it (`state` is that event's `data`) with that
 * event's `version`, read together — what a consumer that lost an event re-reads (classes' `identity-dlq` group).
 */
export const accountStateAnswerSchema = z.object({ version: z.number().int().min(1), state: accountState });
export const schoolStateAnswerSchema = z.object({ version: z.number().int().min(1), state: schoolState });
/** `GET /state/districts/:districtId/accounts|schools?cursor=&limit=` (≤ 500, default 500; by id). */
export const accountStatePageSchema = pageSchema(accountStateAnswerSchema);
export const schoolStatePageSchema = pageSchema(schoolStateAnswerSchema);
export const statePageQuerySchema = z.object({ cursor: cursorParam, limit: z.coerce.number().int().min(1).max(500).default(500) });

// ------------------------------------------------------------------- duplicates, merge, retention (issue 16)

/** A strong identifier two accounts share (the evidence of a possible duplicate). */
export const duplicateEvidenceSchema = z.object({
  field: z.enum(['sis_id', 'student_number', 'state_id', 'email', 'teacher_number', 'staff_id']),
  value: z.string(),
});

/** Items of `GET /districts/:districtId/duplicate-accounts` (district admins): an archived and an active account of one person? */
export const duplicatePairSchema = z.object({
  roleGroup: z.enum(['student', 'staff']),
  archived: accountSchema,
  active: accountSchema,
  evidence: z.array(duplicateEvidenceSchema).min(1),
  foundAt: timestamp,
});
export type DuplicatePairBody = z.infer<typeof duplicatePairSchema>;
export const duplicatePairPageSchema = pageSchema(duplicatePairSchema);
export const duplicatePairsQuerySchema = pageQuerySchema;

/** `POST /accounts/:sourceId/merge` body (district admins): merge the archived source into this active account. */
export const mergeAccountsBodySchema = z.object({ intoAccountId: uuid }).strict();
export type MergeAccountsRequest = z.input<typeof mergeAccountsBodySchema>;

/** Its answer; a repeat of a done merge answers the same merge (`alreadyMerged: true`) and changes nothing. */
export const mergeResultSchema = z.object({
  sourceAccountId: uuid,
  intoAccountId: uuid,
  districtId: uuid,
  roleGroup: z.enum(['student', 'staff']),
  mergedAt: timestamp,
  alreadyMerged: z.boolean(),
});
export type MergeResultBody = z.infer<typeof mergeResultSchema>;

/**
 * `GET|PATCH /districts/:districtId/retention` (district admins): accounts archived longer than
 * `archivedRetentionDays` have their personal fields erased; null (the default) keeps them.
 */
export const retentionSettingsSchema = z.object({ districtId: uuid, archivedRetentionDays: z.number().int().min(30).nullable() });
export type RetentionSettingsBody = z.infer<typeof retentionSettingsSchema>;
/** Below 30 days is refused by identity with IDENTITY.RETENTION_TOO_SHORT (a stable code, not a schema error). */
export const retentionSettingsBodySchema = z.object({ archivedRetentionDays: z.number().int().max(36_500).nullable() }).strict();

/** Every schema of identity's internal API by role, for services, the gateway and contract tests. */
export const identityApi = {
  district: districtSchema,
  districtList: districtListSchema,
  school: schoolSchema,
  schoolPage: schoolPageSchema,
  account: accountSchema,
  accountPage: accountPageSchema,
  signIn: signInSchema,
  devUserList: devUserListSchema,
  districtSummary: districtSummarySchema,
  accountsQuery: accountsQuerySchema,
  schoolsQuery: schoolsQuerySchema,
  devUsersQuery: devUsersQuerySchema,
  sessionRevocation: sessionRevocationSchema,
  accountSessions: accountSessionsSchema,
  accountState: accountStateAnswerSchema,
  schoolState: schoolStateAnswerSchema,
  accountStatePage: accountStatePageSchema,
  schoolStatePage: schoolStatePageSchema,
  statePageQuery: statePageQuerySchema,
  duplicatePair: duplicatePairSchema,
  duplicatePairPage: duplicatePairPageSchema,
  duplicatePairsQuery: duplicatePairsQuerySchema,
  mergeAccountsBody: mergeAccountsBodySchema,
  mergeResult: mergeResultSchema,
  retentionSettings: retentionSettingsSchema,
  retentionSettingsBody: retentionSettingsBodySchema,
} satisfies Record<string, z.ZodType>;
