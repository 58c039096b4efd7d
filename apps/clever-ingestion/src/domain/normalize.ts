import { Events, compact, type EventData } from '@roster/contracts';

/**
 * Clever records → `roster.*` payloads (ARCHITECTURE.md §1 "Data minimisation"). Only the fields of the
 * contracts are READ: names, preferred name, email, and per role school(s), sis_id, student_number,
 * state_id, grade, teacher_number, staff_id, title. Demographics (dob, race, gender, ELL, IEP, FRL,
 * disability, home language...) are never touched, so they cannot leak into a payload.
 *
 * Values are normalised so that the content hash only moves when something a consumer sees moves:
 * strings trimmed and empty ones dropped, id lists de-duplicated and sorted (a section's teachers keep
 * their order: the first is the primary teacher).
 */

export type RecordType = 'district' | 'school' | 'user' | 'section';

export type RejectionReason =
  | 'MISSING_ID'
  | 'NO_USABLE_ROLE'
  | 'MISSING_NAME'
  | 'MISSING_SCHOOL'
  | 'WRONG_DISTRICT'
  | 'INVALID_RECORD'
  /** The record's Clever id is owned by another district (the first that shared it): nothing of it is applied. */
  | 'FOREIGN_DISTRICT_RECORD';

export type UserPayload = EventData<'userUpserted'>;
export type SchoolPayload = EventData<'schoolUpserted'>;
export type SectionPayload = EventData<'sectionUpserted'>;
export type DistrictPayload = EventData<'districtUpserted'>;

export type PayloadOf<T extends RecordType> = T extends 'user'
  ? UserPayload
  : T extends 'school'
    ? SchoolPayload
    : T extends 'section'
      ? SectionPayload
      : DistrictPayload;

export type Normalized<P> =
  | { kind: 'record'; id: string; payload: P }
  /** A `contact`-only user: counted, never published. */
  | { kind: 'ignored'; id: string }
  | { kind: 'rejected'; id?: string; reason: RejectionReason };

const MAX_ID = 64;
type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A trimmed non-empty string, else undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function validId(v: unknown): string | undefined {
  const t = text(v);
  return t !== undefined && t.length <= MAX_ID ? t : undefined;
}

/** Usable ids of a list, de-duplicated; sorted unless the order carries meaning. */
function idList(v: unknown, keepOrder = false): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of v) {
    const id = validId(item);
    if (id !== undefined && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return keepOrder ? out : out.sort();
}

/** The record's Clever id, or a rejection (missing, or not an id we can key on). */
function recordId(raw: unknown): { id: string } | { rejected: Normalized<never> } {
  if (!isObject(raw)) return { rejected: { kind: 'rejected', reason: 'INVALID_RECORD' } };
  const id = text(raw.id);
  if (id === undefined) return { rejected: { kind: 'rejected', reason: 'MISSING_ID' } };
  if (id.length > MAX_ID) return { rejected: { kind: 'rejected', reason: 'INVALID_RECORD' } };
  return { id };
}

function wrongDistrict(raw: Obj, districtId: string): boolean {
  const district = text(raw.district);
  return district !== undefined && district !== districtId;
}

/** Validates against the contract: a payload the outbox would refuse is rejected here, record by record. */
function checked<P>(id: string, schema: { safeParse(v: unknown): { success: boolean } }, payload: P): Normalized<P> {
  return schema.safeParse(payload).success ? { kind: 'record', id, payload } : { kind: 'rejected', id, reason: 'INVALID_RECORD' };
}

const ACCOUNT_ROLES = ['district_admin', 'staff', 'teacher', 'student'] as const;

export function normalizeUser(raw: unknown, districtId: string): Normalized<UserPayload> {
  const r = recordId(raw);
  if ('rejected' in r) return r.rejected;
  const { id } = r;
  const user = raw as Obj;
  if (wrongDistrict(user, districtId)) return { kind: 'rejected', id, reason: 'WRONG_DISTRICT' };
  const roles = isObject(user.roles) ? user.roles : {};
  const present = ACCOUNT_ROLES.filter((role) => isObject(roles[role]));
  if (present.length === 0) {
    // A guardian: no account. A teacher who is also a guardian is a separate Clever user (published).
    return isObject(roles.contact) ? { kind: 'ignored', id } : { kind: 'rejected', id, reason: 'NO_USABLE_ROLE' };
  }
  if (!isObject(user.name)) return { kind: 'rejected', id, reason: 'MISSING_NAME' };
  const first = text(user.name.first);
  const last = text(user.name.last);
  if (first === undefined && last === undefined) return { kind: 'rejected', id, reason: 'MISSING_NAME' };

  const out: UserPayload['roles'] = {};
  if (isObject(roles.district_admin)) out.district_admin = compact({ title: text(roles.district_admin.title) });
  if (isObject(roles.staff)) {
    const s = roles.staff;
    out.staff = compact({ schools: idList(s.schools), staffId: text(s.staff_id), title: text(s.title) });
  }
  if (isObject(roles.teacher)) {
    const t = roles.teacher;
    out.teacher = compact({
      school: validId(t.school),
      schools: idList(t.schools),
      sisId: text(t.sis_id),
      teacherNumber: text(t.teacher_number),
      stateId: text(t.state_id),
      title: text(t.title),
    });
  }
  let preferredName: UserPayload['preferredName'];
  if (isObject(roles.student)) {
    const s = roles.student;
    out.student = compact({
      school: validId(s.school),
      schools: idList(s.schools),
      sisId: text(s.sis_id),
      studentNumber: text(s.student_number),
      stateId: text(s.state_id),
      grade: text(s.grade),
    });
    if (isObject(s.preferred_name)) {
      const p = compact({ first: text(s.preferred_name.first), middle: text(s.preferred_name.middle), last: text(s.preferred_name.last) });
      if (Object.keys(p).length > 0) preferredName = p;
    }
  }
  const payload: UserPayload = compact({
    cleverUserId: id,
    cleverDistrictId: districtId,
    name: compact({ first: first ?? '', middle: text(user.name.middle), last: last ?? '' }),
    preferredName,
    email: text(user.email),
    roles: out,
  });
  return checked(id, Events.userUpserted.schema, payload);
}

export function normalizeSchool(raw: unknown, districtId: string): Normalized<SchoolPayload> {
  const r = recordId(raw);
  if ('rejected' in r) return r.rejected;
  const school = raw as Obj;
  if (wrongDistrict(school, districtId)) return { kind: 'rejected', id: r.id, reason: 'WRONG_DISTRICT' };
  const name = text(school.name);
  if (name === undefined) return { kind: 'rejected', id: r.id, reason: 'MISSING_NAME' };
  const payload: SchoolPayload = compact({
    cleverSchoolId: r.id,
    cleverDistrictId: districtId,
    name,
    sisId: text(school.sis_id),
    schoolNumber: text(school.school_number),
    stateId: text(school.state_id),
    lowGrade: text(school.low_grade),
    highGrade: text(school.high_grade),
  });
  return checked(r.id, Events.schoolUpserted.schema, payload);
}

export function normalizeSection(raw: unknown, districtId: string): Normalized<SectionPayload> {
  const r = recordId(raw);
  if ('rejected' in r) return r.rejected;
  const section = raw as Obj;
  if (wrongDistrict(section, districtId)) return { kind: 'rejected', id: r.id, reason: 'WRONG_DISTRICT' };
  const school = validId(section.school);
  if (school === undefined) return { kind: 'rejected', id: r.id, reason: 'MISSING_SCHOOL' };
  const teacherIds = idList(section.teachers, true);
  const primary = validId(section.teacher);
  if (primary !== undefined && teacherIds[0] !== primary) {
    const rest = teacherIds.filter((t) => t !== primary);
    teacherIds.length = 0;
    teacherIds.push(primary, ...rest);
  }
  const payload: SectionPayload = compact({
    cleverSectionId: r.id,
    cleverDistrictId: districtId,
    cleverSchoolId: school,
    name: text(section.name) ?? '',
    grade: text(section.grade),
    subject: text(section.subject),
    // Teachers look for "my third period" (issue 17). The term's name would need Clever's /terms: not read yet.
    period: text(section.period),
    teacherIds,
    studentIds: idList(section.students),
  });
  return checked(r.id, Events.sectionUpserted.schema, payload);
}

export function normalizeDistrict(raw: unknown, districtId: string): Normalized<DistrictPayload> {
  const r = recordId(raw);
  if ('rejected' in r) return r.rejected;
  if (r.id !== districtId) return { kind: 'rejected', id: r.id, reason: 'WRONG_DISTRICT' };
  const district = raw as Obj;
  const payload: DistrictPayload = compact({ cleverDistrictId: districtId, name: text(district.name) ?? '', state: text(district.state) });
  return checked(r.id, Events.districtUpserted.schema, payload);
}

export function normalize(type: RecordType, raw: unknown, districtId: string): Normalized<PayloadOf<RecordType>> {
  switch (type) {
    case 'user':
      return normalizeUser(raw, districtId);
    case 'school':
      return normalizeSchool(raw, districtId);
    case 'section':
      return normalizeSection(raw, districtId);
    case 'district':
      return normalizeDistrict(raw, districtId);
  }
}

/** Clever collection ↔ our record type. */
export const COLLECTION_OF: Record<RecordType, 'districts' | 'schools' | 'users' | 'sections'> = {
  district: 'districts',
  school: 'schools',
  user: 'users',
  section: 'sections',
};

export function recordTypeOfCollection(collection: string): RecordType | undefined {
  switch (collection) {
    case 'districts':
      return 'district';
    case 'schools':
      return 'school';
    case 'users':
      return 'user';
    case 'sections':
      return 'section';
    default:
      return undefined;
  }
}
