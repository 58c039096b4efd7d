import { randomUUID } from 'node:crypto';
import { signInternalToken, verifyInternalToken } from './internal-token';
import { signToken, verifyToken, TokenError } from './signed-token';
import { adminSchoolIds, canWorkInSchool, staffSchoolIds, type Principal } from './principal';

const secret = 'test-secret-with-enough-length';
const district = randomUUID();
const schoolA = randomUUID();
const schoolB = randomUUID();
const teacher: Principal = { accountId: randomUUID(), districtId: district, cleverDistrictId: 'c1', roles: ['teacher', 'school_admin'], schools: [{ schoolId: schoolA, roles: ['teacher'] }, { schoolId: schoolB, roles: ['school_admin'] }] };

describe('internal token', () => {
  it('round-trips a principal for its audience', () => {
    const token = signInternalToken({ kind: 'user', principal: teacher }, 'classes', secret);
    expect(verifyInternalToken(token, 'classes', secret)).toEqual({ kind: 'user', principal: teacher });
  });

  it('lives 60 s at most and names its target service and the system caller', () => {
    const token = signInternalToken({ kind: 'system', name: 'gateway' }, 'identity', secret);
    const claims = verifyToken(token, secret, { audience: 'identity' });
    expect(claims).toMatchObject({ aud: 'identity', system: 'gateway', iss: 'roster-gateway' });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(60);
    for (const other of ['classes', 'clever-ingestion']) expect(() => verifyInternalToken(token, other, secret)).toThrow(TokenError);
  });

  it.each([
    ['another audience', () => verifyInternalToken(signInternalToken({ kind: 'system', name: 'gateway' }, 'identity', secret), 'classes', secret), 'WRONG_AUDIENCE'],
    ['a forged signature', () => verifyInternalToken(signInternalToken({ kind: 'system', name: 'gateway' }, 'classes', 'other-secret'), 'classes', secret), 'BAD_SIGNATURE'],
    ['an expired token', () => verifyToken(signToken({ aud: 'x' }, secret, 60, Date.now() - 120_000), secret), 'EXPIRED'],
    ['garbage', () => verifyToken('not-a-token', secret), 'MALFORMED'],
    ['a tampered payload', () => {
      const [h, , s] = signToken({ role: 'teacher' }, secret, 60).split('.');
      return verifyToken(`${h}.${Buffer.from(JSON.stringify({ role: 'district_admin', exp: 9e9 })).toString('base64url')}.${s}`, secret);
    }, 'BAD_SIGNATURE'],
  ])('rejects %s', (_name, run, reason) => {
    expect(run).toThrow(TokenError);
    try {
      run();
    } catch (e) {
      expect((e as TokenError).reason).toBe(reason);
    }
  });
});

describe('scope helpers', () => {
  it('gives a teacher + school admin their own schools only', () => {
    expect(adminSchoolIds(teacher)).toEqual([schoolB]);
    expect(staffSchoolIds(teacher)).toEqual([schoolA, schoolB]);
    expect(canWorkInSchool(teacher, district, schoolA)).toBe(true);
    expect(canWorkInSchool(teacher, randomUUID(), schoolA)).toBe(false);
    expect(canWorkInSchool(teacher, district, randomUUID())).toBe(false);
  });

  it('gives a district admin every school of their district', () => {
    const admin: Principal = { accountId: randomUUID(), districtId: district, cleverDistrictId: 'c1', roles: ['district_admin'], schools: [] };
    expect(staffSchoolIds(admin)).toBe('all');
    expect(canWorkInSchool(admin, district, randomUUID())).toBe(true);
  });
});
