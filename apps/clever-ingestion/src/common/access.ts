import { cleverDistrictAccess, enforce, requireStaff, systemCaller, type Caller } from '@roster/authz';

/**
 * System callers that may act on any district through the internal API (kept from before issue 12:
 * the platform itself and operators' tools). Every other system caller gets 403 ACCESS.SYSTEM_ONLY.
 * Note: this is a standing exception to district scoping, decided here through the policy.
 */
export const INGESTION_SYSTEM_CALLERS: readonly string[] = ['gateway', 'operator'];

/**
 * The district sync is managed by the district's admins (ARCHITECTURE.md §6), asked of the one policy:
 * a student → 403 ACCESS.STUDENT_NO_ACCESS; another district → 404 IDENTITY.DISTRICT_NOT_FOUND; staff
 * who are not district admins → 403 ACCESS.DISTRICT_ADMIN_REQUIRED. Returns who acts (a run's audit fields).
 */
export function authorizeDistrictAdmin(caller: Caller, cleverDistrictId: string): string {
  if (caller.kind === 'system') {
    enforce(systemCaller(caller, INGESTION_SYSTEM_CALLERS));
    return `system:${caller.name}`;
  }
  const p = requireStaff(caller);
  enforce(cleverDistrictAccess(p, cleverDistrictId, 'admin'));
  return `user:${p.accountId}`;
}
