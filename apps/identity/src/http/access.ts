import { isStaff, staffSchoolIds, type Caller, type Principal } from '@roster/authz';
import { ProblemError, forbidden } from '@roster/problems';
import { z } from 'zod';

/**
 * Scope re-checks on identity's internal API (defence in depth; the gateway checks first): another
 * district's resource is always 404, a student caller 403, a user on a system-only endpoint 403.
 */

export const uuidParam = z.uuid();

export function isUuid(value: string): boolean {
  return uuidParam.safeParse(value).success;
}

export const districtNotFound = () => new ProblemError(404, 'DISTRICT_NOT_FOUND', 'District not found');
export const schoolNotFound = () => new ProblemError(404, 'SCHOOL_NOT_FOUND', 'School not found');
export const accountNotFound = () => new ProblemError(404, 'ACCOUNT_NOT_FOUND', 'Account not found');

export function requireSystem(caller: Caller): void {
  if (caller.kind !== 'system') throw forbidden('FORBIDDEN', 'Only the system may call this endpoint');
}

/** A staff user (not a student); system callers are refused here. */
export function requireStaff(caller: Caller): Principal {
  if (caller.kind !== 'user') throw forbidden('FORBIDDEN', 'This endpoint answers users only');
  if (!isStaff(caller.principal)) throw forbidden('FORBIDDEN', 'Students have no access to the admin API');
  return caller.principal;
}

/** The schools of a district a staff user may see: 'all' for its district admins; 404 for another district. */
export function staffScopeIn(caller: Caller, districtId: string): { principal: Principal; schools: 'all' | string[] } {
  const principal = requireStaff(caller);
  if (principal.districtId !== districtId) throw districtNotFound();
  return { principal, schools: staffSchoolIds(principal) };
}

export function inScope(scope: 'all' | string[], schoolIds: string[]): boolean {
  return scope === 'all' || schoolIds.some((id) => scope.includes(id));
}
