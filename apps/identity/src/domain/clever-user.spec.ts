import { profileFromRosterUser, type RosterUser } from './clever-user';

const base = { cleverUserId: 'u1', cleverDistrictId: 'd1', name: { first: 'Ann', last: 'Lee' } };

describe('profileFromRosterUser', () => {
  it('maps Clever roles to Roster roles, one profile for a multi-role user', () => {
    const user: RosterUser = {
      ...base,
      roles: {
        district_admin: { title: 'Director' },
        staff: { schools: ['s2', 's1'], staffId: 'ST-1', title: 'Reading Specialist' },
        teacher: { school: 's1', schools: ['s1'], sisId: 'T-1', teacherNumber: '42', stateId: 'CA-T-1', title: 'Teacher' },
      },
    };
    expect(profileFromRosterUser(user)).toEqual({
      roles: ['district_admin', 'school_admin', 'teacher'],
      name: { first: 'Ann', last: 'Lee' },
      sisId: 'T-1',
      stateId: 'CA-T-1',
      teacherNumber: '42',
      staffId: 'ST-1',
      title: 'Reading Specialist',
      schools: [
        { cleverSchoolId: 's1', roles: ['school_admin', 'teacher'], primary: true },
        { cleverSchoolId: 's2', roles: ['school_admin'], primary: false },
      ],
    });
  });

  it('gives a student every school, the primary one marked, and the student fields', () => {
    const user: RosterUser = {
      ...base,
      email: ' ann@example.org ',
      preferredName: { first: 'Annie', last: '' },
      roles: { student: { school: 's3', schools: ['s4'], sisId: 'S-9', studentNumber: '9', stateId: 'ST-9', grade: '4' } },
    };
    expect(profileFromRosterUser(user)).toEqual({
      roles: ['student'],
      name: { first: 'Ann', last: 'Lee' },
      preferredName: { first: 'Annie' },
      email: 'ann@example.org',
      grade: '4',
      sisId: 'S-9',
      studentNumber: '9',
      stateId: 'ST-9',
      schools: [
        { cleverSchoolId: 's3', roles: ['student'], primary: true },
        { cleverSchoolId: 's4', roles: ['student'], primary: false },
      ],
    });
  });

  it('keeps district admins district-wide (no school rows)', () => {
    expect(profileFromRosterUser({ ...base, roles: { district_admin: {} } })).toMatchObject({ roles: ['district_admin'], schools: [] });
  });

  it('returns null when no role gets an account (contacts, empty roles)', () => {
    expect(profileFromRosterUser({ ...base, roles: {} })).toBeNull();
    // A contact-only payload parses to empty roles (the contract strips `contact`).
    expect(profileFromRosterUser({ ...base, roles: { contact: { relationship: 'Parent' } } } as unknown as RosterUser)).toBeNull();
  });

  it('gives the same profile whatever the order of the school lists', () => {
    const a = profileFromRosterUser({ ...base, roles: { teacher: { schools: ['s2', 's1', 's3'] } } });
    const b = profileFromRosterUser({ ...base, roles: { teacher: { schools: ['s3', 's1', 's2', 's1'] } } });
    expect(a).toEqual(b);
  });

  it('reads no field outside the allowed list', () => {
    const user = {
      ...base,
      dob: '2014-01-01',
      gender: 'F',
      roles: { student: { schools: ['s1'], ell_status: 'Y', iep_status: 'N', race: 'x', home_language: 'x', grade: '3' } },
    } as unknown as RosterUser;
    const text = JSON.stringify(profileFromRosterUser(user));
    for (const word of ['dob', 'gender', 'ell', 'iep', 'race', 'home_language', '2014']) expect(text).not.toContain(word);
  });
});
