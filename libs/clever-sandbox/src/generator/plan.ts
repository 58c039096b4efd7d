/**
 * How many of each kind of record a generated district has, and where each kind sits in the
 * id-ordered user list. Users are laid out in contiguous segments so that "the i-th user", "is user i a
 * teacher?" and "where do students start?" are O(1) arithmetic — the basis of lazy generation.
 *
 *   [district admins][school admins (staff only)][teacher+staff][teachers][students][contacts]
 *
 * `role=staff` is then the range [school admins, teacher+staff) and `role=teacher` the range
 * [teacher+staff, teachers), both contiguous.
 */
export interface DistrictSpec {
  /** Display name; defaults to a generated one. */
  name?: string;
  /** Total users to generate; the role mix is derived from it. Ignored for counts given explicitly. */
  users?: number;
  /** A named shape. `demo`: 3 schools, 900 students, 30 teachers, admins, contacts. */
  preset?: 'demo';
  schools?: number;
  districtAdmins?: number;
  /** Users with only the `staff` role (school admins). */
  schoolAdmins?: number;
  /** Users with both `teacher` and `staff` roles. */
  multiRole?: number;
  /** Users with only the `teacher` role. */
  teachers?: number;
  students?: number;
  /** Guardians (`contact` role). */
  contacts?: number;
  /** Students per generated section. */
  classSize?: number;
  /** Every n-th section gets a co-teacher (0 = none). */
  coTeachEvery?: number;
  /** Every n-th student is also in the next school (0 = none); every 5n-th in the next two. */
  multiSchoolEvery?: number;
}

export interface DistrictPlan {
  name?: string;
  schools: number;
  districtAdmins: number;
  schoolAdmins: number;
  multiRole: number;
  teachers: number;
  students: number;
  contacts: number;
  classSize: number;
  coTeachEvery: number;
  multiSchoolEvery: number;
  courses: number;
  terms: number;
  /** Derived layout. */
  users: number;
  segments: UserSegments;
  /** sectionStart[k] = index of school k's first section; sectionStart[schools] = total sections. */
  sectionStart: number[];
}

export interface UserSegments {
  districtAdmin: [number, number];
  schoolAdmin: [number, number];
  multiRole: [number, number];
  teacher: [number, number];
  student: [number, number];
  contact: [number, number];
}

export const DEMO_SPEC: Required<Omit<DistrictSpec, 'name' | 'users' | 'preset'>> = {
  schools: 3,
  districtAdmins: 2,
  schoolAdmins: 3,
  multiRole: 1,
  teachers: 29,
  students: 900,
  contacts: 60,
  classSize: 25,
  coTeachEvery: 5,
  multiSchoolEvery: 40,
};

const COURSES = 6;
const TERMS = 2;

/** The role mix for a district of `users` users: roughly 85 % students, 8 % contacts, 5 % teachers. */
export function specForSize(users: number): DistrictSpec {
  const total = Math.max(0, Math.floor(users));
  const schools = Math.max(1, Math.min(2000, Math.round(total / 2500)));
  let remaining = total;
  const take = (n: number) => {
    const v = Math.max(0, Math.min(remaining, Math.floor(n)));
    remaining -= v;
    return v;
  };
  const districtAdmins = take(Math.max(1, Math.ceil(total / 250_000)));
  const schoolAdmins = take(schools);
  const multiRole = take(Math.max(1, Math.floor(schools / 10)));
  const teachers = take(Math.max(schools, total * 0.05));
  const contacts = take(total * 0.08);
  const students = take(remaining);
  return { schools, districtAdmins, schoolAdmins, multiRole, teachers, contacts, students };
}

export function planDistrict(spec: DistrictSpec = {}): DistrictPlan {
  const base: DistrictSpec =
    spec.preset === 'demo' ? { ...DEMO_SPEC } : spec.users !== undefined ? specForSize(spec.users) : { ...DEMO_SPEC };
  const merged = { ...DEMO_SPEC, ...base, ...stripUndefined(spec) };
  const count = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
    return v;
  };
  const schools = Math.max(1, count(merged.schools, 'schools'));
  const plan = {
    name: spec.name,
    schools,
    districtAdmins: count(merged.districtAdmins, 'districtAdmins'),
    schoolAdmins: count(merged.schoolAdmins, 'schoolAdmins'),
    multiRole: count(merged.multiRole, 'multiRole'),
    teachers: count(merged.teachers, 'teachers'),
    students: count(merged.students, 'students'),
    contacts: count(merged.contacts, 'contacts'),
    classSize: Math.max(1, count(merged.classSize, 'classSize')),
    coTeachEvery: count(merged.coTeachEvery, 'coTeachEvery'),
    multiSchoolEvery: count(merged.multiSchoolEvery, 'multiSchoolEvery'),
    courses: COURSES,
    terms: TERMS,
  };
  let at = 0;
  const segment = (n: number): [number, number] => [at, (at += n)];
  const segments: UserSegments = {
    districtAdmin: segment(plan.districtAdmins),
    schoolAdmin: segment(plan.schoolAdmins),
    multiRole: segment(plan.multiRole),
    teacher: segment(plan.teachers),
    student: segment(plan.students),
    contact: segment(plan.contacts),
  };
  const sectionStart = [0];
  for (let k = 0; k < schools; k++) {
    sectionStart.push(sectionStart[k] + Math.ceil(studentBlockSize(plan.students, schools, k) / plan.classSize));
  }
  return { ...plan, users: at, segments, sectionStart };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Students are spread over schools in contiguous blocks: school k holds ordinals [blockStart(k), blockStart(k+1)). */
export function studentBlockStart(students: number, schools: number, k: number): number {
  return Math.ceil((k * students) / schools);
}

export function studentBlockSize(students: number, schools: number, k: number): number {
  return studentBlockStart(students, schools, k + 1) - studentBlockStart(students, schools, k);
}

export function primarySchoolOfStudent(students: number, schools: number, ordinal: number): number {
  // floor(s*S/N) can land one block too high/low at boundaries because of the ceil in blockStart; fix up.
  let k = Math.min(schools - 1, Math.floor((ordinal * schools) / Math.max(1, students)));
  while (k > 0 && studentBlockStart(students, schools, k) > ordinal) k--;
  while (k < schools - 1 && studentBlockStart(students, schools, k + 1) <= ordinal) k++;
  return k;
}

export function totalSections(plan: DistrictPlan): number {
  return plan.sectionStart[plan.schools];
}

/** Which school a global section index belongs to (binary search over sectionStart). */
export function schoolOfSection(plan: DistrictPlan, section: number): number {
  let lo = 0;
  let hi = plan.schools - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.sectionStart[mid] <= section) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Teacher-role ordinals (teacher+staff first, then teacher-only) are dealt to schools round-robin. */
export function teacherRoleCount(plan: DistrictPlan): number {
  return plan.multiRole + plan.teachers;
}

export function teachersInSchool(plan: DistrictPlan, k: number): number {
  const n = teacherRoleCount(plan);
  return k < n ? Math.floor((n - 1 - k) / plan.schools) + 1 : 0;
}

/** Number of users holding each role, and the other figures tests assert on. */
export function planCounts(plan: DistrictPlan) {
  const sections = totalSections(plan);
  let coTaught = 0;
  if (plan.coTeachEvery > 0) {
    for (let k = 0; k < plan.schools; k++) {
      if (teachersInSchool(plan, k) < 2) continue;
      const from = plan.sectionStart[k];
      const to = plan.sectionStart[k + 1];
      // sections g in [from, to) with g % every == every - 1
      coTaught += countCongruent(from, to, plan.coTeachEvery, plan.coTeachEvery - 1);
    }
  }
  return {
    districtAdmins: plan.districtAdmins,
    staff: plan.schoolAdmins + plan.multiRole,
    teachers: plan.multiRole + plan.teachers,
    students: plan.students,
    contacts: plan.contacts,
    multiRole: plan.multiRole,
    users: plan.users,
    schools: plan.schools,
    sections,
    coTaughtSections: coTaught,
    courses: plan.courses,
    terms: plan.terms,
  };
}

/** How many integers x in [from, to) have x % m == r. */
export function countCongruent(from: number, to: number, m: number, r: number): number {
  if (to <= from) return 0;
  const upTo = (n: number) => (n <= r ? 0 : Math.floor((n - r - 1) / m) + 1); // count in [0, n)
  return upTo(to) - upTo(from);
}
