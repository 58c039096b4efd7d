// Unit tests of the session's rules (session.js: no DOM).
import { describe, expect, it } from '@jest/globals';
import {
  chooseSchool,
  courseName,
  findById,
  hashOf,
  isAdmin,
  isAdminOf,
  isDistrictAdmin,
  isStaff,
  normalizeMe,
  parseHash,
  signInErrorCode,
} from './session.js';

/** @typedef {import('./types.js').Me} Me */

/**
 * @param {Partial<Me>} fields
 * @returns {Me}
 */
function me(fields) {
  return { id: 'a1', districtId: 'd1', name: { first: 'Ada', last: 'Byron' }, roles: [], ...fields };
}

describe('what the session may see', () => {
  it('follows the scope when /me has one', () => {
    const districtAdmin = me({ roles: ['teacher'], scope: { districtAdmin: true, adminApi: true, adminSchools: 'all' } });
    expect(isDistrictAdmin(districtAdmin)).toBe(true);
    expect(isStaff(districtAdmin)).toBe(true);
    expect(isAdmin(districtAdmin)).toBe(true);
    expect(isAdminOf(districtAdmin, 'any-school')).toBe(true);

    const schoolAdmin = me({ roles: ['district_admin'], scope: { districtAdmin: false, adminApi: true, adminSchools: ['s1'] } });
    expect(isDistrictAdmin(schoolAdmin)).toBe(false);
    expect(isAdmin(schoolAdmin)).toBe(true);
    expect(isAdminOf(schoolAdmin, 's1')).toBe(true);
    expect(isAdminOf(schoolAdmin, 's2')).toBe(false);

    const teacher = me({ roles: ['school_admin'], scope: { districtAdmin: false, adminApi: true, adminSchools: [] } });
    expect(isAdmin(teacher)).toBe(false);
    expect(isStaff(teacher)).toBe(true);

    const student = me({ roles: ['teacher'], scope: { adminApi: false } });
    expect(isStaff(student)).toBe(false);
  });

  it('falls back on the roles and school memberships without a scope', () => {
    const teacher = me({ roles: ['teacher'], schools: [{ schoolId: 's1', roles: ['teacher'] }, { schoolId: 's2', roles: ['school_admin'] }] });
    expect(isDistrictAdmin(teacher)).toBe(false);
    expect(isStaff(teacher)).toBe(true);
    expect(isAdmin(teacher)).toBe(false);
    expect(isAdminOf(teacher, 's1')).toBe(false);
    expect(isAdminOf(teacher, 's2')).toBe(true);

    expect(isStaff(me({ roles: ['student'] }))).toBe(false);
    expect(isDistrictAdmin(me({ roles: ['district_admin'] }))).toBe(true);
    expect(isAdmin(me({ roles: ['school_admin'] }))).toBe(true);
  });

  it('allows nothing without a session', () => {
    expect(isDistrictAdmin(null)).toBe(false);
    expect(isStaff(null)).toBe(false);
    expect(isAdmin(null)).toBe(false);
    expect(isAdminOf(null, 's1')).toBe(false);
  });
});

describe('normalizeMe', () => {
  it('accepts the account fields at the top level or in an {account} wrapper', () => {
    const flat = me({ district: { id: 'd1', name: 'North' }, scope: { adminApi: true } });
    expect(normalizeMe(flat)).toBe(flat);
    expect(normalizeMe({ account: me({}), scope: { adminApi: true } })).toEqual({ ...me({}), district: null, scope: { adminApi: true } });
    expect(normalizeMe(null)).toBeNull();
  });
});

describe('reference data', () => {
  const courses = [
    { id: 'c1', name: 'Level 1' },
    { id: 'c2', name: 'Level 2' },
  ];

  it('finds items by id and names courses', () => {
    expect(findById(courses, 'c2')).toEqual({ id: 'c2', name: 'Level 2' });
    expect(findById(courses, 'c9')).toBeNull();
    expect(courseName(courses, 'c1')).toBe('Level 1');
    expect(courseName(courses, 'c9')).toBe('Unknown course');
    expect(courseName(courses, null)).toBe('No course');
  });
});

describe('chooseSchool', () => {
  const schools = [
    { id: 's1', name: 'Alpha' },
    { id: 's2', name: 'Beta' },
    { id: 's3', name: 'Gamma' },
  ];
  const account = me({ schools: [{ schoolId: 's2' }, { schoolId: 's3', primary: true }] });

  it('takes the requested school, then the current, the remembered, the primary, the first', () => {
    expect(chooseSchool({ requested: 's1', current: 's2', remembered: 's3', me: account, schools })).toBe('s1');
    expect(chooseSchool({ requested: undefined, current: 's2', remembered: 's1', me: account, schools })).toBe('s2');
    expect(chooseSchool({ current: null, remembered: 's1', me: account, schools })).toBe('s1');
    expect(chooseSchool({ me: account, schools })).toBe('s3');
    expect(chooseSchool({ me: me({}), schools })).toBe('s1');
  });

  it('ignores schools the session does not see', () => {
    expect(chooseSchool({ requested: 'elsewhere', current: 'gone', remembered: 'old', me: account, schools })).toBe('s3');
    expect(chooseSchool({ requested: 's1', me: account, schools: [] })).toBeNull();
  });
});

describe('routes', () => {
  it('parses the hash into a path and a query', () => {
    expect(parseHash('#/classes?school=s1&status=archived')).toEqual({ path: '/classes', query: { school: 's1', status: 'archived' } });
    expect(parseHash('#/sync')).toEqual({ path: '/sync', query: {} });
    expect(parseHash('')).toEqual({ path: '/', query: {} });
  });

  it('writes a hash without the empty query values', () => {
    expect(hashOf('/students', { school: 's1', grade: '', placement: undefined, class: null })).toBe('#/students?school=s1');
    expect(hashOf('/classes')).toBe('#/classes');
    expect(hashOf('/students', { q: 'a b&c' })).toBe('#/students?q=a+b%26c');
  });

  it('round-trips a route', () => {
    const query = { school: 's 1', class: 'c/2' };
    expect(parseHash(hashOf('/students', query))).toEqual({ path: '/students', query });
  });
});

describe('signInErrorCode', () => {
  it('keeps a stable code, namespaced or not, and replaces anything else', () => {
    expect(signInErrorCode('OAUTH_DENIED')).toBe('OAUTH_DENIED');
    expect(signInErrorCode('IDENTITY.ACCOUNT_NOT_FOUND')).toBe('IDENTITY.ACCOUNT_NOT_FOUND');
    expect(signInErrorCode('IDENTITY.ACCOUNT_ARCHIVED')).toBe('IDENTITY.ACCOUNT_ARCHIVED');
    expect(signInErrorCode('<script>')).toBe('SIGN_IN_FAILED');
    expect(signInErrorCode('a.b.c')).toBe('SIGN_IN_FAILED');
    expect(signInErrorCode('A.B.C')).toBe('SIGN_IN_FAILED');
    expect(signInErrorCode(null)).toBeNull();
    expect(signInErrorCode('')).toBeNull();
  });
});
