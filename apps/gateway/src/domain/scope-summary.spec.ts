import { randomUUID } from 'node:crypto';
import { adminApi, auditAccess, districtAccess, schoolAccess, type Principal } from '@roster/authz';
import { scopeSummary } from './scope-summary';

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

/** The questions the gateway asks the one policy (@roster/authz), with the answers it relies on. */
describe('the gateway\'s scope decisions (the shared policy)', () => {
  it('gives students no admin API, and everyone else access', () => {
    expect(adminApi(student)).toMatchObject({ allowed: false, status: 403, code: 'ACCESS.STUDENT_NO_ACCESS' });
    expect(adminApi(principal([]))).toMatchObject({ allowed: false, status: 403 });
    for (const p of [districtAdmin, schoolAdmin, teacher, multi]) expect(adminApi(p).allowed).toBe(true);
  });

  it('answers 404 for another district whatever the role, 403 for a missing district-admin role', () => {
    for (const p of [districtAdmin, schoolAdmin, teacher]) {
      expect(districtAccess(p, otherDistrict, 'member')).toMatchObject({ allowed: false, status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
      expect(districtAccess(p, otherDistrict, 'admin')).toMatchObject({ allowed: false, status: 404 });
    }
    expect(districtAccess(districtAdmin, district, 'admin')).toEqual({ allowed: true });
    expect(districtAccess(districtAdmin, district.toUpperCase(), 'admin').allowed).toBe(true);
    expect(districtAccess(schoolAdmin, district, 'admin')).toMatchObject({ allowed: false, status: 403, code: 'ACCESS.DISTRICT_ADMIN_REQUIRED' });
    expect(districtAccess(teacher, district, 'member').allowed).toBe(true);
  });

  it('lets school admins and teachers see their schools only (others are 404); a district admin defers to the service', () => {
    expect(schoolAccess(schoolAdmin, { schoolId: schoolA })).toEqual({ allowed: true });
    expect(schoolAccess(schoolAdmin, { schoolId: schoolB })).toMatchObject({ allowed: false, status: 404, code: 'IDENTITY.SCHOOL_NOT_FOUND' });
    expect(schoolAccess(teacher, { schoolId: schoolB })).toEqual({ allowed: true });
    expect(schoolAccess(teacher, { schoolId: schoolA })).toMatchObject({ allowed: false, status: 404 });
    expect(schoolAccess(multi, { schoolId: schoolA }).allowed).toBe(true);
    expect(schoolAccess(multi, { schoolId: schoolC }).allowed).toBe(false);
    expect(schoolAccess(districtAdmin, { schoolId: schoolC })).toEqual({ allowed: true, upstream: true });
    expect(schoolAccess(student, { schoolId: schoolA }).allowed).toBe(false);
  });

  it('distinguishes administering a school from working in it', () => {
    expect(schoolAccess(multi, { schoolId: schoolB }, 'admin').allowed).toBe(true);
    expect(schoolAccess(multi, { schoolId: schoolA }, 'admin')).toMatchObject({ allowed: false, status: 403, code: 'ACCESS.SCHOOL_ADMIN_REQUIRED' });
    expect(schoolAccess(teacher, { schoolId: schoolA }, 'admin')).toMatchObject({ allowed: false, status: 404 });
    expect(schoolAccess(districtAdmin, { schoolId: schoolA }, 'admin')).toEqual({ allowed: true, upstream: true });
  });

  it('opens the audit log to district and school admins only', () => {
    expect(auditAccess(districtAdmin, district).allowed).toBe(true);
    expect(auditAccess(schoolAdmin, district).allowed).toBe(true);
    expect(auditAccess(multi, district).allowed).toBe(true);
    expect(auditAccess(teacher, district)).toMatchObject({ allowed: false, status: 403, code: 'ACCESS.SCHOOL_ADMIN_REQUIRED' });
  });
});

describe('scopeSummary (GET /me)', () => {
  it('summarises the scope', () => {
    expect(scopeSummary(districtAdmin)).toMatchObject({ districtAdmin: true, adminApi: true, adminSchools: 'all', staffSchools: 'all' });
    expect(scopeSummary(multi)).toMatchObject({ districtAdmin: false, adminSchools: [schoolB], staffSchools: [schoolA, schoolB] });
    expect(scopeSummary(student)).toMatchObject({ adminApi: false, staffSchools: [] });
  });
});
