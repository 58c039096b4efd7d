import { hex, objectId } from '../ids';
import {
  COURSES, DISABILITIES, FIRST_NAMES, FRL, GENDERS, GRADES, HOME_LANGUAGES, LAST_NAMES, PHONE_TYPES, RACES,
  RELATIONSHIP_TYPES, RELATIONSHIPS, SCHOOL_KINDS, SCHOOL_NAMES, STAFF_TITLES, STREETS, SUBJECTS, TEACHER_TITLES,
  UNICODE_NAMES, YN, veryLongName,
} from './names';
import {
  DistrictPlan, primarySchoolOfStudent, schoolOfSection, studentBlockSize, studentBlockStart, teacherRoleCount,
  teachersInSchool, totalSections,
} from './plan';
import { hash, Rng } from './random';
import { ApiVersion, forVersion, JsonObject, RoleName } from './records';

/** Per-collection stream numbers so the same index in two collections draws different values. */
const STREAM = { district: 1, school: 2, user: 3, section: 4, course: 5, term: 6, legacy: 7 } as const;

const ENROLLMENT_START = '2025-08-20T00:00:00.000Z';
const ENROLLMENT_END = '2026-06-10T00:00:00.000Z';

/** Values of one generated student (only ASCII-safe strings are left unescaped in the JSON renderer). */
interface StudentFields {
  id: string;
  name: { first: string; last: string; middle?: string };
  email: string | undefined;
  schools: string[];
  sisId: string;
  studentNumber: string;
  stateId: string;
  grade: string;
  dob: string;
  gender: string;
  race: string;
  hispanic: string;
  ell: string;
  graduationYear: string;
  username: string;
  frl: string;
  iep: string;
  gifted: string;
  s504: string;
  language: string;
  languageCode: string;
  disability: { status: string; type?: string; code?: string };
  preferredFirst: string | undefined;
}

export type UserKind = 'district_admin' | 'school_admin' | 'multi_role' | 'teacher' | 'student' | 'contact';

/** Where a generated district's ids start: one reserved block, split by collection. */
export interface IdBlock {
  prefix: string;
  base: number;
  seconds: number;
}

/**
 * Computes record i of each collection of one generated district from (seed, district ordinal, i).
 * Nothing is cached: a million-user district costs the same memory as a ten-user one until records are
 * mutated (the store keeps only those).
 */
export class DistrictGenerator {
  readonly counts: Record<'districts' | 'schools' | 'users' | 'sections' | 'courses' | 'terms', number>;
  private readonly bases: Record<keyof DistrictGenerator['counts'], number>;
  private readonly createdIso: string;
  private readonly domain: string;

  constructor(
    readonly plan: DistrictPlan,
    private readonly seed: number,
    readonly ordinal: number,
    readonly block: IdBlock,
  ) {
    this.counts = {
      districts: 1,
      schools: plan.schools,
      courses: plan.courses,
      terms: plan.terms,
      users: plan.users,
      sections: totalSections(plan),
    };
    let at = block.base;
    const bases = {} as Record<keyof DistrictGenerator['counts'], number>;
    for (const key of ['districts', 'schools', 'courses', 'terms', 'users', 'sections'] as const) {
      bases[key] = at;
      at += this.counts[key];
    }
    this.bases = bases;
    this.createdIso = new Date(block.seconds * 1000).toISOString();
    this.domain = `d${ordinal + 1}.example.org`;
  }

  /** Total ids a district of this plan needs, for reserving the block up front. */
  static idsNeeded(plan: DistrictPlan): number {
    return 1 + plan.schools + plan.courses + plan.terms + plan.users + totalSections(plan);
  }

  idOf(collection: keyof DistrictGenerator['counts'], i: number): string {
    return objectId(this.block.prefix, this.bases[collection] + i);
  }

  get districtId(): string {
    return this.idOf('districts', 0);
  }

  private rng(stream: number, i: number, salt = 0): Rng {
    return new Rng(hash(this.seed, this.ordinal, stream, i, salt));
  }

  private legacyId(stream: number, i: number): string {
    const h = (n: number) => hex(hash(this.seed, this.ordinal, STREAM.legacy, stream, i, n), 8);
    return h(1) + h(2) + h(3);
  }

  // ---------------------------------------------------------------- district, schools, courses, terms

  district(): JsonObject {
    const r = this.rng(STREAM.district, 0);
    const name = this.plan.name ?? `#DEMO ${r.pick(SCHOOL_NAMES)} Unified School District ${this.ordinal + 1}`;
    return {
      id: this.districtId,
      name,
      sis_type: 'sftp',
      launch_date: '2024-08-01',
      portal_url: `https://clever.com/in/${this.domain.split('.')[0]}`,
      login_methods: ['Clever Badges', 'Clever Passwords', 'Google'],
      last_sync: this.createdIso,
      state: 'running',
      mdr_number: r.digits(8),
      nces_id: r.digits(7),
      error: '',
      pause_start: null,
      pause_end: null,
      district_contact: {
        id: this.legacyId(STREAM.district, 1),
        district: this.districtId,
        email: `it-contact@${this.domain}`,
        name: { first: 'Dana', last: 'Contact' },
        title: 'Director of Technology',
      },
      lms_type: '',
      lms_state: '',
      last_attendance_sync: null,
    };
  }

  school(k: number): JsonObject {
    const r = this.rng(STREAM.school, k);
    const kind = SCHOOL_KINDS[k % SCHOOL_KINDS.length];
    const base = SCHOOL_NAMES[k % SCHOOL_NAMES.length];
    const round = Math.floor(k / SCHOOL_NAMES.length);
    return {
      id: this.idOf('schools', k),
      district: this.districtId,
      name: `${base} ${kind.suffix}${round > 0 ? ` ${round + 1}` : ''}`,
      created: this.createdIso,
      last_modified: this.createdIso,
      sis_id: `SCH-${k + 1}`,
      school_number: String(100 + k),
      state_id: `ST${r.digits(6)}`,
      nces_id: r.digits(12),
      mdr_number: r.digits(8),
      phone: `555-${r.digits(3)}-${r.digits(4)}`,
      low_grade: kind.low,
      high_grade: kind.high,
      principal: { name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, email: `principal${k + 1}@${this.domain}` },
      location: {
        address: `${1 + r.int(9000)} ${r.pick(STREETS)}`,
        city: 'Springfield',
        state: 'MA',
        zip: `01${r.digits(3)}`,
        lat: '',
        lon: '',
      },
    };
  }

  course(c: number): JsonObject {
    const course = COURSES[c % COURSES.length];
    return { id: this.idOf('courses', c), district: this.districtId, name: course.name, number: course.number };
  }

  term(t: number): JsonObject {
    const fall = t % 2 === 0;
    const year = 2025 + Math.floor(t / 2);
    return {
      id: this.idOf('terms', t),
      district: this.districtId,
      name: `${fall ? 'Fall' : 'Spring'} ${fall ? year : year + 1}`,
      start_date: fall ? `${year}-08-20` : `${year + 1}-01-10`,
      end_date: fall ? `${year}-12-20` : `${year + 1}-06-10`,
    };
  }

  // ---------------------------------------------------------------- users

  kindOf(i: number): UserKind {
    const s = this.plan.segments;
    if (i < s.districtAdmin[1]) return 'district_admin';
    if (i < s.schoolAdmin[1]) return 'school_admin';
    if (i < s.multiRole[1]) return 'multi_role';
    if (i < s.teacher[1]) return 'teacher';
    if (i < s.student[1]) return 'student';
    return 'contact';
  }

  /** Index ranges [from, to) of generated users that hold `role` (exact, no false positives). */
  roleRanges(role: RoleName): Array<[number, number]> {
    const s = this.plan.segments;
    switch (role) {
      case 'district_admin':
        return [s.districtAdmin];
      case 'staff':
        return [[s.schoolAdmin[0], s.multiRole[1]]];
      case 'teacher':
        return [[s.multiRole[0], s.teacher[1]]];
      case 'student':
        return [s.student];
      case 'contact':
        return [s.contact];
    }
  }

  userIndexOfStudent(ordinal: number): number {
    return this.plan.segments.student[0] + ordinal;
  }

  userIndexOfTeacher(teacherOrdinal: number): number {
    return this.plan.segments.multiRole[0] + teacherOrdinal;
  }

  private personName(r: Rng, ordinal: number): { first: string; last: string; middle?: string } {
    if (ordinal % 17 === 11) return { ...UNICODE_NAMES[Math.floor(ordinal / 17) % UNICODE_NAMES.length] };
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    if (ordinal % 101 === 50) return { first: veryLongName(first), last: veryLongName(last), middle: veryLongName('M') };
    return r.chance(0.5) ? { first, last, middle: String.fromCharCode(65 + r.int(26)) } : { first, last };
  }

  private emailFor(name: { first: string; last: string }, kind: string, i: number): string {
    const ascii = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '').slice(0, 20) || 'user';
    return `${ascii(name.first)}.${ascii(name.last)}.${kind}${i}@${this.domain}`;
  }

  user(i: number): JsonObject {
    if (i < 0 || i >= this.plan.users) throw new RangeError(`no generated user ${i}`);
    const kind = this.kindOf(i);
    switch (kind) {
      case 'district_admin':
        return this.districtAdminUser(i, i - this.plan.segments.districtAdmin[0]);
      case 'school_admin':
        return this.staffUser(i, i - this.plan.segments.schoolAdmin[0], false);
      case 'multi_role':
        return this.staffUser(i, i - this.plan.segments.schoolAdmin[0], true);
      case 'teacher':
        return this.teacherUser(i, i - this.plan.segments.multiRole[0]);
      case 'student':
        return this.studentUser(i, i - this.plan.segments.student[0]);
      case 'contact':
        return this.contactUser(i, i - this.plan.segments.contact[0]);
    }
  }

  private userShell(i: number, name: JsonObject, email: string | undefined, roles: JsonObject): JsonObject {
    const user: JsonObject = { id: this.idOf('users', i), district: this.districtId, name };
    if (email !== undefined) user.email = email;
    user.created = this.createdIso;
    user.last_modified = this.createdIso;
    user.roles = roles;
    return user;
  }

  private credentials(name: { first: string; last: string }, i: number): JsonObject {
    return { district_username: `${name.first.slice(0, 1).toLowerCase()}${i}` };
  }

  private districtAdminUser(i: number, ordinal: number): JsonObject {
    const r = this.rng(STREAM.user, i);
    const name = this.personName(r, ordinal + 1);
    return this.userShell(i, name, this.emailFor(name, 'da', ordinal), {
      district_admin: { title: ordinal === 0 ? 'Superintendent' : '', legacy_id: this.legacyId(STREAM.user, i) },
    });
  }

  /** Staff ordinal a runs over school admins then teacher+staff users; school = a mod schools. */
  private staffRole(i: number, a: number, r: Rng, name: { first: string; last: string }): JsonObject {
    const S = this.plan.schools;
    const schools = [this.idOf('schools', a % S)];
    if (a % 4 === 3 && S > 1) schools.push(this.idOf('schools', (a + 1) % S));
    return {
      credentials: this.credentials(name, i),
      department: r.chance(0.5) ? 'Administration' : '',
      legacy_id: this.legacyId(STREAM.user, i),
      roles: a % 5 === 0 ? ['SchoolTechLead'] : [],
      schools,
      staff_id: `STF${1000 + a}`,
      title: STAFF_TITLES[a % STAFF_TITLES.length],
    };
  }

  private teacherRole(i: number, t: number, r: Rng, name: { first: string; last: string }): JsonObject {
    const S = this.plan.schools;
    const school = this.idOf('schools', t % S);
    const schools = [school];
    if (t % 11 === 10 && S > 1) schools.push(this.idOf('schools', (t + 1) % S));
    return {
      credentials: this.credentials(name, i),
      legacy_id: this.legacyId(STREAM.user, i),
      school,
      schools,
      sis_id: `T${1000 + t}`,
      state_id: t % 9 === 4 ? '' : `TS${r.digits(7)}`,
      teacher_number: `TN${2000 + t}`,
      title: TEACHER_TITLES[t % TEACHER_TITLES.length],
    };
  }

  private staffUser(i: number, a: number, alsoTeacher: boolean): JsonObject {
    const r = this.rng(STREAM.user, i);
    const name = this.personName(r, a + 3);
    const roles: JsonObject = { staff: this.staffRole(i, a, r, name) };
    if (alsoTeacher) {
      // the teacher role of a teacher+staff user comes first in the teacher ordinals
      const t = i - this.plan.segments.multiRole[0];
      roles.teacher = this.teacherRole(i, t, r, name);
    }
    return this.userShell(i, name, this.emailFor(name, alsoTeacher ? 'ts' : 'sa', a), roles);
  }

  private teacherUser(i: number, t: number): JsonObject {
    const r = this.rng(STREAM.user, i);
    const name = this.personName(r, t + 5);
    // every 23rd teacher has no email: employees usually do, but the field is optional
    const email = t % 23 === 22 ? undefined : this.emailFor(name, 't', t);
    return this.userShell(i, name, email, { teacher: this.teacherRole(i, t, r, name) });
  }

  /** Schools of student ordinal s: its block's school, plus the next one or two for every n-th student. */
  studentSchools(s: number): number[] {
    const { students, schools: S, multiSchoolEvery: every } = this.plan;
    const primary = primarySchoolOfStudent(students, S, s);
    const out = [primary];
    if (every > 0 && S > 1 && s % every === every - 1) out.push((primary + 1) % S);
    if (every > 0 && S > 2 && s % (every * 5) === every * 5 - 1) out.push((primary + 2) % S);
    return out;
  }

  /** Grade of student ordinal s: within its primary school's grade span. */
  private studentGrade(s: number, school: number): string {
    const kind = SCHOOL_KINDS[school % SCHOOL_KINDS.length];
    const low = GRADES.indexOf(kind.low as (typeof GRADES)[number]);
    const high = GRADES.indexOf(kind.high as (typeof GRADES)[number]);
    return GRADES[low + (s % (high - low + 1))];
  }

  /** Every value of a generated student, drawn once; rendered as an object or straight to JSON. */
  private studentFields(i: number, s: number): StudentFields {
    const r = this.rng(STREAM.user, i);
    const name = this.personName(r, s);
    const sparse = s % 13 === 7; // optional fields present but empty, as SIS exports often are
    const schoolIdx = this.studentSchools(s);
    const grade = sparse ? '' : this.studentGrade(s, schoolIdx[0]);
    const language = HOME_LANGUAGES[r.int(HOME_LANGUAGES.length)];
    const disability = DISABILITIES[r.int(DISABILITIES.length)];
    const hasDisability = r.chance(0.12);
    const f: StudentFields = {
      id: this.idOf('users', i),
      name,
      // young students often have no email at all
      email: s % 10 === 3 ? undefined : sparse ? '' : this.emailFor(name, 's', s),
      schools: schoolIdx.map((k) => this.idOf('schools', k)),
      sisId: `S${100000 + s}`,
      studentNumber: sparse ? '' : `${200000 + s}`,
      stateId: sparse ? '' : `SS${r.digits(8)}`,
      grade,
      dob: sparse ? '' : `${1 + r.int(12)}/${1 + r.int(28)}/${2008 + r.int(12)}`,
      gender: sparse ? '' : GENDERS[r.int(3)],
      race: sparse ? '' : RACES[r.int(RACES.length - 1)],
      hispanic: sparse ? '' : YN[r.int(2)],
      ell: sparse ? '' : YN[r.int(2)],
      graduationYear: grade === '' ? '' : String(2038 - GRADES.indexOf(grade as (typeof GRADES)[number])),
      username: this.credentials(name, i).district_username as string,
      frl: sparse ? '' : FRL[r.int(FRL.length - 1)],
      iep: sparse ? '' : YN[r.int(2)],
      gifted: sparse ? '' : YN[r.int(2)],
      s504: sparse ? '' : YN[r.int(2)],
      language: sparse ? '' : language.language,
      languageCode: sparse ? '' : language.code,
      disability: hasDisability ? { status: 'Y', type: disability.type, code: disability.code } : { status: sparse ? '' : 'N' },
      preferredFirst: s % 29 === 3 ? `${name.first.slice(0, 3)}y` : undefined,
    };
    return f;
  }

  private studentUser(i: number, s: number): JsonObject {
    const f = this.studentFields(i, s);
    const student: JsonObject = {
      school: f.schools[0],
      schools: f.schools,
      enrollments: f.schools.map((school) => ({ school, start_date: ENROLLMENT_START, end_date: ENROLLMENT_END })),
      sis_id: f.sisId,
      student_number: f.studentNumber,
      state_id: f.stateId,
      grade: f.grade,
      dob: f.dob,
      gender: f.gender,
      race: f.race,
      hispanic_ethnicity: f.hispanic,
      ell_status: f.ell,
      graduation_year: f.graduationYear,
      credentials: { district_username: f.username },
      frl_status: f.frl,
      iep_status: f.iep,
      gifted_status: f.gifted,
      section_504_status: f.s504,
      home_language: f.language,
      home_language_code: f.languageCode,
      disability: f.disability.type
        ? { disability_status: f.disability.status, disability_type: f.disability.type, disability_code: f.disability.code! }
        : { disability_status: f.disability.status },
    };
    if (f.preferredFirst !== undefined) student.preferred_name = { first: f.preferredFirst };
    return this.userShell(i, { ...f.name }, f.email, { student });
  }

  /**
   * Generated user i as the JSON a given API version serves — byte-for-byte what
   * JSON.stringify(forVersion(user(i))) gives, but built as a string for students (the bulk of any
   * district), which is several times faster on 10,000-user pages.
   */
  userJson(i: number, version: ApiVersion): string {
    const out: string[] = [];
    this.writeUserJson(out, i, version);
    return out.join('');
  }

  /**
   * Appends the pieces of user i's JSON to `out`. Pieces are joined once per chunk of a page: joining
   * an array copies each piece once, where `+=` would build a rope V8 has to flatten later.
   */
  writeUserJson(out: string[], i: number, version: ApiVersion): void {
    if (this.kindOf(i) !== 'student') {
      out.push(JSON.stringify(forVersion('users', this.user(i), version)));
      return;
    }
    const f = this.studentFields(i, i - this.plan.segments.student[0]);
    const q = JSON.stringify;
    out.push('{"id":"', f.id, '","district":"', this.districtId, '","name":{"first":', q(f.name.first), ',"last":', q(f.name.last));
    if (f.name.middle !== undefined) out.push(',"middle":', q(f.name.middle));
    out.push('}');
    if (f.email !== undefined) out.push(',"email":', q(f.email));
    out.push(',"created":"', this.createdIso, '","last_modified":"', this.createdIso, '","roles":{"student":{"school":"', f.schools[0]);
    out.push('","schools":["', f.schools.join('","'), '"],"enrollments":[');
    for (let n = 0; n < f.schools.length; n++) {
      out.push(n ? ',{"school":"' : '{"school":"', f.schools[n], '","start_date":"', ENROLLMENT_START, '","end_date":"', ENROLLMENT_END, '"}');
    }
    out.push(
      '],"sis_id":"', f.sisId, '","student_number":"', f.studentNumber, '","state_id":"', f.stateId, '","grade":"', f.grade,
      '","dob":"', f.dob, '","gender":"', f.gender, '","race":"', f.race, '","hispanic_ethnicity":"', f.hispanic,
      '","ell_status":"', f.ell, '","graduation_year":"', f.graduationYear, '","credentials":{"district_username":', q(f.username), '}',
    );
    if (version === 'v3.1') {
      out.push(
        ',"frl_status":"', f.frl, '","iep_status":"', f.iep, '","gifted_status":"', f.gifted, '","section_504_status":"', f.s504,
        '","home_language":"', f.language, '","home_language_code":"', f.languageCode, '","disability":{"disability_status":"',
        f.disability.status,
      );
      if (f.disability.type) out.push('","disability_type":"', f.disability.type, '","disability_code":"', f.disability.code!);
      out.push('"}');
      if (f.preferredFirst !== undefined) out.push(',"preferred_name":{"first":', q(f.preferredFirst), '}');
    }
    out.push('}}}');
  }

  contactStudentOrdinals(c: number): number[] {
    const N = this.plan.students;
    if (N === 0) return [];
    const first = (c * 10) % N;
    return c % 5 === 0 && N > 1 ? [first, (first + 1) % N] : [first];
  }

  private contactUser(i: number, c: number): JsonObject {
    const r = this.rng(STREAM.user, i);
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    // Clever puts a contact's full name in name.last
    const name: JsonObject = { last: `${first} ${last}` };
    // contact 0 is also teacher 0 in real life: Clever keeps them as two users sharing an email
    let email: string | undefined;
    if (c === 0 && teacherRoleCount(this.plan) > 0) {
      email = this.user(this.userIndexOfTeacher(0)).email as string | undefined;
    } else if (c % 3 !== 1) {
      email = `${first.toLowerCase()}.${last.toLowerCase()}.c${c}@mail.example.com`;
    }
    const relationships = this.contactStudentOrdinals(c).map((s, n) => ({
      relationship: RELATIONSHIPS[(c + n) % RELATIONSHIPS.length],
      student: this.idOf('users', this.userIndexOfStudent(s)),
      type: RELATIONSHIP_TYPES[(c + n) % RELATIONSHIP_TYPES.length],
    }));
    return this.userShell(i, name, email, {
      contact: {
        legacy_id: this.legacyId(STREAM.user, i),
        phone: c % 4 === 2 ? '' : `555-${r.digits(3)}-${r.digits(4)}`,
        phone_type: PHONE_TYPES[c % PHONE_TYPES.length],
        sis_id: c % 6 === 5 ? '' : `C${500000 + c}`,
        student_relationships: relationships,
      },
    });
  }

  // ---------------------------------------------------------------- sections

  /** Teacher ordinals of section g (primary first); [] when its school has no teacher. */
  sectionTeachers(g: number): number[] {
    const plan = this.plan;
    const k = schoolOfSection(plan, g);
    const j = g - plan.sectionStart[k];
    const m = teachersInSchool(plan, k);
    if (m === 0) return [];
    const primary = k + (j % m) * plan.schools;
    if (plan.coTeachEvery > 0 && m > 1 && g % plan.coTeachEvery === plan.coTeachEvery - 1) {
      return [primary, k + ((j + 1) % m) * plan.schools];
    }
    return [primary];
  }

  /**
   * Student ordinals of section g: a slice of its school's block; the school's first section also takes
   * the multi-school students whose extra school this is.
   */
  sectionStudents(g: number): number[] {
    const plan = this.plan;
    const { students: N, schools: S, classSize, multiSchoolEvery: every } = plan;
    const k = schoolOfSection(plan, g);
    const j = g - plan.sectionStart[k];
    const start = studentBlockStart(N, S, k) + j * classSize;
    const end = Math.min(studentBlockStart(N, S, k + 1), start + classSize);
    const out: number[] = [];
    for (let s = start; s < end; s++) out.push(s);
    if (j === 0 && every > 0 && S > 1) {
      for (const back of S > 2 ? [1, 2] : [1]) {
        const p = (k - back + S) % S;
        const step = back === 1 ? every : every * 5;
        const from = studentBlockStart(N, S, p);
        const to = from + studentBlockSize(N, S, p);
        let s = from + ((step - 1 - (from % step)) + step) % step;
        for (; s < to; s += step) if (this.studentSchools(s).includes(k)) out.push(s);
      }
    }
    return out;
  }

  /** Sections (global indices) that generated student ordinal s sits in. */
  sectionsOfStudent(s: number): number[] {
    const plan = this.plan;
    const schools = this.studentSchools(s);
    const k = schools[0];
    const j = Math.floor((s - studentBlockStart(plan.students, plan.schools, k)) / plan.classSize);
    const out = [plan.sectionStart[k] + j];
    for (const extra of schools.slice(1)) {
      if (plan.sectionStart[extra + 1] > plan.sectionStart[extra]) out.push(plan.sectionStart[extra]);
    }
    return out;
  }

  section(g: number): JsonObject {
    const plan = this.plan;
    const r = this.rng(STREAM.section, g);
    const k = schoolOfSection(plan, g);
    const j = g - plan.sectionStart[k];
    const teachers = this.sectionTeachers(g);
    const teacherIds = teachers.map((t) => this.idOf('users', this.userIndexOfTeacher(t)));
    const course = j % plan.courses;
    const period = String((j % 6) + 1);
    const teacherName = teachers.length
      ? ((this.user(this.userIndexOfTeacher(teachers[0])).name as JsonObject).last as string)
      : 'Staff';
    const students = this.sectionStudents(g);
    // Clever's section grade need not match its students'; the first student's is as good as any
    const grade = students.length ? this.studentGrade(students[0], k) : '';
    return {
      id: this.idOf('sections', g),
      district: this.districtId,
      school: this.idOf('schools', k),
      created: this.createdIso,
      last_modified: this.createdIso,
      // Clever's generated name "<course> - <teacher last> - <period>" is not unique
      name: `${COURSES[course].name} - ${teacherName} - ${period}`,
      sis_id: `SEC-${g + 1}`,
      subject: SUBJECTS[course],
      course: this.idOf('courses', course),
      term_id: this.idOf('terms', j % 2),
      period,
      section_number: String(100 + j),
      grade,
      teacher: teacherIds[0] ?? null,
      teachers: teacherIds,
      students: students.map((s) => this.idOf('users', this.userIndexOfStudent(s))),
      ext: {},
      lms_status: { synced_in_lms: r.chance(0.1) },
    };
  }
}
