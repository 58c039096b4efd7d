import { z } from 'zod';
import { accountRole } from '@roster/contracts';
import * as internal from '@roster/internal-api';

/**
 * The public API's shapes: inputs are validated with these (400 VALIDATION_FAILED), and the OpenAPI
 * document is generated from them. Named response schemas are registered in `apiSchemas` and become
 * `components.schemas` of the document. Where the public answer is the owning service's answer, the
 * schema IS the internal contract (`@roster/internal-api`), the one ServiceClient parses upstream bodies with.
 */
export const apiSchemas = z.registry<{ id?: string; description?: string; minProperties?: number; oneOf?: unknown[] }>();
function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}
/**
 * JSON Schema keywords for a rule zod checks with `refine`, which JSON Schema cannot learn from zod: the
 * document then refuses what the server refuses (generated clients and fuzzers see the same rule).
 */
function documented<S extends z.ZodType>(schema: S, keywords: { minProperties?: number; oneOf?: unknown[]; description?: string }): S {
  apiSchemas.add(schema, keywords);
  return schema;
}

// ------------------------------------------------------------------------------------------ inputs

/** Our ids (uuids, as the services validate them). */
export const id = z.uuid();
/** Clever ids (Mongo ObjectIDs in practice; any short token here so a format change never locks anyone out). */
export const cleverId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a Clever id');
export const courseId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'not a course id');
/** Sync runs are identified by uuids. */
export const runId = z.uuid();
export const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,2048}={0,2}$/, 'not a cursor').optional();
export const limit = z.coerce.number().int().min(1).max(500).optional().describe('page size, 1..500 (default 50)');
const search = z
  .string()
  .max(200)
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .describe('case-insensitive search');
const grade = z.string().regex(/^[A-Za-z0-9 _-]{1,40}$/, 'not a grade');

export const idParams = z.object({ id }).strict();
export const districtParams = idParams;
export const runParams = z.object({ id, runId }).strict();
export const enrollmentParams = z.object({ id, studentId: id }).strict();
export const pageQuery = z.object({ cursor, limit }).strict();
export const noQuery = z.object({}).strict();

export const accountsQuery = z
  .object({
    schoolId: id.optional(),
    role: accountRole.optional(),
    status: z.enum(['active', 'archived']).optional(),
    q: search,
    cleverId: cleverId.optional(),
    cursor,
    limit,
  })
  .strict();

export const availableStudentsQuery = z
  .object({
    grade: grade.optional(),
    placement: z.union([z.literal('none'), courseId]).optional().describe('`none` (no placement yet) or a course id'),
    q: search,
    cursor,
    limit,
  })
  .strict();

export const classesQuery = z
  .object({ schoolId: id.optional(), status: z.enum(['active', 'archived']).optional(), cursor, limit })
  .strict();

export const enrollmentsQuery = z.object({ status: z.enum(['active', 'ended', 'all']).optional(), cursor, limit }).strict();

export const devUsersQuery = z.object({ districtId: id.optional() }).strict();

export const cleverLoginQuery = z.object({ districtId: cleverId.optional().describe('Clever district id hint') }).strict();
export const cleverCallbackQuery = z
  .object({
    code: z.string().min(1).max(512).optional(),
    state: z.string().min(1).max(512).optional(),
    scope: z.string().max(2000).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(2000).optional(),
  })
  .strict();

export const devLoginBody = documented(
  z
    .object({ cleverId: cleverId.optional(), accountId: id.optional() })
    .strict()
    .refine((v) => (v.cleverId === undefined) !== (v.accountId === undefined), { message: 'give exactly one of cleverId and accountId' }),
  { description: 'Exactly one of `cleverId` and `accountId`.', oneOf: [{ required: ['cleverId'] }, { required: ['accountId'] }] },
);

export const settingsBody = z
  .object({
    placementRequired: z.boolean().optional().describe('enrollment requires a placement result (classes)'),
    placementValidity: internal.placementValiditySchema.optional().describe('`current_school_year`: only a placement tested in the current school year satisfies placementRequired (classes; default `any`)'),
    safeguardThresholdPercent: z.number().min(0).max(100).optional().describe('mass-archive safeguard threshold (clever-ingestion)'),
    safeguardThresholds: internal.ingestionSafeguardThresholdsBody.optional().describe('mass-archive safeguard thresholds per role, percent of the role (clever-ingestion)'),
    safeguardMinimumCount: internal.ingestionSafeguardMinimumCountBody.optional().describe('a role holds a sync only when at least this many of its accounts would be archived (clever-ingestion)'),
  })
  .strict()
  // Any field given is a change: a field added here needs no edit of this rule.
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });
documented(settingsBody, { minProperties: 1 });

const className = z.string().trim().min(1).max(200);
const teacherIds = z.array(id).max(50);

export const createClassBody = z
  .object({ schoolId: id, name: className, courseId: courseId.optional(), teacherIds: teacherIds.optional() })
  .strict();

export const updateClassBody = z
  .object({
    name: className.optional(),
    courseId: courseId.nullable().optional().describe('null clears the course'),
    addTeacherIds: teacherIds.optional(),
    removeTeacherIds: teacherIds.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });

export const enrollBody = z
  .object({
    studentIds: z.array(id).min(1).max(500),
    override: z.boolean().optional().describe('admins only: enroll despite a missing placement'),
  })
  .strict();

export const placementBody = z
  .object({
    studentId: id,
    recommendedCourseId: courseId,
    score: z.number().min(0).max(100_000).optional(),
    testedOn: z.iso.date(),
  })
  .strict();

// ------------------------------------------------------------------------------------------ answers

const role = accountRole;
const timestamp = internal.timestamp;

export const problemSchema = named('Problem', internal.problemSchema, 'RFC 9457 problem details (`application/problem+json`)');

export const accountSchema = named('Account', internal.accountSchema);
export type Account = z.infer<typeof accountSchema>;

export const schoolSchema = named('School', internal.schoolSchema);

const scopeSchema = z.object({
  districtId: id,
  cleverDistrictId: z.string(),
  roles: z.array(role),
  districtAdmin: z.boolean(),
  adminApi: z.boolean().describe('false for students: the admin API answers 403 ACCESS.STUDENT_NO_ACCESS'),
  adminSchools: z.union([z.literal('all'), z.array(id)]),
  staffSchools: z.union([z.literal('all'), z.array(id)]),
  schools: z.array(z.object({ schoolId: id, roles: z.array(role) })),
});

export const districtSchema = named('District', internal.districtSchema);

export const meSchema = named(
  'Me',
  accountSchema.extend({
    district: districtSchema.nullable().describe('null when identity could not be asked'),
    scope: scopeSchema,
    authenticatedWith: z.enum(['cookie', 'bearer']),
  }),
  'The signed-in account (its `Account` fields), its district and its scope.',
);

export const tokenSchema = named(
  'Token',
  z.object({
    token: z.string().describe('send as `Authorization: Bearer <token>`'),
    tokenType: z.literal('Bearer'),
    expiresAt: timestamp,
    expiresIn: z.number().int().describe('seconds'),
  }),
);

export const devLoginSchema = named(
  'DevLogin',
  tokenSchema.extend({ account: accountSchema, scope: scopeSchema }),
  'The session cookie is set too.',
);

export const devUserSchema = named('DevUser', internal.devUserSchema);

export const syncRunSchema = named('SyncRun', internal.syncRunSchema);

export const syncStatusSchema = named('SyncStatus', internal.syncStatusSchema.extend({ districtId: id }), "clever-ingestion's sync status with our district id.");

export const syncStartedSchema = named('SyncStarted', internal.syncStartedSchema);

export const summarySchema = named('DistrictSummary', internal.districtSummarySchema);

export const settingsSchema = named(
  'DistrictSettings',
  z.object({
    districtId: id,
    placementRequired: z.boolean(),
    placementValidity: internal.placementValiditySchema,
    safeguardThresholdPercent: z.number(),
    safeguardThresholds: internal.safeguardThresholdsSchema,
    safeguardMinimumCount: z.number().int(),
  }),
);

export const settingsUpdateSchema = named(
  'DistrictSettingsUpdate',
  z.object({
    districtId: id,
    placementRequired: z.boolean().optional(),
    placementValidity: internal.placementValiditySchema.optional(),
    safeguardThresholdPercent: z.number().optional(),
    safeguardThresholds: internal.safeguardThresholdsSchema.optional(),
    safeguardMinimumCount: z.number().int().optional(),
  }),
  'The settings the request changed, as stored.',
);

export const courseSchema = named('Course', internal.courseSchema);

export const placementSchema = named('Placement', internal.placementSchema);

export const availableStudentSchema = named('AvailableStudent', internal.availableStudentSchema);

export const classSchema = named('Class', internal.classSchema);

export const enrollmentSchema = named('Enrollment', internal.enrollmentSchema);

export const enrollResultSchema = named('EnrollResult', internal.enrollResultSchema);

export const auditEntrySchema = named('AuditEntry', internal.auditEntrySchema);

/** Every list answers `{data, nextCursor}`. */
export const pageSchema = internal.pageSchema;

// ----------------------------------------------------------------- duplicates and merge (issue 16)

export const mergeAccountBody = internal.mergeAccountsBodySchema;

export const mergeResultSchema = named('MergeResult', internal.mergeResultSchema, 'A repeat of a done merge answers the same merge with `alreadyMerged: true` and changes nothing.');

export const duplicatePairSchema = named(
  'DuplicateAccountPair',
  internal.duplicatePairSchema,
  'An archived and an active account of one district and role group sharing strong identifiers (`evidence`): possibly one person whose Clever id changed.',
);

// ----------------------------------------------------------------- school years (issue 15)

export const schoolYearSchema = named('SchoolYear', internal.schoolYearSchema);

export const schoolYearListSchema = internal.listSchema(schoolYearSchema);

export const rolloverBody = internal.rolloverBodySchema.strict();

export const rolloverPreviewSchema = named('SchoolYearRolloverPreview', internal.rolloverPreviewSchema, 'What a rollover would do, per school and in total; nothing changed.');

export const rolloverResultSchema = named(
  'SchoolYearRollover',
  internal.rolloverResultSchema,
  'What the rollover did (the same counts as its preview), the new current year and the carried-forward classes.',
);

// ----------------------------------------------------------------- sync preview and changes (issue 15)

export const syncChangeKind = internal.syncChangeKindSchema;

export const syncChangesQuery = z.object({ kind: internal.syncChangeKindSchema, cursor, limit }).strict();

export const syncChangeSchema = named(
  'SyncChange',
  internal.syncChangeSchema,
  'A record a preview run would change, or a held run would archive: Clever id, type, role, school and display name — no other personal field (rejected records: id and reason only).',
);

// ----------------------------------------------------------------- retention of archived accounts (issue 16)

export const accountRetentionBody = internal.retentionSettingsBodySchema;

export const accountRetentionSchema = named(
  'AccountRetention',
  internal.retentionSettingsSchema,
  'Accounts archived longer than `archivedRetentionDays` have their personal fields erased in every service (ids and history stay); null keeps them.',
);
