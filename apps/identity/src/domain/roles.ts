import type { AccountRole } from '@roster/contracts';

/** Roster roles in their canonical order (district-wide first). Lists of roles are always sorted this way. */
export const ACCOUNT_ROLES: readonly AccountRole[] = ['district_admin', 'school_admin', 'teacher', 'student'];

/**
 * Clever role key → Roster role (ARCHITECTURE.md §1). `contact` (guardians) has no Roster role: a user
 * holding nothing else gets no account.
 */
export const ROLE_FROM_CLEVER = {
  district_admin: 'district_admin',
  staff: 'school_admin',
  teacher: 'teacher',
  student: 'student',
} as const satisfies Record<string, AccountRole>;

export function sortRoles(roles: Iterable<AccountRole>): AccountRole[] {
  const set = new Set(roles);
  return ACCOUNT_ROLES.filter((r) => set.has(r));
}
