import { DomainError } from '@roster/problems';
import { decideNextYear, defaultSchoolYear, defaultSchoolYearId, endOfYearStartingOn, firstCalendarYear, placementCounts, type SchoolYear } from './school-year';
import { normalizedRolloverRequest, sortSchools, totalsOf } from './school-year-plan';

const current: SchoolYear = { id: 'y', districtId: 'd', name: '2026–2027', startsOn: '2026-07-01', endsOn: '2027-06-30', status: 'current' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
}

describe('school years', () => {
  it('derives the default year from the date: July 1 starts one', () => {
    expect(defaultSchoolYear(new Date('2026-12-03T10:00:00Z'))).toEqual({ name: '2026–2027', startsOn: '2026-07-01', endsOn: '2027-06-30' });
    expect(defaultSchoolYear(new Date('2027-06-30T23:59:59Z'))).toEqual({ name: '2026–2027', startsOn: '2026-07-01', endsOn: '2027-06-30' });
    expect(defaultSchoolYear(new Date('2027-07-01T00:00:00Z'))).toEqual({ name: '2027–2028', startsOn: '2027-07-01', endsOn: '2028-06-30' });
  });

  it("gives a district's default year one id, whoever derives it (a read shows it before a rollover stores it)", () => {
    const district = '0b3f5d2e-8c1a-4e6b-9d7f-2a4c6e8b0d1f';
    const id = defaultSchoolYearId(district, '2026–2027');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(defaultSchoolYearId(district.toUpperCase(), '2026–2027')).toBe(id);
    expect(defaultSchoolYearId(district, '2027–2028')).not.toBe(id);
  });

  it('reads names of two consecutive years, with an en dash or a hyphen', () => {
    expect(firstCalendarYear('2027–2028')).toBe(2027);
    expect(firstCalendarYear(' 2027-2028 ')).toBe(2027);
    for (const bad of ['2027–2029', '2027', 'next year', '27–28', '2028–2027']) expect(firstCalendarYear(bad)).toBeUndefined();
  });

  it('ends a year the day before the same date a year later (leap days included)', () => {
    expect(endOfYearStartingOn('2027-08-15')).toBe('2028-08-14');
    expect(endOfYearStartingOn('2027-03-01')).toBe('2028-02-29');
  });

  it('accepts the next year and refuses bad names, used names and early starts with their codes', () => {
    expect(decideNextYear(current, ['2026–2027'], { name: '2027-2028', startsOn: '2027-08-15' })).toEqual({ name: '2027–2028', startsOn: '2027-08-15', endsOn: '2028-08-14' });
    expect(codeOf(() => decideNextYear(current, [], { name: 'next', startsOn: '2027-08-15' }))).toBe('CLASSES.SCHOOL_YEAR_NAME_INVALID');
    expect(codeOf(() => decideNextYear(current, [], { name: '2027–2028', startsOn: '2028-01-10' }))).toBe('CLASSES.SCHOOL_YEAR_NAME_INVALID');
    expect(codeOf(() => decideNextYear(current, ['2026–2027', '2027–2028'], { name: '2027–2028', startsOn: '2027-08-15' }))).toBe('CLASSES.SCHOOL_YEAR_EXISTS');
    expect(codeOf(() => decideNextYear(current, ['2026–2027'], { name: '2026–2027', startsOn: '2026-08-15' }))).toBe('CLASSES.SCHOOL_YEAR_EXISTS');
    expect(codeOf(() => decideNextYear(current, [], { name: '2025–2026', startsOn: '2025-08-15' }))).toBe('CLASSES.SCHOOL_YEAR_STARTS_TOO_EARLY');
  });

  it('counts a placement under placementValidity', () => {
    expect(placementCounts('any', '2020-01-01', current)).toBe(true);
    expect(placementCounts('current_school_year', '2026-06-30', current)).toBe(false);
    expect(placementCounts('current_school_year', '2026-07-01', current)).toBe(true);
  });

  it('sums and orders per-school counts the same way for preview and result; a request is keyed regardless of id order and case', () => {
    const schools = sortSchools([
      { schoolId: 'b', name: 'North', classesToArchive: 2, enrollmentsToEnd: 5, studentsReturning: 4, classesCarriedForward: 1 },
      { schoolId: 'a', name: 'East', classesToArchive: 1, enrollmentsToEnd: 1, studentsReturning: 1, classesCarriedForward: 0 },
    ]);
    expect(schools.map((s) => s.name)).toEqual(['East', 'North']);
    expect(totalsOf(schools)).toEqual({ classesToArchive: 3, enrollmentsToEnd: 6, studentsReturning: 5, classesCarriedForward: 1 });
    expect(normalizedRolloverRequest({ name: ' 2027–2028 ', startsOn: '2027-08-15', carryForwardClassIds: ['B', 'a', 'b'] })).toEqual({
      name: '2027–2028',
      startsOn: '2027-08-15',
      carryForwardClassIds: ['a', 'b'],
    });
  });
});
