import { planAccountReactions, rolesInSchool, type AccountEventState } from './identity-reactions';

const state = (version: number, over: Partial<AccountEventState> = {}): AccountEventState => ({
  accountId: 'acc',
  version,
  status: 'active',
  roles: ['student'],
  schools: [{ schoolId: 'north', roles: ['student'] }],
  ...over,
});

describe('planAccountReactions', () => {
  it('keeps the schools of an active student', () => {
    expect(planAccountReactions([state(2)], new Map([['acc', 1]]))).toEqual([{ accountId: 'acc', archived: false, studentSchools: ['north'], teacherSchools: [] }]);
  });

  it('marks an archived account (all its enrollments and classes end)', () => {
    expect(planAccountReactions([state(2, { status: 'archived' })], new Map())[0]).toMatchObject({ archived: true });
  });

  it('keeps only the schools present in every applied event: a move within the batch still leaves the old school', () => {
    const plan = planAccountReactions(
      [state(2, { schools: [{ schoolId: 'south', roles: ['student'] }] }), state(3, { schools: [{ schoolId: 'north', roles: ['student'] }, { schoolId: 'south', roles: ['student'] }] })],
      new Map([['acc', 1]]),
    );
    expect(plan[0].studentSchools).toEqual(['south']);
  });

  it('does not lose an archive followed by a restore in the same batch', () => {
    const plan = planAccountReactions([state(2, { status: 'archived' }), state(3)], new Map([['acc', 1]]));
    expect(plan[0]).toMatchObject({ archived: true, studentSchools: ['north'] });
  });

  it('ignores events not newer than the stored projection', () => {
    expect(planAccountReactions([state(1, { status: 'archived' }), state(2, { status: 'archived' })], new Map([['acc', 2]]))).toEqual([]);
    expect(planAccountReactions([state(1, { status: 'archived' }), state(3)], new Map([['acc', 2]]))[0]).toMatchObject({ archived: false });
  });

  it('separates the schools where the account teaches from those where it studies', () => {
    const plan = planAccountReactions(
      [state(1, { roles: ['teacher', 'school_admin'], schools: [{ schoolId: 'north', roles: ['teacher'] }, { schoolId: 'south', roles: ['school_admin'] }] })],
      new Map(),
    );
    expect(plan[0]).toMatchObject({ studentSchools: [], teacherSchools: ['north'] });
  });

  it('takes the account roles for a membership that lists none', () => {
    expect(rolesInSchool({ roles: [] }, ['teacher'])).toEqual(['teacher']);
    expect(rolesInSchool({ roles: ['student'] }, ['teacher', 'student'])).toEqual(['student']);
  });
});
