/** Clever object shapes as the sandbox serves them (v3.1 superset; v3.0 responses drop the newer keys). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const COLLECTIONS = ['districts', 'schools', 'users', 'sections', 'courses', 'terms'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export const ROLES = ['student', 'teacher', 'staff', 'district_admin', 'contact'] as const;
export type RoleName = (typeof ROLES)[number];

export function isCollection(value: string): value is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(value);
}

export function isRole(value: string): value is RoleName {
  return (ROLES as readonly string[]).includes(value);
}

/** Keys that exist only in v3.1; Clever's feeds are version-specific, so v3.0 never shows them. */
const V31_ONLY: Partial<Record<CollectionName, string[]>> = {
  districts: ['last_attendance_sync', 'lms_type', 'lms_state'],
  users: ['lms_status'],
  sections: ['lms_status'],
};
const V31_ONLY_STUDENT = [
  'disability', 'frl_status', 'gifted_status', 'home_language', 'home_language_code', 'iep_status',
  'preferred_name', 'section_504_status',
];

export type ApiVersion = 'v3.0' | 'v3.1';

/** Returns the record as a given API version shows it. Copies only when something has to go. */
export function forVersion(collection: CollectionName, record: JsonObject, version: ApiVersion): JsonObject {
  if (version === 'v3.1') return record;
  const drop = V31_ONLY[collection] ?? [];
  let out = record;
  for (const key of drop) {
    if (key in out) {
      if (out === record) out = { ...record };
      delete out[key];
    }
  }
  if (collection === 'users') {
    const roles = out.roles as JsonObject | undefined;
    const student = roles && typeof roles === 'object' ? (roles.student as JsonObject | undefined) : undefined;
    if (student && typeof student === 'object' && V31_ONLY_STUDENT.some((k) => k in student)) {
      const trimmed = { ...student };
      for (const key of V31_ONLY_STUDENT) delete trimmed[key];
      out = { ...out, roles: { ...roles, student: trimmed } };
    }
  }
  return out;
}

/** Role keys of a user record that Clever defines (unknown keys are ignored). */
export function rolesOf(record: JsonObject): RoleName[] {
  const roles = record.roles;
  if (!roles || typeof roles !== 'object' || Array.isArray(roles)) return [];
  return ROLES.filter((r) => (roles as JsonObject)[r] != null);
}

/** School ids a record belongs to (users through any role, sections/schools directly). */
export function schoolsOf(collection: CollectionName, record: JsonObject): string[] {
  if (collection === 'schools') return typeof record.id === 'string' ? [record.id] : [];
  if (collection === 'sections') return typeof record.school === 'string' ? [record.school] : [];
  if (collection !== 'users') return [];
  const out = new Set<string>();
  const roles = (record.roles ?? {}) as JsonObject;
  for (const role of ['student', 'teacher', 'staff'] as const) {
    const r = roles[role] as JsonObject | undefined;
    if (!r || typeof r !== 'object') continue;
    if (typeof r.school === 'string') out.add(r.school);
    if (Array.isArray(r.schools)) for (const s of r.schools) if (typeof s === 'string') out.add(s);
  }
  return [...out];
}
