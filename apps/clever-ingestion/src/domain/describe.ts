import type { PayloadOf, RecordType, UserPayload } from './normalize';
import type { Descriptor } from './shadow';

/** A user's highest account role: what the safeguard counts the user as, and what a change list shows. */
export function accountRoleOf(roles: UserPayload['roles']): string | null {
  if (roles.district_admin) return 'district_admin';
  if (roles.staff) return 'staff';
  if (roles.teacher) return 'teacher';
  if (roles.student) return 'student';
  return null;
}

/** The user's school for a change list: the school of its highest role (a student's, else a teacher's, else staff's). */
function schoolOf(roles: UserPayload['roles']): string | null {
  return roles.student?.school ?? roles.student?.schools?.[0] ?? roles.teacher?.school ?? roles.teacher?.schools?.[0] ?? roles.staff?.schools?.[0] ?? null;
}

/**
 * What the shadow index keeps of a record besides its hash (data minimisation: a role, a school id and a
 * display name — the first and last name of a user, the name of a school or section; nothing else).
 */
export function describeRecord(recordType: RecordType, payload: PayloadOf<RecordType>): Descriptor {
  switch (recordType) {
    case 'user': {
      const u = payload as UserPayload;
      return { accountRole: accountRoleOf(u.roles), schoolCleverId: schoolOf(u.roles), label: [u.name.first, u.name.last].filter(Boolean).join(' ') || null };
    }
    case 'school': {
      const s = payload as PayloadOf<'school'>;
      return { accountRole: null, schoolCleverId: s.cleverSchoolId, label: s.name };
    }
    case 'section': {
      const s = payload as PayloadOf<'section'>;
      return { accountRole: null, schoolCleverId: s.cleverSchoolId, label: s.name || null };
    }
    case 'district': {
      const d = payload as PayloadOf<'district'>;
      return { accountRole: null, schoolCleverId: null, label: d.name || null };
    }
  }
}
