import { z } from 'zod';
import { accountRole, type AccountRole } from '@roster/contracts';

/** Who is calling: resolved by the gateway from the session, carried to services in the internal token. */
export const principalSchema = z.object({
  accountId: z.uuid(),
  districtId: z.uuid(),
  /** The district's Clever id, for services keyed by it (clever-ingestion). */
  cleverDistrictId: z.string().min(1),
  roles: z.array(accountRole),
  /** Schools the caller belongs to, with their roles there (a teacher + staff user holds both). */
  schools: z.array(z.object({ schoolId: z.uuid(), roles: z.array(accountRole) })),
});
export type Principal = z.infer<typeof principalSchema>;

export function hasRole(p: Principal, role: AccountRole): boolean {
  return p.roles.includes(role);
}

export function isDistrictAdmin(p: Principal, districtId?: string): boolean {
  return hasRole(p, 'district_admin') && (districtId === undefined || p.districtId === districtId);
}

/** Schools the caller administers: every school of the district for a district admin ('all'). */
export function adminSchoolIds(p: Principal): 'all' | string[] {
  if (isDistrictAdmin(p)) return 'all';
  return p.schools.filter((s) => s.roles.includes('school_admin')).map((s) => s.schoolId);
}

/** Schools whose available students the caller may see and where they may create classes. */
export function staffSchoolIds(p: Principal): 'all' | string[] {
  if (isDistrictAdmin(p)) return 'all';
  return p.schools.filter((s) => s.roles.includes('school_admin') || s.roles.includes('teacher')).map((s) => s.schoolId);
}

export function canAdministerSchool(p: Principal, districtId: string, schoolId: string): boolean {
  if (p.districtId !== districtId) return false;
  const ids = adminSchoolIds(p);
  return ids === 'all' || ids.includes(schoolId);
}

export function canWorkInSchool(p: Principal, districtId: string, schoolId: string): boolean {
  if (p.districtId !== districtId) return false;
  const ids = staffSchoolIds(p);
  return ids === 'all' || ids.includes(schoolId);
}

/** Students get no admin API (ARCHITECTURE.md §6). */
export function isStaff(p: Principal): boolean {
  return p.roles.some((r) => r !== 'student');
}
