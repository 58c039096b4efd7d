import fc from 'fast-check';
import { objectIdPrefix } from '../ids';
import { DistrictGenerator } from './district-generator';
import { planDistrict, totalSections } from './plan';
import { forVersion, JsonObject, rolesOf } from './records';

function generator(seed = 42, spec = { preset: 'demo' as const }, ordinal = 0) {
  const plan = planDistrict(spec);
  return new DistrictGenerator(plan, seed, ordinal, { prefix: objectIdPrefix(1722470400, 0xabcdef), base: 1, seconds: 1722470400 });
}

const roles = (u: JsonObject) => u.roles as Record<string, JsonObject>;

describe('DistrictGenerator', () => {
  const g = generator();
  const users = Array.from({ length: g.plan.users }, (_, i) => g.user(i));
  const sections = Array.from({ length: totalSections(g.plan) }, (_, s) => g.section(s));

  it('is deterministic: the same seed gives the same records, another seed different ones', () => {
    const again = generator();
    expect(again.user(500)).toEqual(g.user(500));
    expect(again.section(3)).toEqual(g.section(3));
    const other = generator(43);
    const names = (x: DistrictGenerator) => Array.from({ length: 50 }, (_, i) => JSON.stringify(x.user(100 + i).name));
    expect(names(other)).not.toEqual(names(g));
  });

  it('hands out 24-hex ids that ascend with the index in every collection', () => {
    for (const collection of ['schools', 'users', 'sections'] as const) {
      for (let i = 1; i < g.counts[collection]; i++) {
        const id = g.idOf(collection, i);
        expect(id).toMatch(/^[0-9a-f]{24}$/);
        expect(id > g.idOf(collection, i - 1)).toBe(true);
      }
    }
  });

  it('gives each user exactly the roles of its segment', () => {
    const byRole = (r: string) => users.filter((u) => rolesOf(u).includes(r as never)).length;
    expect(byRole('district_admin')).toBe(g.plan.districtAdmins);
    expect(byRole('staff')).toBe(g.plan.schoolAdmins + g.plan.multiRole);
    expect(byRole('teacher')).toBe(g.plan.multiRole + g.plan.teachers);
    expect(byRole('student')).toBe(g.plan.students);
    expect(byRole('contact')).toBe(g.plan.contacts);
    for (const role of ['district_admin', 'staff', 'teacher', 'student', 'contact'] as const) {
      for (const [from, to] of g.roleRanges(role)) {
        for (let i = from; i < to; i++) expect(rolesOf(users[i])).toContain(role);
      }
    }
  });

  it('includes a teacher+staff user with one id', () => {
    const multi = users.filter((u) => roles(u).teacher && roles(u).staff);
    expect(multi).toHaveLength(1);
    expect(roles(multi[0]).teacher.school).toEqual(expect.any(String));
  });

  it('seeds the edge cases consumers must survive', () => {
    const students = users.filter((u) => roles(u).student);
    expect(students.some((u) => !('email' in u))).toBe(true);
    expect(students.some((u) => roles(u).student.state_id === '' && roles(u).student.grade === '')).toBe(true);
    expect(users.some((u) => /[^\u0000-\u007f]/.test(JSON.stringify(u.name)))).toBe(true);
    expect(users.some((u) => String((u.name as JsonObject).last).length >= 300)).toBe(true);
    expect(students.some((u) => (roles(u).student.schools as string[]).length === 2)).toBe(true);
    expect(students.some((u) => (roles(u).student.schools as string[]).length === 3)).toBe(true);
    // demographics Clever may send and the product must drop
    expect(roles(students[0]).student).toEqual(
      expect.objectContaining({ dob: expect.any(String), race: expect.any(String), ell_status: expect.any(String) }),
    );
    const contacts = users.filter((u) => roles(u).contact);
    expect(contacts.every((u) => Object.keys(u.name as JsonObject).join() === 'last')).toBe(true);
    expect(contacts.every((u) => String((u.name as JsonObject).last).includes(' '))).toBe(true);
    // a teacher who is also a guardian: two users, one email
    const teacherEmails = new Set(users.filter((u) => roles(u).teacher).map((u) => u.email));
    expect(contacts.some((u) => teacherEmails.has(u.email))).toBe(true);
  });

  it('builds sections whose members are users of the district, with co-teachers on some', () => {
    const ids = new Set(users.map((u) => u.id));
    for (const section of sections) {
      const teachers = section.teachers as string[];
      if (teachers.length) expect(section.teacher).toBe(teachers[0]);
      for (const id of [...teachers, ...(section.students as string[])]) expect(ids.has(id)).toBe(true);
    }
    expect(sections.filter((s) => (s.teachers as string[]).length > 1).length).toBeGreaterThan(0);
    const studentIds = users.filter((u) => roles(u).student).map((u) => u.id as string);
    const seated = new Set(sections.flatMap((s) => s.students as string[]));
    expect(studentIds.every((id) => seated.has(id))).toBe(true);
  });

  it('knows which sections a student sits in without scanning', () => {
    const [from] = g.plan.segments.student;
    for (let s = 0; s < g.plan.students; s += 7) {
      const id = g.idOf('users', from + s);
      const expected = sections.filter((x) => (x.students as string[]).includes(id)).map((x) => x.id);
      expect(g.sectionsOfStudent(s).map((k) => g.idOf('sections', k)).sort()).toEqual(expected);
    }
  });

  it('renders users straight to JSON exactly as JSON.stringify of the v3.0/v3.1 object', () => {
    const big = generator(7, { users: 200_000 } as never);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: big.plan.users - 1 }), fc.constantFrom('v3.0' as const, 'v3.1' as const), (i, v) => {
        expect(big.userJson(i, v)).toBe(JSON.stringify(forVersion('users', big.user(i), v)));
      }),
      { numRuns: 500 },
    );
  });

  it('hides v3.1-only fields from v3.0', () => {
    const student = users.find((u) => roles(u).student)!;
    const v30 = roles(forVersion('users', student, 'v3.0')).student;
    expect(v30).not.toHaveProperty('frl_status');
    expect(v30).not.toHaveProperty('home_language');
    expect(roles(student).student).toHaveProperty('frl_status');
    expect(forVersion('sections', sections[0], 'v3.0')).not.toHaveProperty('lms_status');
  });
});
