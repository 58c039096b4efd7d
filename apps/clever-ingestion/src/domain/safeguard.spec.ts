import { DEFAULT_SAFEGUARD_SETTINGS, holdReasons, safeguardRoleOf, type SafeguardSettings } from './safeguard';

const settings: SafeguardSettings = DEFAULT_SAFEGUARD_SETTINGS;

describe('the safeguard per role', () => {
  it('holds for the role that crosses its threshold and names it', () => {
    // 30 % of the teachers, 5 % of the students: 7.5 % of the district.
    const reasons = holdReasons({ removalsByRole: { teacher: 12, student: 15 }, activeByRole: { teacher: 40, student: 300, staff: 4 }, settings });
    expect(reasons).toEqual([{ role: 'teachers', removals: 12, activeAccounts: 40, thresholdPercent: 25 }]);
  });

  it('never holds a role under the minimum count, however large its share', () => {
    expect(holdReasons({ removalsByRole: { district_admin: 3, staff: 6 }, activeByRole: { district_admin: 4, staff: 8, student: 500 }, settings })).toEqual([]);
    expect(holdReasons({ removalsByRole: { staff: 10 }, activeByRole: { district_admin: 4, staff: 96, student: 500 }, settings })).toEqual([]);
    // Exactly at 10 % is allowed; one more holds (staff and district admins count together).
    expect(holdReasons({ removalsByRole: { staff: 10, district_admin: 1 }, activeByRole: { district_admin: 4, staff: 96, student: 500 }, settings }).map((r) => r.role)).toEqual(['staff']);
  });

  it('keeps the whole district\'s threshold, where users of unknown role count too', () => {
    const reasons = holdReasons({ removalsByRole: { unknown: 30 }, activeByRole: { unknown: 100 }, settings });
    expect(reasons).toEqual([{ role: 'all', removals: 30, activeAccounts: 100, thresholdPercent: 25 }]);
    expect(holdReasons({ removalsByRole: {}, activeByRole: { student: 10 }, settings })).toEqual([]);
  });

  it('a minimum of 0 still needs one removal; 0 % holds any removal of the role', () => {
    const strict = { ...settings, thresholdPercent: 100, roles: { students: 0, teachers: 100, staff: 100 }, minimumCount: 0 };
    expect(holdReasons({ removalsByRole: { student: 1 }, activeByRole: { student: 1000 }, settings: strict }).map((r) => r.role)).toEqual(['students']);
    expect(holdReasons({ removalsByRole: { teacher: 50 }, activeByRole: { teacher: 50 }, settings: strict })).toEqual([]);
  });

  it('maps account roles to the safeguard\'s buckets', () => {
    expect(['student', 'teacher', 'staff', 'district_admin', null, 'contact'].map(safeguardRoleOf)).toEqual(['students', 'teachers', 'staff', 'staff', undefined, undefined]);
  });
});
