import { randomUUID } from 'node:crypto';
import type { Principal } from '@roster/authz';
import { adminApiAccess, auditAccess, districtAccess, schoolAccess, scopeSummary } from './scope';

const district = randomUUID();
const otherDistrict = randomUUID();
const schoolA = randomUUID();
const schoolB = randomUUID();
const schoolC = randomUUID();

const principal = (roles: Principal['roles'], schools: Principal['schools'] = []): Principal => ({
  accountId: randomUUID(),
  districtId: district,
  cleverDistrictId: 'clever-district',
  roles,
  schools,
});

const districtAdmin = principal(['district_admin']);
const schoolAdmin = principal(['school_admin'], [{ schoolId: schoolA, roles: ['school_admin'] }]);
const teacher = principal(['teacher'], [{ schoolId: schoolB, roles: ['teacher'] }]);
const multi = principal(['teacher', 'school_admin'], [
  { schoolId: schoolA, roles: ['teacher'] },
  { schoolId: schoolB, roles: ['school_admin'] },
]);
const student = principal(['student'], [{ schoolId: schoolA, roles: ['student'] }]);

describe('scope resolution', () => {
  it('gives students no admin API, and everyone else access', () => {
    expect(adminApiAccess(student)).toMatchObject({ allow: false, status: 403, code: 'STUDENT_NO_ACCESS' });
    expect(adminApiAccess(principal([]))).toMatchObject({ allow: false, status: 403 });
    for (const p of [districtAdmin, schoolAdmin, teacher, multi]) expect(adminApiAccess(p).allow).toBe(true);
  });

  it('answers 404 for another district whatever the role, 403 for a missing district-admin role', () => {
    for (const p of [districtAdmin, schoolAdmin, teacher]) {
      expect(districtAccess(p, otherDistrict, 'member')).toMatchObject({ allow: false, status: 404, code: 'DISTRICT_NOT_FOUND' });
      expect(districtAccess(p, otherDistrict, 'district_admin')).toMatchObject({ allow: false, status: 404 });
    }
    expect(districtAccess(districtAdmin, district, 'district_admin')).toEqual({ allow: true, upstream: false });
    expect(districtAccess(districtAdmin, district.toUpperCase(), 'district_admin').allow).toBe(true);
    expect(districtAccess(schoolAdmin, district, 'district_admin')).toMatchObject({ allow: false, status: 403, code: 'DISTRICT_ADMIN_REQUIRED' });
    expect(districtAccess(teacher, district, 'member').allow).toBe(true);
  });

  it('lets school admins and teachers see their schools only (others are 404); a district admin defers to the service', () => {
    expect(schoolAccess(schoolAdmin, schoolA)).toEqual({ allow: true, upstream: false });
    expect(schoolAccess(schoolAdmin, schoolB)).toMatchObject({ allow: false, status: 404, code: 'SCHOOL_NOT_FOUND' });
    expect(schoolAccess(teacher, schoolB)).toEqual({ allow: true, upstream: false });
    expect(schoolAccess(teacher, schoolA)).toMatchObject({ allow: false, status: 404 });
    expect(schoolAccess(multi, schoolA).allow).toBe(true);
    expect(schoolAccess(multi, schoolC).allow).toBe(false);
    expect(schoolAccess(districtAdmin, schoolC)).toEqual({ allow: true, upstream: true });
    expect(schoolAccess(student, schoolA).allow).toBe(false);
  });

  it('distinguishes administering a school from working in it', () => {
    expect(schoolAccess(multi, schoolB, 'admin').allow).toBe(true);
    expect(schoolAccess(multi, schoolA, 'admin')).toMatchObject({ allow: false, status: 403, code: 'SCHOOL_ADMIN_REQUIRED' });
    expect(schoolAccess(teacher, schoolA, 'admin')).toMatchObject({ allow: false, status: 404 });
    expect(schoolAccess(districtAdmin, schoolA, 'admin')).toEqual({ allow: true, upstream: true });
  });

  it('opens the audit log to district and school admins only', () => {
    expect(auditAccess(districtAdmin).allow).toBe(true);
    expect(auditAccess(schoolAdmin).allow).toBe(true);
    expect(auditAccess(multi).allow).toBe(true);
    expect(auditAccess(teacher)).toMatchObject({ allow: false, status: 403, code: 'SCHOOL_ADMIN_REQUIRED' });
  });

  it('summarises the scope for GET /me', () => {
    expect(scopeSummary(districtAdmin)).toMatchObject({ districtAdmin: true, adminApi: true, adminSchools: 'all', staffSchools: 'all' });
    expect(scopeSummary(multi)).toMatchObject({ districtAdmin: false, adminSchools: [schoolB], staffSchools: [schoolA, schoolB] });
    expect(scopeSummary(student)).toMatchObject({ adminApi: false, staffSchools: [] });
  });
});
