import { normalizeDistrict, normalizeSchool, normalizeSection, normalizeUser } from './normalize';

const D = '5f8d0c1b2a3e4f5061728394';
const S1 = '5f8d0c1b2a3e4f50617283a1';
const S2 = '5f8d0c1b2a3e4f50617283a2';

const student = {
  id: 'u1',
  district: D,
  name: { first: ' Ana ', middle: '', last: 'Lopez' },
  email: '',
  roles: {
    student: {
      school: S2,
      schools: [S2, S1, S2, ''],
      sis_id: '1001',
      student_number: '  ',
      state_id: 'ST-1',
      grade: '4',
      dob: '2/11/2015',
      gender: 'F',
      race: 'Unknown',
      hispanic_ethnicity: 'Y',
      ell_status: 'N',
      frl_status: 'Free',
      iep_status: 'Y',
      home_language: 'Spanish',
      disability: { disability_status: 'Y', disability_type: 'aut' },
      preferred_name: { first: 'Annie', last: '' },
      credentials: { district_username: 'alopez' },
      enrollments: [{ school: S2, start_date: '2025-08-20' }],
      location: { zip: '94000' },
    },
  },
};

describe('normalizeUser', () => {
  it('keeps only the contract fields: no demographics, trimmed strings, empty ones dropped, sorted unique schools', () => {
    expect(normalizeUser(student, D)).toEqual({
      kind: 'record',
      id: 'u1',
      payload: {
        cleverUserId: 'u1',
        cleverDistrictId: D,
        name: { first: 'Ana', last: 'Lopez' },
        preferredName: { first: 'Annie' },
        roles: { student: { school: S2, schools: [S1, S2], sisId: '1001', stateId: 'ST-1', grade: '4' } },
      },
    });
  });

  it('maps every account role of a multi-role user', () => {
    const user = {
      id: 'u2',
      name: { first: 'Maria', last: 'Gonzalez' },
      email: 'm@example.org',
      roles: {
        teacher: { school: S1, schools: [S1], sis_id: 'T1', teacher_number: '20871', state_id: 'X', title: 'Teacher', credentials: { district_username: 'mg' } },
        staff: { schools: [S2, S1], staff_id: 'ST-10442', title: 'Reading Specialist', department: 'ELA', roles: ['PortalOnly'] },
        district_admin: { title: 'Director', legacy_id: 'abc' },
      },
    };
    const n = normalizeUser(user, D);
    expect(n).toMatchObject({ kind: 'record' });
    if (n.kind !== 'record') return;
    expect(n.payload.roles).toEqual({
      district_admin: { title: 'Director' },
      staff: { schools: [S1, S2], staffId: 'ST-10442', title: 'Reading Specialist' },
      teacher: { school: S1, schools: [S1], sisId: 'T1', teacherNumber: '20871', stateId: 'X', title: 'Teacher' },
    });
    expect(n.payload.email).toBe('m@example.org');
  });

  it('ignores contact-only users and rejects unusable records with a reason', () => {
    expect(normalizeUser({ id: 'c1', name: { last: 'Aaron Berge' }, roles: { contact: { student_relationships: [] } } }, D)).toEqual({ kind: 'ignored', id: 'c1' });
    expect(normalizeUser({ name: { first: 'A', last: 'B' }, roles: { student: {} } }, D)).toEqual({ kind: 'rejected', reason: 'MISSING_ID' });
    expect(normalizeUser({ id: 'x', name: { first: 'A', last: 'B' }, roles: {} }, D)).toEqual({ kind: 'rejected', id: 'x', reason: 'NO_USABLE_ROLE' });
    expect(normalizeUser({ id: 'x', name: { first: 'A', last: 'B' }, roles: { guardian_ext: {} } }, D)).toEqual({ kind: 'rejected', id: 'x', reason: 'NO_USABLE_ROLE' });
    expect(normalizeUser({ id: 'x', roles: { teacher: {} } }, D)).toEqual({ kind: 'rejected', id: 'x', reason: 'MISSING_NAME' });
    expect(normalizeUser({ id: 'x', name: { first: ' ', last: '' }, roles: { teacher: {} } }, D)).toEqual({ kind: 'rejected', id: 'x', reason: 'MISSING_NAME' });
    expect(normalizeUser({ id: 'x', district: 'other', name: { first: 'A', last: 'B' }, roles: { teacher: {} } }, D)).toEqual({ kind: 'rejected', id: 'x', reason: 'WRONG_DISTRICT' });
    expect(normalizeUser({ id: 'y'.repeat(65), name: { first: 'A' }, roles: { teacher: {} } }, D)).toEqual({ kind: 'rejected', reason: 'INVALID_RECORD' });
    expect(normalizeUser('nope', D)).toEqual({ kind: 'rejected', reason: 'INVALID_RECORD' });
  });

  it('accepts a missing first or last name, and tolerates null, unknown and wrongly typed fields', () => {
    const n = normalizeUser({ id: 'x', name: { last: 'Only' }, email: null, roles: { teacher: { schools: 'S1', title: 7 }, extra: {} }, unknown: 1 }, D);
    expect(n).toEqual({ kind: 'record', id: 'x', payload: { cleverUserId: 'x', cleverDistrictId: D, name: { first: '', last: 'Only' }, roles: { teacher: { schools: [] } } } });
  });
});

describe('normalizeSchool / normalizeSection / normalizeDistrict', () => {
  it('maps a school; a school without a name is rejected', () => {
    expect(normalizeSchool({ id: S1, district: D, name: 'Lincoln', sis_id: '105', school_number: '', low_grade: 'Kindergarten', high_grade: '5', principal: { name: 'P' }, phone: '1' }, D)).toEqual({
      kind: 'record',
      id: S1,
      payload: { cleverSchoolId: S1, cleverDistrictId: D, name: 'Lincoln', sisId: '105', lowGrade: 'Kindergarten', highGrade: '5' },
    });
    expect(normalizeSchool({ id: S1, name: '' }, D)).toEqual({ kind: 'rejected', id: S1, reason: 'MISSING_NAME' });
  });

  it('maps a section: primary teacher first, students sorted; no school is a rejection', () => {
    const n = normalizeSection({ id: 'sec', school: S1, name: 'Reading', subject: 'english/language arts', grade: '', teacher: 't2', teachers: ['t1', 't2', 't1'], students: ['s3', 's1', 's3'] }, D);
    expect(n).toEqual({
      kind: 'record',
      id: 'sec',
      payload: { cleverSectionId: 'sec', cleverDistrictId: D, cleverSchoolId: S1, name: 'Reading', subject: 'english/language arts', teacherIds: ['t2', 't1'], studentIds: ['s1', 's3'] },
    });
    expect(normalizeSection({ id: 'sec', name: 'x' }, D)).toEqual({ kind: 'rejected', id: 'sec', reason: 'MISSING_SCHOOL' });
  });

  it('maps the district of the token only', () => {
    expect(normalizeDistrict({ id: D, name: 'Maple Grove', state: 'running', sis_type: 'sftp' }, D)).toEqual({ kind: 'record', id: D, payload: { cleverDistrictId: D, name: 'Maple Grove', state: 'running' } });
    expect(normalizeDistrict({ id: 'other', name: 'X' }, D)).toMatchObject({ kind: 'rejected', reason: 'WRONG_DISTRICT' });
  });
});
