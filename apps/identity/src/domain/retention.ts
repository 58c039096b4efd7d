import type { AccountRole } from '@roster/contracts';

/**
 * Retention of archived accounts (issue 16): a district may set `archivedRetentionDays` (off by default, at
 * least 30); an account archived longer than that has its personal fields erased in every service that holds
 * them. Its ids, Clever id, memberships and status stay, so enrollments, placements and audit entries keep
 * their link to it; it then reads as "Former student" (or "Former staff member").
 */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 36_500;

/** The name an erased account keeps (the name columns are required; nothing personal is left in them). */
export function erasedName(roles: readonly AccountRole[]): { first: string; last: string } {
  return { first: 'Former', last: roles.includes('student') ? 'student' : 'staff member' };
}

/** Accounts archived before this instant are due under a retention of `days` days. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
