import { z } from 'zod';

/**
 * Clever v3.0 / v3.1 objects (Clever/swagger-api). Every schema is loose: unknown keys pass through and
 * every non-guaranteed field may be missing, null or "" — Clever forwards SIS data as it is. Only `id`
 * is required; deciding what else makes a record usable is the caller's business (see `checkUser`).
 */

const str = z.string().nullish();
const ids = z.array(z.string()).nullish();

export const linkSchema = z.looseObject({ rel: z.string(), uri: z.string() });
export type CleverLink = z.infer<typeof linkSchema>;

export const nameSchema = z.looseObject({ first: str, middle: str, last: str });
export type CleverName = z.infer<typeof nameSchema>;

export const credentialsSchema = z.looseObject({ district_username: str });

export const locationSchema = z.looseObject({ address: str, city: str, state: str, zip: str, lat: str, lon: str });

export const districtSchema = z.looseObject({
  id: z.string(),
  name: str,
  sis_type: str,
  launch_date: str,
  portal_url: str,
  login_methods: z.array(z.string()).nullish(),
  last_sync: str,
  state: str,
  pause_start: str,
  pause_end: str,
  mdr_number: str,
  nces_id: str,
  error: str,
  district_contact: z.looseObject({ id: str, district: str, email: str, name: nameSchema.nullish(), title: str }).nullish(),
  lms_type: str,
  lms_state: str,
  last_attendance_sync: str,
});
export type CleverDistrict = z.infer<typeof districtSchema>;

export const schoolSchema = z.looseObject({
  id: z.string(),
  district: str,
  name: str,
  created: str,
  last_modified: str,
  sis_id: str,
  school_number: str,
  state_id: str,
  nces_id: str,
  mdr_number: str,
  phone: str,
  low_grade: str,
  high_grade: str,
  principal: z.looseObject({ name: str, email: str }).nullish(),
  location: locationSchema.nullish(),
  ext: z.record(z.string(), z.unknown()).nullish(),
});
export type CleverSchool = z.infer<typeof schoolSchema>;

/** Dates come as `YYYY-MM-DD` or full ISO timestamps depending on the field and the district. */
export const enrollmentSchema = z.looseObject({ school: str, start_date: str, end_date: str });

export const studentRoleSchema = z.looseObject({
  school: str,
  schools: ids,
  enrollments: z.array(enrollmentSchema).nullish(),
  sis_id: str,
  student_number: str,
  state_id: str,
  legacy_id: str,
  grade: str,
  graduation_year: str,
  credentials: credentialsSchema.nullish(),
  preferred_name: nameSchema.nullish(),
  location: locationSchema.nullish(),
  created: str,
  last_modified: str,
  ext: z.record(z.string(), z.unknown()).nullish(),
  // Demographics Clever may send. Typed so they are recognisable; Roster never stores them.
  dob: str,
  gender: str,
  race: str,
  hispanic_ethnicity: str,
  ell_status: str,
  frl_status: str,
  iep_status: str,
  gifted_status: str,
  section_504_status: str,
  home_language: str,
  home_language_code: str,
  disability: z.looseObject({ disability_status: str, disability_type: str, disability_code: str }).nullish(),
});
export type CleverStudentRole = z.infer<typeof studentRoleSchema>;

/**
 * Keys Clever may send that Roster never stores (data minimisation, ARCHITECTURE.md §1): student demographics,
 * and nested blocks that carry them or credentials. Ingestion drops them; the privacy tests look for every one of
 * them at any depth of what is published and stored.
 */
export const DEMOGRAPHIC_KEYS = [
  'dob', 'gender', 'race', 'hispanic_ethnicity', 'ell_status', 'frl_status', 'iep_status', 'gifted_status',
  'section_504_status', 'home_language', 'home_language_code', 'disability', 'disability_status', 'disability_type',
  'disability_code', 'location', 'enrollments', 'credentials', 'graduation_year', 'ext',
] as const;

export const teacherRoleSchema = z.looseObject({
  school: str,
  schools: ids,
  sis_id: str,
  teacher_number: str,
  state_id: str,
  title: str,
  legacy_id: str,
  credentials: credentialsSchema.nullish(),
  ext: z.record(z.string(), z.unknown()).nullish(),
});
export type CleverTeacherRole = z.infer<typeof teacherRoleSchema>;

export const staffRoleSchema = z.looseObject({
  schools: ids,
  staff_id: str,
  title: str,
  department: str,
  legacy_id: str,
  roles: z.array(z.string()).nullish(),
  credentials: credentialsSchema.nullish(),
  ext: z.record(z.string(), z.unknown()).nullish(),
});
export type CleverStaffRole = z.infer<typeof staffRoleSchema>;

export const districtAdminRoleSchema = z.looseObject({ title: str, legacy_id: str });
export type CleverDistrictAdminRole = z.infer<typeof districtAdminRoleSchema>;

export const contactRoleSchema = z.looseObject({
  phone: str,
  phone_type: str,
  sis_id: str,
  legacy_id: str,
  student_relationships: z.array(z.looseObject({ student: str, relationship: str, type: str })).nullish(),
});
export type CleverContactRole = z.infer<typeof contactRoleSchema>;

export const rolesSchema = z.looseObject({
  student: studentRoleSchema.nullish(),
  teacher: teacherRoleSchema.nullish(),
  staff: staffRoleSchema.nullish(),
  district_admin: districtAdminRoleSchema.nullish(),
  contact: contactRoleSchema.nullish(),
});
export type CleverRoles = z.infer<typeof rolesSchema>;

export const CLEVER_ROLES = ['student', 'teacher', 'staff', 'district_admin', 'contact'] as const;
export type CleverRole = (typeof CLEVER_ROLES)[number];

export const userSchema = z.looseObject({
  id: z.string(),
  district: str,
  name: nameSchema.nullish(),
  email: str,
  created: str,
  last_modified: str,
  roles: rolesSchema.nullish(),
  lms_status: z.looseObject({ synced_in_lms: z.boolean().nullish() }).nullish(),
});
export type CleverUser = z.infer<typeof userSchema>;

export const sectionSchema = z.looseObject({
  id: z.string(),
  district: str,
  school: str,
  name: str,
  sis_id: str,
  subject: str,
  grade: str,
  course: str,
  term_id: str,
  period: str,
  section_number: str,
  teacher: str,
  teachers: ids,
  students: ids,
  created: str,
  last_modified: str,
  ext: z.record(z.string(), z.unknown()).nullish(),
  lms_status: z.looseObject({ synced_in_lms: z.boolean().nullish() }).nullish(),
});
export type CleverSection = z.infer<typeof sectionSchema>;

export const courseSchema = z.looseObject({ id: z.string(), district: str, name: str, number: str });
export type CleverCourse = z.infer<typeof courseSchema>;

export const termSchema = z.looseObject({ id: z.string(), district: str, name: str, start_date: str, end_date: str });
export type CleverTerm = z.infer<typeof termSchema>;

/** `<collection>.<created|updated|deleted>`; `previous_attributes` may sit in `data` or at the top (see `previousAttributes`). */
export const eventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created: str,
  data: z.looseObject({
    object: z.record(z.string(), z.unknown()),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
  previous_attributes: z.record(z.string(), z.unknown()).nullish(),
});
export type CleverEvent = z.infer<typeof eventSchema>;

/** The list envelope: `{data: [{data, uri}], links: [{rel, uri}]}` (items may carry their own `links`). */
export interface CleverListEnvelope<T = Record<string, unknown>> {
  data: Array<{ data: T; uri?: string; links?: CleverLink[] }>;
  links?: CleverLink[];
}

export const COLLECTIONS = ['districts', 'schools', 'users', 'sections', 'courses', 'terms'] as const;
export type CleverCollection = (typeof COLLECTIONS)[number];

export interface CollectionTypes {
  districts: CleverDistrict;
  schools: CleverSchool;
  users: CleverUser;
  sections: CleverSection;
  courses: CleverCourse;
  terms: CleverTerm;
}

