import { splitByOwner, withoutForeignSchools } from './tenancy';
import type { ProfileDraft } from './clever-user';

describe('tenancy of Clever ids (identity defence in depth)', () => {
  const ev = (district: string, n: number) => ({ district, n });
  const districtOf = (e: { district: string }) => e.district;

  it('keeps only the owning district events of an id identity holds', () => {
    const split = splitByOwner([ev('d1', 1), ev('d2', 2), ev('d1', 3)], 'd1', districtOf);
    expect(split.owned.map((e) => e.n)).toEqual([1, 3]);
    expect(split.foreign.map((e) => e.n)).toEqual([2]);
  });

  it('an event for an id owned by another district has no effect (nothing kept)', () => {
    const split = splitByOwner([ev('d2', 7)], 'd1', districtOf);
    expect(split.owned).toEqual([]);
    expect(split.foreign.map((e) => e.n)).toEqual([7]);
  });

  it('an id not held yet belongs to the district of its first event', () => {
    const split = splitByOwner([ev('d2', 1), ev('d1', 2)], undefined, districtOf);
    expect(split.owner).toBe('d2');
    expect(split.owned.map((e) => e.n)).toEqual([1]);
    expect(split.foreign.map((e) => e.n)).toEqual([2]);
  });

  it('drops memberships of schools another district owns (and of unknown schools), keeps its own', () => {
    const draft: ProfileDraft = {
      roles: ['student'],
      name: { first: 'Ana', last: 'Lee' },
      schools: [
        { cleverSchoolId: 's-mine', roles: ['student'], primary: true },
        { cleverSchoolId: 's-theirs', roles: ['student'], primary: false },
      ],
    };
    const owners: Record<string, string> = { 's-mine': 'D1', 's-theirs': 'D2' };
    const { profile, dropped } = withoutForeignSchools(draft, 'D1', (id) => owners[id]);
    expect(profile.schools.map((m) => m.cleverSchoolId)).toEqual(['s-mine']);
    expect(dropped.map((m) => m.cleverSchoolId)).toEqual(['s-theirs']);
    expect(withoutForeignSchools({ ...draft, schools: [draft.schools[0]] }, 'D1', (id) => owners[id]).profile.schools).toHaveLength(1);
  });
});
