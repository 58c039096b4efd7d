import type { Principal } from './principal';
import { accountAccess, auditAccess, classAccess, cleverDistrictAccess, districtAccess, enforce, requireStaff, schoolAccess, systemCaller } from './policy';

const D1 = '00000000-0000-4000-8000-0000000000d1';
const D2 = '00000000-0000-4000-8000-0000000000d2';
const S1 = '00000000-0000-4000-8000-0000000000a1';
const S2 = '00000000-0000-4000-8000-0000000000a2';
const ME = '00000000-0000-4000-8000-0000000000e1';

const principal = (roles: Principal['roles'], schools: Principal['schools'] = [], districtId = D1): Principal => ({
  accountId: ME,
  districtId,
  cleverDistrictId: districtId === D1 ? 'clever-d1' : 'clever-d2',
  roles,
  schools,
});

const roles = {
  districtAdmin: principal(['district_admin']),
  schoolAdmin: principal(['school_admin'], [{ schoolId: S1, roles: ['school_admin'] }]),
  teacher: principal(['teacher'], [{ schoolId: S1, roles: ['teacher'] }]),
  student: principal(['student'], [{ schoolId: S1, roles: ['student'] }]),
  otherDistrictAdmin: principal(['district_admin'], [], D2),
};

const answer = (d: ReturnType<typeof districtAccess>) => (d.allowed ? 'allow' : `${d.status} ${d.code}`);

describe('the authorization policy', () => {
  it('answers each role the same way for the same resource (404 outside the scope, 403 inside)', () => {
    const classOfS2 = { districtId: D1, schoolId: S2, teacherIds: [] };
    const classOfS1 = { districtId: D1, schoolId: S1, teacherIds: [ME] };
    const table = Object.fromEntries(
      Object.entries(roles).map(([name, p]) => [
        name,
        {
          district: answer(districtAccess(p, D1, 'admin')),
          school: answer(schoolAccess(p, { schoolId: S2, districtId: D1 })),
          otherClass: answer(classAccess(p, classOfS2)),
          ownClassAsAdminAction: answer(classAccess(p, classOfS1, 'admin')),
          student: answer(accountAccess(p, { districtId: D1, schoolIds: [S2] })),
        },
      ]),
    );
    expect(table).toEqual({
      districtAdmin: { district: 'allow', school: 'allow', otherClass: 'allow', ownClassAsAdminAction: 'allow', student: 'allow' },
      schoolAdmin: {
        district: '403 ACCESS.DISTRICT_ADMIN_REQUIRED',
        school: '404 IDENTITY.SCHOOL_NOT_FOUND',
        otherClass: '404 CLASSES.CLASS_NOT_FOUND',
        ownClassAsAdminAction: 'allow',
        student: '404 IDENTITY.ACCOUNT_NOT_FOUND',
      },
      teacher: {
        district: '403 ACCESS.DISTRICT_ADMIN_REQUIRED',
        school: '404 IDENTITY.SCHOOL_NOT_FOUND',
        otherClass: '404 CLASSES.CLASS_NOT_FOUND',
        ownClassAsAdminAction: '403 ACCESS.SCHOOL_ADMIN_REQUIRED',
        student: '404 IDENTITY.ACCOUNT_NOT_FOUND',
      },
      student: {
        district: '403 ACCESS.STUDENT_NO_ACCESS',
        school: '403 ACCESS.STUDENT_NO_ACCESS',
        otherClass: '403 ACCESS.STUDENT_NO_ACCESS',
        ownClassAsAdminAction: '403 ACCESS.STUDENT_NO_ACCESS',
        student: '403 ACCESS.STUDENT_NO_ACCESS',
      },
      otherDistrictAdmin: {
        district: '404 IDENTITY.DISTRICT_NOT_FOUND',
        school: '404 IDENTITY.SCHOOL_NOT_FOUND',
        otherClass: '404 CLASSES.CLASS_NOT_FOUND',
        ownClassAsAdminAction: '404 CLASSES.CLASS_NOT_FOUND',
        student: '404 IDENTITY.ACCOUNT_NOT_FOUND',
      },
    });
  });

  it('leaves a district admin naming a school of unknown district to the owning service', () => {
    expect(schoolAccess(roles.districtAdmin, { schoolId: S2 })).toEqual({ allowed: true, upstream: true });
    expect(schoolAccess(roles.teacher, { schoolId: S1 })).toEqual({ allowed: true });
    expect(schoolAccess(roles.teacher, { schoolId: S1 }, 'admin')).toMatchObject({ status: 403, code: 'ACCESS.SCHOOL_ADMIN_REQUIRED' });
  });

  it('keys clever-ingestion resources by the Clever district id', () => {
    expect(cleverDistrictAccess(roles.districtAdmin, 'clever-d1', 'admin')).toEqual({ allowed: true });
    expect(cleverDistrictAccess(roles.otherDistrictAdmin, 'clever-d1', 'admin')).toMatchObject({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' });
    expect(cleverDistrictAccess(roles.teacher, 'clever-d1', 'admin')).toMatchObject({ status: 403 });
  });

  it('limits the audit log to admins and system endpoints to named system callers', () => {
    expect(auditAccess(roles.schoolAdmin)).toEqual({ allowed: true });
    expect(auditAccess(roles.teacher)).toMatchObject({ status: 403, code: 'ACCESS.SCHOOL_ADMIN_REQUIRED' });
    expect(systemCaller({ kind: 'system', name: 'gateway-sign-in' }, ['gateway-sign-in'])).toEqual({ allowed: true });
    expect(systemCaller({ kind: 'system', name: 'other' }, ['gateway-sign-in'])).toMatchObject({ status: 403, code: 'ACCESS.SYSTEM_ONLY' });
    expect(systemCaller({ kind: 'user', principal: roles.districtAdmin }, ['gateway-sign-in'])).toMatchObject({ status: 403 });
  });

  it('throws the refusal as a domain error', () => {
    expect(() => enforce(districtAccess(roles.otherDistrictAdmin, D1))).toThrow(expect.objectContaining({ status: 404, code: 'IDENTITY.DISTRICT_NOT_FOUND' }));
    expect(() => requireStaff({ kind: 'system', name: 'x' })).toThrow(expect.objectContaining({ status: 403, code: 'ACCESS.USERS_ONLY' }));
    expect(requireStaff({ kind: 'user', principal: roles.teacher })).toBe(roles.teacher);
  });
});
