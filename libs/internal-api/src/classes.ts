import { z } from 'zod';
import { calendarDate, cursorParam, limitParam, listSchema, pageQuerySchema, pageSchema, personNameSchema, preferredNameSchema, timestamp, uuid } from './common';

/**
 * Request and response bodies of the classes service's internal API (`/internal/v1/...`, docs/internal-api.md).
 * The service builds its answers from these schemas; the gateway's ServiceClient parses upstream bodies
 * with them and its OpenAPI document reuses them.
 */

/** Course ids of the configured catalog (`spire-1`…). */
export const courseIdValue = z.string().min(1).max(100);

// ------------------------------------------------------------------------------------------ answers

/** `Course`: items of `GET /courses`. */
export const courseSchema = z.object({ id: z.string(), name: z.string(), description: z.string().optional(), order: z.number() });
export type CourseBody = z.infer<typeof courseSchema>;

/** `GET` and `PATCH /districts/:districtId/settings`. */
/** `placementValidity` (issue 15): `any` placement satisfies PLACEMENT_REQUIRED, or only one tested in the current school year. */
export const placementValiditySchema = z.enum(['any', 'current_school_year']);
export const classesSettingsSchema = z.object({ districtId: uuid, placementRequired: z.boolean(), placementValidity: placementValiditySchema });
export type ClassesSettingsBody = z.infer<typeof classesSettingsSchema>;

/** Who did something (an account or a service). */
export const actorSchema = z.object({ type: z.string(), id: z.string() });

/** `Class`: `GET /classes/:id`, `POST /classes`, `PATCH /classes/:id`, `POST /classes/:id/archive`, items of the list. */
export const classSchema = z.object({
  id: uuid,
  districtId: uuid,
  schoolId: uuid,
  name: z.string(),
  courseId: z.string().nullable(),
  teacherIds: z.array(uuid),
  /** `name` is absent while classes has not yet received the teacher's account. */
  teachers: z.array(z.object({ id: uuid, name: personNameSchema.optional() })),
  status: z.enum(['active', 'archived']),
  needsTeacher: z.boolean(),
  activeEnrollments: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  schoolYear: z.object({ id: uuid, name: z.string() }).optional().describe('the school year the class belongs to (the one it was created in)'),
});
export type ClassBody = z.infer<typeof classSchema>;

/** `Enrollment`: items of `GET /classes/:id/enrollments` (the student's name is absent while unknown). */
export const enrollmentSchema = z.object({
  id: uuid,
  classId: uuid,
  studentId: uuid,
  student: z.object({ name: personNameSchema.optional(), grade: z.string().optional() }),
  status: z.enum(['active', 'ended']),
  startedAt: timestamp,
  endedAt: timestamp.optional(),
  endReason: z.string().optional(),
  startedBy: actorSchema,
  endedBy: actorSchema.optional(),
});
export type EnrollmentBody = z.infer<typeof enrollmentSchema>;

/** `POST /classes/:id/enrollments` (200): one result per distinct student. */
export const enrollResultSchema = z.object({
  results: z.array(
    z.object({
      studentId: uuid,
      outcome: z.enum(['enrolled', 'rejected']),
      code: z
        .string()
        .optional()
        .describe('why a student was rejected: STUDENT_NOT_FOUND, STUDENT_NOT_ACTIVE, STUDENT_NOT_IN_SCHOOL, ALREADY_ENROLLED, PLACEMENT_REQUIRED (namespaced CLASSES.*)'),
      warnings: z.array(z.object({ code: z.string(), detail: z.string() })),
    }),
  ),
  enrolled: z.number().int(),
  rejected: z.number().int(),
});
export type EnrollResultBody = z.infer<typeof enrollResultSchema>;

/** `Placement`: `POST /placements` (201), items of `GET /students/:id/placements`. */
export const placementSchema = z.object({
  id: uuid,
  studentId: uuid,
  recommendedCourseId: z.string(),
  score: z.number().optional(),
  testedOn: calendarDate,
  source: z.enum(['manual', 'assessment']),
  recordedBy: z.string().optional(),
  recordedAt: timestamp,
});
export type PlacementBody = z.infer<typeof placementSchema>;

/** Items of `GET /schools/:schoolId/available-students`. */
export const availableStudentSchema = z.object({
  id: uuid,
  cleverId: z.string(),
  name: personNameSchema,
  preferredName: preferredNameSchema.optional(),
  grade: z.string().optional(),
  sisId: z.string().optional(),
  studentNumber: z.string().optional(),
  latestPlacement: placementSchema.optional(),
});
export type AvailableStudentBody = z.infer<typeof availableStudentSchema>;

/** `Section`: items of `GET /schools/:schoolId/sections` — a Clever section, for filters and suggestions only. */
export const sectionSchema = z.object({
  id: uuid,
  cleverId: z.string(),
  schoolId: uuid,
  name: z.string(),
  subject: z.string().optional(),
  grade: z.string().optional(),
  period: z.string().optional(),
  termName: z.string().optional(),
  teacherIds: z.array(uuid).describe('accounts of the section\'s teachers known to Roster, sorted'),
  studentCount: z.number().int().describe('active students of the section known to Roster'),
  availableCount: z.number().int().describe('of those, students of the school in none of its classes'),
  mine: z.boolean().describe('the caller teaches the section'),
});
export type SectionBody = z.infer<typeof sectionSchema>;
export const sectionPageSchema = pageSchema(sectionSchema);

/** Counts of one school or of the whole district in `GET /districts/:districtId/sharing-health`. */
export const sharingCountsSchema = z.object({
  studentsShared: z.number().int().describe('active students shared'),
  studentsEverEnrolled: z.number().int().describe('of those, enrolled in a class at any time'),
  studentsNeverEnrolledAfterDays: z.number().int().describe('shared longer than `afterDays` and never enrolled'),
  teachersShared: z.number().int().describe('active teachers shared'),
  teachersWithoutClass: z.number().int().describe('of those, teaching no active class'),
});
export type SharingCountsBody = z.infer<typeof sharingCountsSchema>;

/** `GET /districts/:districtId/sharing-health`: counts only, never names. */
export const sharingHealthSchema = z.object({
  districtId: uuid,
  afterDays: z.number().int(),
  district: sharingCountsSchema,
  schools: z.array(sharingCountsSchema.extend({ schoolId: uuid, name: z.string() })),
});
export type SharingHealthBody = z.infer<typeof sharingHealthSchema>;

/** Items of `GET /districts/:districtId/sharing-health/never-enrolled`: students shared longer than `afterDays`, never enrolled. */
export const neverEnrolledStudentSchema = z.object({
  id: uuid,
  cleverId: z.string(),
  name: personNameSchema,
  grade: z.string().optional(),
  schoolIds: z.array(uuid),
  firstSharedAt: timestamp,
});
export type NeverEnrolledStudentBody = z.infer<typeof neverEnrolledStudentSchema>;
export const neverEnrolledPageSchema = pageSchema(neverEnrolledStudentSchema);

/** Items of `GET /districts/:districtId/audit` (newest first). */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: timestamp,
  actor: actorSchema,
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  schoolId: uuid.optional(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryBody = z.infer<typeof auditEntrySchema>;

export const courseListSchema = listSchema(courseSchema);
export const classPageSchema = pageSchema(classSchema);
export const enrollmentPageSchema = pageSchema(enrollmentSchema);
export const placementListSchema = listSchema(placementSchema);
export const availableStudentPageSchema = pageSchema(availableStudentSchema);
export const auditPageSchema = pageSchema(auditEntrySchema);

// ------------------------------------------------------------------------------------------ requests

/** `POST /classes`. */
export const createClassBodySchema = z.object({
  schoolId: uuid,
  name: z.string().trim().min(1).max(200),
  courseId: courseIdValue.nullish(),
  teacherIds: z.array(uuid).max(100).optional(),
});
export type CreateClassRequest = z.input<typeof createClassBodySchema>;

/** `PATCH /classes/:id` (`courseId: null` clears the course). */
export const updateClassBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    courseId: courseIdValue.nullable().optional(),
    addTeacherIds: z.array(uuid).max(100).optional(),
    removeTeacherIds: z.array(uuid).max(100).optional(),
  })
  .refine((b) => !(b.addTeacherIds ?? []).some((id) => (b.removeTeacherIds ?? []).includes(id)), {
    message: 'a teacher cannot be both added and removed',
    path: ['removeTeacherIds'],
  });
export type UpdateClassRequest = z.input<typeof updateClassBodySchema>;

/** `POST /classes/:id/enrollments` (`override`: admins only). */
export const enrollBodySchema = z.object({
  studentIds: z.array(uuid).min(1).max(500),
  override: z.boolean().optional().default(false),
});
export type EnrollRequest = z.input<typeof enrollBodySchema>;

/** `POST /placements`. */
export const placementBodySchema = z.object({
  studentId: uuid,
  recommendedCourseId: courseIdValue,
  score: z.number().finite().optional(),
  testedOn: calendarDate,
});
export type PlacementRequest = z.input<typeof placementBodySchema>;

/** `PATCH /districts/:districtId/settings`. */
export const classesSettingsBodySchema = z
  .object({ placementRequired: z.boolean().optional(), placementValidity: placementValiditySchema.optional() })
  .refine((b) => b.placementRequired !== undefined || b.placementValidity !== undefined, { message: 'nothing to change', path: ['placementRequired'] });
export type ClassesSettingsRequest = z.input<typeof classesSettingsBodySchema>;

/** `GET /districts/:districtId/classes` query. */
export const classesQuerySchema = z.object({
  schoolId: uuid.optional(),
  status: z.enum(['active', 'archived']).optional(),
  cursor: cursorParam,
  limit: limitParam,
});

/** `GET /classes/:id/enrollments` query. */
export const enrollmentsQuerySchema = z.object({ status: z.enum(['active', 'ended', 'all']).default('active'), cursor: cursorParam, limit: limitParam });

/** `GET /schools/:schoolId/available-students` query (`placement`: `none` or a course id). */
export const availableStudentsQuerySchema = z.object({
  grade: z.string().min(1).max(20).optional(),
  placement: z.string().min(1).max(100).optional().describe('`none` (no placement yet) or a course id'),
  q: z.string().trim().max(100).optional(),
  sectionId: z.union([z.literal('mine'), uuid]).optional().describe("only the students of this Clever section of the school; `mine`: of the caller's sections there"),
  cursor: cursorParam,
  limit: limitParam,
});

/** `GET /schools/:schoolId/sections` query (`mine`: only the caller's sections). */
export const sectionsQuerySchema = z.object({
  mine: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  cursor: cursorParam,
  limit: limitParam,
});

/** `afterDays` of the sharing-health routes: 1..365 (else 400 CLASSES.AFTER_DAYS_OUT_OF_RANGE). */
export const AFTER_DAYS = { min: 1, max: 365, default: 30 } as const;

/** `GET /districts/:districtId/sharing-health` query (the range is checked by the handler, with its own code). */
export const sharingHealthQuerySchema = z.object({ afterDays: z.coerce.number().int().default(AFTER_DAYS.default) });

/** `GET /districts/:districtId/sharing-health/never-enrolled` query. */
export const neverEnrolledQuerySchema = sharingHealthQuerySchema.extend({ schoolId: uuid.optional(), cursor: cursorParam, limit: limitParam });

/** `GET /districts/:districtId/audit` query. */
export const auditQuerySchema = pageQuerySchema;

// ------------------------------------------------------------------------------------------ school years (issue 15)

/** `SchoolYear`: items of `GET /districts/:districtId/school-years` (current first, then newest first). */
export const schoolYearSchema = z.object({
  id: uuid,
  name: z.string().describe('like 2026–2027'),
  startsOn: calendarDate,
  endsOn: calendarDate,
  status: z.enum(['current', 'ended']),
});
export type SchoolYearBody = z.infer<typeof schoolYearSchema>;
export const schoolYearListSchema = listSchema(schoolYearSchema);

/** `POST /districts/:districtId/school-years/rollover(/preview)` (the rollover also needs an `Idempotency-Key` header). */
export const rolloverBodySchema = z.object({
  name: z.string().trim().min(1).max(40).describe('the new year, like 2027–2028'),
  startsOn: calendarDate,
  carryForwardClassIds: z.array(uuid).max(5000).optional().describe('active classes of the ending year to create again in the new year, empty'),
});
export type RolloverRequest = z.input<typeof rolloverBodySchema>;

/** What a rollover does (preview) or did, in one school. */
export const rolloverSchoolSchema = z.object({
  schoolId: uuid,
  name: z.string().optional(),
  classesToArchive: z.number().int(),
  enrollmentsToEnd: z.number().int(),
  studentsReturning: z.number().int().describe('students back in the available list'),
  classesCarriedForward: z.number().int(),
});
export const rolloverTotalsSchema = rolloverSchoolSchema.omit({ schoolId: true, name: true });

/** `POST .../rollover/preview`: what a rollover would do, per school; nothing changes. */
export const rolloverPreviewSchema = z.object({
  endingYear: schoolYearSchema,
  newYear: schoolYearSchema.omit({ id: true, status: true }),
  schools: z.array(rolloverSchoolSchema),
  totals: rolloverTotalsSchema,
});
export type RolloverPreviewBody = z.infer<typeof rolloverPreviewSchema>;

/** `POST .../rollover`: what it did (the same counts as the preview), the new year and the carried-forward classes. */
export const rolloverResultSchema = rolloverPreviewSchema.extend({
  newYear: schoolYearSchema,
  carriedForward: z.array(z.object({ fromClassId: uuid, classId: uuid })),
  rolledOverAt: timestamp,
});
export type RolloverResultBody = z.infer<typeof rolloverResultSchema>;

/** Every schema of the classes service's internal API by role, for services, the gateway and contract tests. */
export const classesApi = {
  course: courseSchema,
  courseList: courseListSchema,
  settings: classesSettingsSchema,
  class: classSchema,
  classPage: classPageSchema,
  enrollment: enrollmentSchema,
  enrollmentPage: enrollmentPageSchema,
  enrollResult: enrollResultSchema,
  placement: placementSchema,
  placementList: placementListSchema,
  availableStudent: availableStudentSchema,
  availableStudentPage: availableStudentPageSchema,
  section: sectionSchema,
  sectionPage: sectionPageSchema,
  sharingHealth: sharingHealthSchema,
  neverEnrolledStudent: neverEnrolledStudentSchema,
  neverEnrolledPage: neverEnrolledPageSchema,
  auditEntry: auditEntrySchema,
  auditPage: auditPageSchema,
  createClassBody: createClassBodySchema,
  updateClassBody: updateClassBodySchema,
  enrollBody: enrollBodySchema,
  placementBody: placementBodySchema,
  settingsBody: classesSettingsBodySchema,
  classesQuery: classesQuerySchema,
  enrollmentsQuery: enrollmentsQuerySchema,
  availableStudentsQuery: availableStudentsQuerySchema,
  sectionsQuery: sectionsQuerySchema,
  sharingHealthQuery: sharingHealthQuerySchema,
  neverEnrolledQuery: neverEnrolledQuerySchema,
  auditQuery: auditQuerySchema,
  schoolYear: schoolYearSchema,
  schoolYearList: schoolYearListSchema,
  rolloverBody: rolloverBodySchema,
  rolloverPreview: rolloverPreviewSchema,
  rolloverResult: rolloverResultSchema,
} satisfies Record<string, z.ZodType>;
