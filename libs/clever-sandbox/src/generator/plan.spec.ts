import { countCongruent, DEMO_SPEC, planCounts, planDistrict, primarySchoolOfStudent, specForSize, studentBlockStart } from './plan';

describe('planDistrict', () => {
  it('lays users out in contiguous role segments that add up to the total', () => {
    const plan = planDistrict({ preset: 'demo' });
    const s = plan.segments;
    expect(s.districtAdmin[0]).toBe(0);
    expect(s.schoolAdmin[0]).toBe(s.districtAdmin[1]);
    expect(s.multiRole[0]).toBe(s.schoolAdmin[1]);
    expect(s.teacher[0]).toBe(s.multiRole[1]);
    expect(s.student[0]).toBe(s.teacher[1]);
    expect(s.contact[0]).toBe(s.student[1]);
    expect(s.contact[1]).toBe(plan.users);
  });

  it('gives the demo district 3 schools, 900 students, 30 teachers, admins, a teacher+staff user and contacts', () => {
    const counts = planCounts(planDistrict({ preset: 'demo' }));
    expect(counts).toMatchObject({ schools: 3, students: 900, teachers: 30, multiRole: 1, districtAdmins: 2 });
    expect(counts.staff).toBe(DEMO_SPEC.schoolAdmins + DEMO_SPEC.multiRole);
    expect(counts.contacts).toBeGreaterThan(0);
  });

  it('derives a role mix from a size that sums exactly to it, for any size', () => {
    for (const users of [0, 1, 2, 7, 100, 2_500, 123_457, 1_000_000]) {
      const plan = planDistrict({ users });
      expect(plan.users).toBe(users);
      const spec = specForSize(users);
      expect(
        spec.districtAdmins! + spec.schoolAdmins! + spec.multiRole! + spec.teachers! + spec.students! + spec.contacts!,
      ).toBe(users);
    }
  });

  it('lets explicit counts override the derived mix', () => {
    const plan = planDistrict({ users: 10_000, schools: 2, contacts: 0 });
    expect(plan.schools).toBe(2);
    expect(plan.contacts).toBe(0);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => planDistrict({ students: -1 })).toThrow(RangeError);
    expect(() => planDistrict({ teachers: 1.5 })).toThrow(RangeError);
  });

  it('assigns every student ordinal to the school whose block holds it', () => {
    for (const [students, schools] of [[10, 3], [7, 7], [1000, 13], [5, 9]]) {
      for (let s = 0; s < students; s++) {
        const k = primarySchoolOfStudent(students, schools, s);
        expect(studentBlockStart(students, schools, k)).toBeLessThanOrEqual(s);
        expect(studentBlockStart(students, schools, k + 1)).toBeGreaterThan(s);
      }
    }
  });
});

describe('countCongruent', () => {
  it('matches a brute-force count', () => {
    for (let from = 0; from < 20; from++) {
      for (let to = from; to < 40; to++) {
        for (const m of [1, 3, 5]) {
          for (let r = 0; r < m; r++) {
            let brute = 0;
            for (let x = from; x < to; x++) if (x % m === r) brute++;
            expect(countCongruent(from, to, m, r)).toBe(brute);
          }
        }
      }
    }
  });
});
