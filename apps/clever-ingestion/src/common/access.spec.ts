import type { Caller, Principal } from '@roster/authz';
import { authorizeDistrictAdmin, INGESTION_SYSTEM_CALLERS } from './access';

const CLEVER = 'clever-district-1';
const principal = (roles: Principal['roles'], cleverDistrictId = CLEVER): Caller => ({
  kind: 'user',
  principal: { accountId: 'a1', districtId: '00000000-0000-4000-8000-000000000001', cleverDistrictId, roles, schools: [] },
});

describe('authorizeDistrictAdmin (the policy as clever-ingestion asks it)', () => {
  it('lets the district admins of the district act, recorded as the user', () => {
    expect(authorizeDistrictAdmin(principal(['district_admin']), CLEVER)).toBe('user:a1');
  });

  it.each([
    ['a student', principal(['student']), 403, 'ACCESS.STUDENT_NO_ACCESS'],
    ['a teacher of the district', principal(['teacher']), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED'],
    ['a school admin of the district', principal(['school_admin']), 403, 'ACCESS.DISTRICT_ADMIN_REQUIRED'],
    ['a district admin of another district', principal(['district_admin'], 'clever-district-2'), 404, 'IDENTITY.DISTRICT_NOT_FOUND'],
    ['an unnamed system caller', { kind: 'system', name: 'someone' } as Caller, 403, 'ACCESS.SYSTEM_ONLY'],
  ])('refuses %s', (_what, caller, status, code) => {
    expect(() => authorizeDistrictAdmin(caller, CLEVER)).toThrow(expect.objectContaining({ status, code }));
  });

  it.each(INGESTION_SYSTEM_CALLERS.map((name) => [name]))('lets the named system caller %s act on any district', (name) => {
    expect(authorizeDistrictAdmin({ kind: 'system', name }, 'any-district')).toBe(`system:${name}`);
  });
});
