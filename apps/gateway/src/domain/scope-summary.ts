import { adminSchoolIds, isDistrictAdmin, isStaff, staffSchoolIds, type Principal } from '@roster/authz';

/**
 * The caller's scope as shown by `GET /me` (what the admin UI needs to shape its screens). Every
 * decision on a request is the one authorization policy's (`@roster/authz`: `adminApi`,
 * `districtAccess`, `schoolAccess`, `auditAccess`…), asked by the gateway and again by the services.
 */
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
