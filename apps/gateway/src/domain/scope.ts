import { adminSchoolIds, isDistrictAdmin, isStaff, staffSchoolIds, type Principal } from '@roster/authz';

/**
 * What the gateway can decide about a request from the caller's principal alone (ARCHITECTURE.md §6).
 * Services check again from the internal token; the gateway refuses early what it can, with the same
 * answers: another district's resource → 404, a student → 403, a missing role → 403.
 *
 * `upstream: true` means the gateway cannot tell (a district admin naming a school: is it in their
 * district?) and the owning service decides (404 for another district's school).
 */
export type ScopeDecision =
  | { allow: true; upstream: boolean }
  | { allow: false; status: 403 | 404; code: string; detail: string };

const allow = (upstream = false): ScopeDecision => ({ allow: true, upstream });
const deny = (status: 403 | 404, code: string, detail: string): ScopeDecision => ({ allow: false, status, code, detail });

/** Students get no admin API. */
export function adminApiAccess(p: Principal): ScopeDecision {
  return isStaff(p) ? allow() : deny(403, 'STUDENT_NO_ACCESS', 'students have no access to the admin API');
}

/** A district-level resource: only the caller's own district exists for them. */
export function districtAccess(p: Principal, districtId: string, need: 'member' | 'district_admin'): ScopeDecision {
  if (districtId.toLowerCase() !== p.districtId.toLowerCase()) return deny(404, 'DISTRICT_NOT_FOUND', 'no such district');
  if (need === 'district_admin' && !isDistrictAdmin(p)) {
    return deny(403, 'DISTRICT_ADMIN_REQUIRED', 'only a district admin of this district may do this');
  }
  return allow();
}

/**
 * A school-level resource or filter. A school admin or teacher sees only their schools (any other,
 * in their district or not, does not exist for them: 404). A district admin sees every school of their
 * district: the owning service answers 404 for another district's school.
 */
export function schoolAccess(p: Principal, schoolId: string, need: 'staff' | 'admin' = 'staff'): ScopeDecision {
  const ids = need === 'admin' ? adminSchoolIds(p) : staffSchoolIds(p);
  if (ids === 'all') return allow(true);
  const id = schoolId.toLowerCase();
  if (ids.some((s) => s.toLowerCase() === id)) return allow();
  if (need === 'admin' && staffSchoolIds(p) !== 'all' && (staffSchoolIds(p) as string[]).some((s) => s.toLowerCase() === id)) {
    return deny(403, 'SCHOOL_ADMIN_REQUIRED', 'only an admin of this school may do this');
  }
  return deny(404, 'SCHOOL_NOT_FOUND', 'no such school');
}

/** The audit log: district admins (whole district) and school admins (entries of their schools). */
export function auditAccess(p: Principal): ScopeDecision {
  const ids = adminSchoolIds(p);
  if (ids === 'all' || ids.length > 0) return allow();
  return deny(403, 'SCHOOL_ADMIN_REQUIRED', 'the audit log is for district and school admins');
}

/** The caller's scope as shown by `GET /me`. */
export interface ScopeSummary {
  districtId: string;
  cleverDistrictId: string;
  roles: Principal['roles'];
  districtAdmin: boolean;
  adminApi: boolean;
  /** School ids the caller administers, or 'all' (district admin). */
  adminSchools: 'all' | string[];
  /** School ids whose students the caller may see and where they may create classes, or 'all'. */
  staffSchools: 'all' | string[];
  schools: Principal['schools'];
}

export function scopeSummary(p: Principal): ScopeSummary {
  return {
    districtId: p.districtId,
    cleverDistrictId: p.cleverDistrictId,
    roles: p.roles,
    districtAdmin: isDistrictAdmin(p),
    adminApi: isStaff(p),
    adminSchools: adminSchoolIds(p),
    staffSchools: staffSchoolIds(p),
    schools: p.schools,
  };
}
