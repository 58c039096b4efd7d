import { isDistrictAdmin, isStaff, type Caller } from '@roster/authz';
import { ProblemError, forbidden } from '@roster/problems';
import { districtNotFound } from '../commands/sync-now/request-sync';

/**
 * Scope re-check on the internal API (defence in depth; the gateway checks first). Keyed by the Clever
 * district id: a user of another district gets 404, a student 403, staff who are not district admins
 * 403 DISTRICT_ADMIN_REQUIRED. The system caller (operators' tools) may act on any district.
 * Returns who decided (for the run's audit fields).
 */
export function requireDistrictAdmin(caller: Caller, cleverDistrictId: string): string {
  if (caller.kind === 'system') return `system:${caller.name}`;
  const p = caller.principal;
  if (!isStaff(p)) throw forbidden('FORBIDDEN', 'Students have no access to the admin API');
  if (p.cleverDistrictId !== cleverDistrictId) throw districtNotFound();
  if (!isDistrictAdmin(p)) throw new ProblemError(403, 'DISTRICT_ADMIN_REQUIRED', 'Forbidden', 'only district admins manage the district sync');
  return `user:${p.accountId}`;
}
