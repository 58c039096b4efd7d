import { canAdministerSchool, canWorkInSchool, isDistrictAdmin, isStaff, type Caller, type Principal } from '@roster/authz';
import type { Actor } from '@roster/contracts';
import { forbidden, ProblemError } from '@roster/problems';
import { classNotFound } from './problems';

/**
 * Scope re-checks of the internal API (defence in depth, docs/internal-api.md): the gateway already
 * resolved the caller; here another district's resource is a 404, a student or a system caller a 403,
 * and a staff member outside the resource's school a 403.
 */
export function staffCaller(caller: Caller): Principal {
  if (caller.kind !== 'user') throw forbidden('FORBIDDEN', 'this endpoint serves staff, not system callers');
  if (!isStaff(caller.principal)) throw forbidden('FORBIDDEN', 'students have no access to the classes API');
  return caller.principal;
}

export function actorOf(p: Principal): Actor {
  return { type: 'user', id: p.accountId };
}

const notFoundProblem = (code: string, what: string) => new ProblemError(404, code, `${what} not found`);

/** Another district's id is answered exactly like an unknown one. */
export function requireDistrict(p: Principal, districtId: string, code: string, what: string): void {
  if (p.districtId !== districtId) throw notFoundProblem(code, what);
}

export function requireDistrictAdmin(p: Principal, districtId: string): void {
  requireDistrict(p, districtId, 'DISTRICT_NOT_FOUND', 'District');
  if (!isDistrictAdmin(p, districtId)) throw forbidden('FORBIDDEN', 'district admins only');
}

export function requireWorkInSchool(p: Principal, districtId: string, schoolId: string): void {
  if (!canWorkInSchool(p, districtId, schoolId)) throw forbidden('FORBIDDEN', 'not staff of this school');
}

export function teachesInSchool(p: Principal, schoolId: string): boolean {
  return p.schools.some((s) => s.schoolId === schoolId && s.roles.includes('teacher'));
}

/** A class is in scope for admins of its school and for its teachers. */
export function requireClassAccess(p: Principal, cls: { district_id: string; school_id: string }, teacherIds: readonly string[]): void {
  if (p.districtId !== cls.district_id) throw classNotFound();
  if (canAdministerSchool(p, cls.district_id, cls.school_id)) return;
  if (teacherIds.includes(p.accountId)) return;
  throw forbidden('FORBIDDEN', 'only admins of the school and teachers of the class');
}
