import type { AccountRole, EventData } from '@roster/contracts';
import { ROLE_FROM_CLEVER, sortRoles } from './roles';
import { clean } from './values';
import { compact } from '@roster/contracts';

export type RosterUser = EventData<'userUpserted'>;

export interface PersonName {
  first: string;
  middle?: string;
  last: string;
}

export interface PreferredName {
  first?: string;
  middle?: string;
  last?: string;
}

/** A school membership before our school ids are known (keyed by the Clever school id). */
export interface MembershipDraft {
  cleverSchoolId: string;
  roles: AccountRole[];
  primary: boolean;
}

/**
 * What identity keeps of a Clever user: only the fields of ARCHITECTURE.md §1 "Data minimisation" (names,
 * preferred name, email, grade, school memberships, sis_id, student_number, state_id, teacher_number,
 * staff_id, title). Nothing else of the payload is read.
 */
export interface ProfileDraft {
  roles: AccountRole[];
  name: PersonName;
  preferredName?: PreferredName;
  email?: string;
  grade?: string;
  sisId?: string;
  studentNumber?: string;
  stateId?: string;
  teacherNumber?: string;
  staffId?: string;
  title?: string;
  /** Sorted by Clever school id, so that the same input always gives the same list. */
  schools: MembershipDraft[];
}

/**
 * Maps a `roster.user.upserted` payload to an account profile. Returns null when the user holds no role
 * that gets an account (a `contact`, or an empty roles object): such users are ignored.
 *
 * - roles: district_admin → district_admin, staff → school_admin, teacher → teacher, student → student;
 * - memberships: every school of each role (staff.schools, teacher.school(s), student.school(s)), with
 *   `primary` where the school is the role's primary school; district admins are district-wide (no rows);
 * - per-role fields: a field present on several roles is taken from the first of student, teacher (sis_id,
 *   state_id), staff, district_admin, teacher (title).
 */
export function profileFromRosterUser(user: RosterUser): ProfileDraft | null {
  const { district_admin: districtAdmin, staff, teacher, student } = user.roles;
  const present: AccountRole[] = [];
  if (districtAdmin) present.push(ROLE_FROM_CLEVER.district_admin);
  if (staff) present.push(ROLE_FROM_CLEVER.staff);
  if (teacher) present.push(ROLE_FROM_CLEVER.teacher);
  if (student) present.push(ROLE_FROM_CLEVER.student);
  if (present.length === 0) return null;

  const memberships = new Map<string, { roles: Set<AccountRole>; primary: boolean }>();
  const add = (schoolId: string | undefined, role: AccountRole, primary: boolean) => {
    const id = clean(schoolId);
    if (!id) return;
    const m = memberships.get(id) ?? { roles: new Set<AccountRole>(), primary: false };
    m.roles.add(role);
    m.primary ||= primary;
    memberships.set(id, m);
  };
  for (const id of staff?.schools ?? []) add(id, 'school_admin', false);
  if (teacher) {
    for (const id of teacher.schools) add(id, 'teacher', id === teacher.school);
    add(teacher.school, 'teacher', true);
  }
  if (student) {
    for (const id of student.schools) add(id, 'student', id === student.school);
    add(student.school, 'student', true);
  }

  const preferred = user.preferredName
    ? compact({ first: clean(user.preferredName.first), middle: clean(user.preferredName.middle), last: clean(user.preferredName.last) })
    : undefined;

  return compact({
    roles: sortRoles(present),
    name: compact({ first: clean(user.name.first) ?? '', middle: clean(user.name.middle), last: clean(user.name.last) ?? '' }),
    preferredName: preferred && Object.keys(preferred).length > 0 ? preferred : undefined,
    email: clean(user.email),
    grade: clean(student?.grade),
    sisId: clean(student?.sisId) ?? clean(teacher?.sisId),
    studentNumber: clean(student?.studentNumber),
    stateId: clean(student?.stateId) ?? clean(teacher?.stateId),
    teacherNumber: clean(teacher?.teacherNumber),
    staffId: clean(staff?.staffId),
    title: clean(staff?.title) ?? clean(districtAdmin?.title) ?? clean(teacher?.title),
    schools: [...memberships.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([cleverSchoolId, m]) => ({ cleverSchoolId, roles: sortRoles(m.roles), primary: m.primary })),
  });
}
