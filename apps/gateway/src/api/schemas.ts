import { z } from 'zod';
import { accountRole } from '@roster/contracts';

/**
 * The public API's shapes: inputs are validated with these (400 VALIDATION_FAILED), and the OpenAPI
 * document is generated from them. Named response schemas are registered in `apiSchemas` and become
 * `components.schemas` of the document.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();
function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

// ------------------------------------------------------------------------------------------ inputs

/** Our ids (uuids, as the services validate them). */
export const id = z.uuid();
/** Clever ids (Mongo ObjectIDs in practice; any short token here so a format change never locks anyone out). */
export const cleverId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a Clever id');
export const courseId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'not a course id');
export const runId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'not a run id');
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

export const devLoginBody = z
  .object({ cleverId: cleverId.optional(), accountId: id.optional() })
  .strict()
  .refine((v) => (v.cleverId === undefined) !== (v.accountId === undefined), { message: 'give exactly one of cleverId and accountId' })
  .describe('Exactly one of `cleverId` and `accountId`.');

export const settingsBody = z
  .object({
    placementRequired: z.boolean().optional().describe('enrollment requires a placement result (classes)'),
    safeguardThresholdPercent: z.number().min(0).max(100).optional().describe('mass-archive safeguard threshold (clever-ingestion)'),
  })
  .strict()
  .refine((v) => v.placementRequired !== undefined || v.safeguardThresholdPercent !== undefined, { message: 'nothing to change' });

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
const timestamp = z.string().describe('ISO 8601 timestamp');
const personName = z.object({ first: z.string(), middle: z.string().optional(), last: z.string() });

export const problemSchema = named(
  'Problem',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('stable machine-readable code'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  }),
  'RFC 9457 problem details (`application/problem+json`)',
);

export const accountSchema = named(
  'Account',
  z.object({
    id,
    cleverId: z.string(),
    districtId: id,
    status: z.enum(['active', 'archived']),
    roles: z.array(role),
    name: personName,
    preferredName: z.object({ first: z.string().optional(), middle: z.string().optional(), last: z.string().optional() }).optional(),
    email: z.string().optional(),
    grade: z.string().optional(),
    sisId: z.string().optional(),
    studentNumber: z.string().optional(),
    stateId: z.string().optional(),
    teacherNumber: z.string().optional(),
    staffId: z.string().optional(),
    title: z.string().optional(),
    schools: z.array(z.object({ schoolId: id, roles: z.array(role), primary: z.boolean() })),
    createdAt: timestamp,
    updatedAt: timestamp,
    archivedAt: timestamp.optional(),
  }),
);
export type Account = z.infer<typeof accountSchema>;

export const schoolSchema = named(
  'School',
  z.object({
    id,
    cleverId: z.string(),
    districtId: id,
    name: z.string(),
    sisId: z.string().optional(),
    schoolNumber: z.string().optional(),
    lowGrade: z.string().optional(),
    highGrade: z.string().optional(),
    status: z.enum(['active', 'removed']),
  }),
);

const scopeSchema = z.object({
  districtId: id,
  cleverDistrictId: z.string(),
  roles: z.array(role),
  districtAdmin: z.boolean(),
  adminApi: z.boolean().describe('false for students: the admin API answers 403 STUDENT_NO_ACCESS'),
  adminSchools: z.union([z.literal('all'), z.array(id)]),
  staffSchools: z.union([z.literal('all'), z.array(id)]),
  schools: z.array(z.object({ schoolId: id, roles: z.array(role) })),
});

export const districtSchema = named(
  'District',
  z.object({ id, cleverId: z.string(), name: z.string(), status: z.enum(['connected', 'disconnected']) }),
);

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

export const devUserSchema = named(
  'DevUser',
  z.object({
    accountId: id,
    cleverId: z.string(),
    name: personName,
    roles: z.array(role),
    schools: z.array(z.object({ schoolId: id, name: z.string().nullable() })),
  }),
);

const syncCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  archived: z.number().int(),
  restored: z.number().int(),
  ignored: z.number().int(),
  rejected: z.number().int(),
});

export const syncRunSchema = named(
  'SyncRun',
  z.object({
    id: z.string(),
    kind: z.string(),
    trigger: z.string(),
    status: z.enum(['running', 'completed', 'held', 'failed', 'rejected']),
    startedAt: timestamp,
    finishedAt: timestamp.optional(),
    counts: syncCounts,
    heldRemovals: z.number().int().optional(),
    error: z.string().optional(),
  }),
);

export const syncStatusSchema = named(
  'SyncStatus',
  z.object({
    districtId: id,
    cleverDistrictId: z.string(),
    connection: z.object({ state: z.enum(['connected', 'disconnected']), since: timestamp.nullable().optional() }),
    lastSuccessfulFullSyncAt: timestamp.nullable(),
    eventsCursor: z.object({ id: z.string(), ageSeconds: z.number() }).nullable(),
    settings: z.object({ safeguardThresholdPercent: z.number() }),
    runs: z.array(syncRunSchema).describe('newest first, at most 20'),
    rejected: z.array(z.object({ runId: z.string(), recordType: z.string(), cleverId: z.string(), reason: z.string() })),
    held: z.object({ runId: z.string(), removals: z.number().int(), activeUsers: z.number().int(), thresholdPercent: z.number() }).nullable(),
  }),
);

export const syncStartedSchema = named('SyncStarted', z.object({ runId: z.string() }));

const byRole = z.record(z.string(), z.object({ active: z.number().int(), archived: z.number().int() }));
export const summarySchema = named(
  'DistrictSummary',
  z.object({
    districtId: id,
    totals: z.object({ byRole }),
    schools: z.array(z.object({ schoolId: id, name: z.string(), byRole })),
  }),
);

export const settingsSchema = named(
  'DistrictSettings',
  z.object({ districtId: id, placementRequired: z.boolean(), safeguardThresholdPercent: z.number() }),
);

export const settingsUpdateSchema = named(
  'DistrictSettingsUpdate',
  z.object({ districtId: id, placementRequired: z.boolean().optional(), safeguardThresholdPercent: z.number().optional() }),
  'The settings the request changed, as stored.',
);

export const courseSchema = named(
  'Course',
  z.object({ id: z.string(), name: z.string(), description: z.string().optional(), order: z.number() }),
);

export const placementSchema = named(
  'Placement',
  z.object({
    id,
    studentId: id,
    recommendedCourseId: z.string(),
    score: z.number().optional(),
    testedOn: z.string(),
    source: z.enum(['manual', 'assessment']),
    recordedBy: z.string().optional(),
    recordedAt: timestamp,
  }),
);

export const availableStudentSchema = named(
  'AvailableStudent',
  z.object({
    id,
    cleverId: z.string(),
    name: personName,
    preferredName: z.object({ first: z.string().optional(), middle: z.string().optional(), last: z.string().optional() }).optional(),
    grade: z.string().optional(),
    sisId: z.string().optional(),
    studentNumber: z.string().optional(),
    latestPlacement: placementSchema.optional(),
  }),
);

export const classSchema = named(
  'Class',
  z.object({
    id,
    districtId: id,
    schoolId: id,
    name: z.string(),
    courseId: z.string().nullable(),
    teacherIds: z.array(id),
    teachers: z.array(z.object({ id, name: z.unknown() })),
    status: z.enum(['active', 'archived']),
    needsTeacher: z.boolean(),
    activeEnrollments: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const enrollmentSchema = named(
  'Enrollment',
  z.object({
    id,
    classId: id,
    studentId: id,
    student: z.object({ name: z.unknown(), grade: z.string().optional() }),
    status: z.enum(['active', 'ended']),
    startedAt: timestamp,
    endedAt: timestamp.optional(),
    endReason: z.string().optional(),
    startedBy: z.unknown(),
    endedBy: z.unknown().optional(),
  }),
);

export const enrollResultSchema = named(
  'EnrollResult',
  z.object({
    results: z.array(
      z.object({
        studentId: id,
        outcome: z.enum(['enrolled', 'rejected']),
        code: z.string().optional().describe('STUDENT_NOT_FOUND, STUDENT_NOT_ACTIVE, STUDENT_NOT_IN_SCHOOL, ALREADY_ENROLLED, PLACEMENT_REQUIRED'),
        warnings: z.array(z.object({ code: z.string(), detail: z.string().optional() })),
      }),
    ),
    enrolled: z.number().int(),
    rejected: z.number().int(),
  }),
);

export const auditEntrySchema = named(
  'AuditEntry',
  z.object({
    id: z.string(),
    at: timestamp,
    actor: z.object({ type: z.string(), id: z.string() }),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    schoolId: id.optional(),
    details: z.unknown(),
  }),
);

/** Every list answers `{data, nextCursor}`. */
export function pageSchema<S extends z.ZodType>(item: S) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null at the end') });
}
