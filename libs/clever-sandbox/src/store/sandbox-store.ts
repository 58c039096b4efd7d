import { randomBytes } from 'node:crypto';
import { SandboxClock } from '../clock';
import { Faults } from '../faults/faults';
import { RateLimiter } from '../faults/rate-limiter';
import { DistrictGenerator } from '../generator/district-generator';
import { countCongruent, DistrictSpec, planCounts, planDistrict } from '../generator/plan';
import { hash, hashString } from '../generator/random';
import { CollectionName, isCollection, JsonObject, rolesOf, schoolsOf } from '../generator/records';
import { RequestLog } from '../http/request-log';
import { hex, ObjectIdAllocator } from '../ids';
import { resolveOptions, ResolvedOptions, SandboxOptions } from '../options';
import { Entry } from './collection';
import { DistrictState } from './district-state';

/** An admin operation that can't be done; `status` is what the HTTP admin API answers. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export type TokenInfo =
  | { kind: 'district'; districtId: string }
  | { kind: 'sso'; districtId: string; userId: string };

export type MalformedKind = 'missing_id' | 'no_roles' | 'unknown_role' | 'missing_name';
export const MALFORMED_KINDS: readonly MalformedKind[] = ['missing_id', 'no_roles', 'unknown_role', 'missing_name'];

/** Figures about what a district shares, for exact assertions. */
export interface DistrictCounts {
  /** Shared, well-formed user records. */
  users: number;
  districtAdmins: number;
  /** Users with the staff role (school admins), multi-role included. */
  staff: number;
  /** Users with the teacher role, multi-role included. */
  teachers: number;
  students: number;
  contacts: number;
  /** Users with more than one of teacher / staff / district_admin. */
  multiRole: number;
  /** Students whose `schools` has more than one school. */
  multiSchoolStudents: number;
  /** Users that would get an account (any role but contact). */
  accounts: number;
  schools: number;
  sections: number;
  coTaughtSections: number;
  courses: number;
  terms: number;
  /** Deliberately malformed user records (not in any figure above). */
  malformed: number;
}

interface SsoCode {
  userId: string;
  districtId: string;
  redirectUri: string;
  expiresAtMs: number;
}

const DAY_MS = 86_400_000;

/** The sandbox's whole state and the operations on it. Routes and the admin API both go through here. */
export class SandboxStore {
  readonly options: ResolvedOptions;
  readonly clock: SandboxClock;
  readonly faults = new Faults();
  readonly requests = new RequestLog();
  readonly rateLimiter: RateLimiter;
  readonly seedNumber: number;
  private readonly allocator: ObjectIdAllocator;
  private readonly districts: DistrictState[] = [];
  private readonly byId = new Map<string, DistrictState>();
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly codes = new Map<string, SsoCode>();

  constructor(options: SandboxOptions = {}) {
    this.options = resolveOptions(options);
    this.clock = new SandboxClock(options.now);
    this.seedNumber = hashString(String(this.options.seed));
    this.allocator = new ObjectIdAllocator(this.seedNumber & 0xffffff);
    this.rateLimiter = new RateLimiter(this.options.rateLimitPerMinute, () => this.clock.now());
    for (const spec of this.options.districts) this.addDistrict(spec);
  }

  now(): number {
    return this.clock.now();
  }

  get retentionMs(): number {
    return this.options.eventRetentionDays * DAY_MS;
  }

  // ------------------------------------------------------------------ districts and tokens

  addDistrict(spec: DistrictSpec = {}): DistrictState {
    const plan = planDistrict(spec);
    const ordinal = this.districts.length;
    // generated ids carry the data epoch (not "now") so the same seed gives the same ids
    const block = this.allocator.reserve(DistrictGenerator.idsNeeded(plan), this.options.dataEpochMs);
    const district = new DistrictState(new DistrictGenerator(plan, this.seedNumber, ordinal, block));
    this.districts.push(district);
    this.byId.set(district.id, district);
    this.issueDistrictToken(district);
    return district;
  }

  listDistricts(): DistrictState[] {
    return [...this.districts];
  }

  district(id: string): DistrictState {
    const d = this.byId.get(id);
    if (!d) throw new SandboxError(404, `no district ${id}`);
    return d;
  }

  tokenInfo(token: string): TokenInfo | undefined {
    return this.tokens.get(token);
  }

  private issueDistrictToken(district: DistrictState): string {
    const part = (n: number) => hex(hash(this.seedNumber, district.ordinal, district.rotations, n), 8);
    const token = part(1) + part(2) + part(3) + part(4) + part(5);
    district.tokens = [token];
    this.tokens.set(token, { kind: 'district', districtId: district.id });
    return token;
  }

  /** The district disconnects the app: its token stops working and leaves /oauth/tokens. */
  revokeToken(districtId: string): void {
    const district = this.district(districtId);
    for (const token of district.tokens) this.tokens.delete(token);
    district.tokens = [];
  }

  /** Clever resets a leaked token: the old one answers 401, /oauth/tokens lists the new one. */
  rotateToken(districtId: string): string {
    const district = this.district(districtId);
    for (const token of district.tokens) this.tokens.delete(token);
    district.rotations++;
    return this.issueDistrictToken(district);
  }

  // ------------------------------------------------------------------ SSO

  issueCode(userId: string, districtId: string, redirectUri: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { userId, districtId, redirectUri, expiresAtMs: this.now() + this.options.codeTtlMs });
    return code;
  }

  /** Codes are single-use: the first redemption deletes it, so a second gets invalid_grant. */
  redeemCode(code: string, redirectUri: string | undefined): { token: string; userId: string; districtId: string } | undefined {
    const entry = this.codes.get(code);
    if (!entry) return undefined;
    this.codes.delete(code);
    if (entry.expiresAtMs < this.now()) return undefined;
    if (redirectUri !== undefined && redirectUri !== entry.redirectUri) return undefined;
    const token = `sso_${randomBytes(20).toString('hex')}`;
    this.tokens.set(token, { kind: 'sso', districtId: entry.districtId, userId: entry.userId });
    return { token, userId: entry.userId, districtId: entry.districtId };
  }

  findUser(userId: string, districtId?: string): { district: DistrictState; user: JsonObject } | undefined {
    for (const district of districtId ? [this.district(districtId)] : this.districts) {
      const user = district.collections.users.get(userId);
      if (user) return { district, user };
    }
    return undefined;
  }

  // ------------------------------------------------------------------ mutations (each emits its event)

  private collection(district: DistrictState, name: string) {
    if (!isCollection(name)) throw new SandboxError(404, `no collection ${name}`);
    return district.collections[name];
  }

  private emit(district: DistrictState, collection: CollectionName, action: string, object: JsonObject, previous?: JsonObject) {
    if (!this.options.eventsEnabled) return;
    const atMs = this.now();
    district.events.append({
      id: this.allocator.next(atMs),
      atMs,
      type: `${collection}.${action}`,
      created: new Date(atMs).toISOString(),
      object,
      previousAttributes: previous,
      schools: schoolsOf(collection, object),
    });
  }

  create(districtId: string, collection: string, data: JsonObject = {}): JsonObject {
    const district = this.district(districtId);
    const coll = this.collection(district, collection);
    const nowIso = new Date(this.now()).toISOString();
    const id = typeof data.id === 'string' ? data.id : this.allocator.next(this.now());
    if (coll.getAny(id)) throw new SandboxError(409, `${collection}/${id} exists`);
    const record: JsonObject = { id, district: district.id, ...data };
    if (collection !== 'courses' && collection !== 'terms' && collection !== 'districts') {
      record.created ??= nowIso;
      record.last_modified ??= nowIso;
    }
    coll.put({ sortId: id, record, state: 'active' });
    this.emit(district, collection as CollectionName, 'created', record);
    return record;
  }

  /**
   * Applies a patch (nested objects merge, arrays and scalars replace) or, with `replace`, swaps the
   * whole record (id kept). Emits `*.updated` with the prior values of the changed top-level keys.
   */
  update(districtId: string, collection: string, id: string, patch: JsonObject, options: { replace?: boolean } = {}): JsonObject {
    const district = this.district(districtId);
    const coll = this.collection(district, collection);
    const current = coll.get(id);
    if (!current) throw new SandboxError(404, `no shared ${collection}/${id}`);
    const next: JsonObject = options.replace ? { ...patch, id } : deepMerge(current, patch);
    if ('last_modified' in current || 'created' in current) next.last_modified = new Date(this.now()).toISOString();
    const previous: JsonObject = {};
    for (const key of new Set([...Object.keys(current), ...Object.keys(next)])) {
      if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) previous[key] = current[key] ?? null;
    }
    const prior = coll.entry(id);
    coll.put({ sortId: id, record: next, state: 'active', malformed: prior?.malformed });
    this.emit(district, collection as CollectionName, 'updated', next, previous);
    return next;
  }

  /** Deleted in the SIS: gone for good (404), `*.deleted` carries the last known object. */
  remove(districtId: string, collection: string, id: string): void {
    this.setState(districtId, collection, id, 'deleted');
  }

  /** The district stops sharing it: 404 from now on, `*.deleted` (Clever treats unshare like a delete). */
  unshare(districtId: string, collection: string, id: string): void {
    this.setState(districtId, collection, id, 'unshared');
  }

  /** Shared again under the same id: `*.created`. */
  reshare(districtId: string, collection: string, id: string): JsonObject {
    const district = this.district(districtId);
    const coll = this.collection(district, collection);
    const found = coll.getAny(id);
    if (!found || found.state !== 'unshared') throw new SandboxError(409, `${collection}/${id} is not unshared`);
    const entry = coll.entry(id)!;
    coll.put({ ...entry, state: 'active' });
    this.emit(district, collection as CollectionName, 'created', entry.record);
    return entry.record;
  }

  private setState(districtId: string, collection: string, id: string, state: 'deleted' | 'unshared'): void {
    const district = this.district(districtId);
    const coll = this.collection(district, collection);
    const record = coll.get(id);
    if (!record) throw new SandboxError(404, `no shared ${collection}/${id}`);
    const prior = coll.entry(id);
    coll.put({ sortId: id, record, state, malformed: prior?.malformed });
    this.emit(district, collection as CollectionName, 'deleted', record);
  }

  /**
   * A student changes school: the user's student role points at the new school (users.updated), they
   * leave their sections elsewhere and join the new school's first section (sections.updated each).
   */
  moveStudent(districtId: string, studentId: string, toSchoolId: string): JsonObject {
    const district = this.district(districtId);
    const users = district.collections.users;
    const user = users.get(studentId);
    const student = (user?.roles as JsonObject | undefined)?.student as JsonObject | undefined;
    if (!user || !student) throw new SandboxError(404, `no shared student ${studentId}`);
    if (!district.collections.schools.get(toSchoolId)) throw new SandboxError(404, `no shared school ${toSchoolId}`);
    const nowIso = new Date(this.now()).toISOString();
    const moved = this.update(districtId, 'users', studentId, {
      roles: {
        student: {
          school: toSchoolId,
          schools: [toSchoolId],
          enrollments: [{ school: toSchoolId, start_date: nowIso, end_date: '2026-06-10T00:00:00.000Z' }],
        },
      },
    });
    const sections = district.collections.sections;
    for (const sectionId of this.sectionsOf(district, studentId)) {
      const section = sections.get(sectionId);
      if (!section || section.school === toSchoolId) continue;
      const students = (section.students as string[]).filter((s) => s !== studentId);
      this.update(districtId, 'sections', sectionId, { students });
    }
    const target = this.firstSectionOfSchool(district, toSchoolId);
    if (target && !(target.students as string[]).includes(studentId)) {
      this.update(districtId, 'sections', target.id as string, { students: [...(target.students as string[]), studentId] });
    }
    return moved;
  }

  private sectionsOf(district: DistrictState, studentId: string): string[] {
    const g = district.generator;
    const ids = new Set<string>();
    const index = district.collections.users.baseIndexOf(studentId);
    const [from, to] = g.plan.segments.student;
    if (index >= from && index < to) for (const s of g.sectionsOfStudent(index - from)) ids.add(g.idOf('sections', s));
    for (const e of district.collections.sections.entries()) {
      if (e.state === 'active' && Array.isArray(e.record.students) && e.record.students.includes(studentId)) ids.add(e.sortId);
    }
    return [...ids].filter((id) => (district.collections.sections.get(id)?.students as string[] | undefined)?.includes(studentId));
  }

  private firstSectionOfSchool(district: DistrictState, schoolId: string): JsonObject | undefined {
    const g = district.generator;
    const k = district.collections.schools.baseIndexOf(schoolId);
    if (k >= 0) {
      for (let s = g.plan.sectionStart[k]; s < g.plan.sectionStart[k + 1]; s++) {
        const section = district.collections.sections.get(g.idOf('sections', s));
        if (section) return section;
      }
    }
    return district.collections.sections
      .entries()
      .find((e) => e.state === 'active' && e.record.school === schoolId)?.record;
  }

  /** Adds a user record a client must reject (and keep going). Emits users.created like any other. */
  addMalformedUser(districtId: string, kind: MalformedKind): { sortId: string; record: JsonObject } {
    if (!MALFORMED_KINDS.includes(kind)) throw new SandboxError(400, `unknown malformed kind ${String(kind)}`);
    const district = this.district(districtId);
    const nowIso = new Date(this.now()).toISOString();
    const id = this.allocator.next(this.now());
    const school = district.generator.idOf('schools', 0);
    const record: JsonObject = {
      id,
      district: district.id,
      name: { first: 'Malformed', last: kind },
      created: nowIso,
      last_modified: nowIso,
      roles: { student: { school, schools: [school], sis_id: `BAD-${id.slice(-6)}` } },
    };
    if (kind === 'missing_id') delete record.id;
    if (kind === 'missing_name') delete record.name;
    if (kind === 'no_roles') record.roles = {};
    if (kind === 'unknown_role') record.roles = { guardian_ext: { sis_id: 'X1' }, volunteer: {} };
    const entry: Entry = { sortId: id, record, state: 'active', malformed: kind };
    district.collections.users.put(entry);
    this.emit(district, 'users', 'created', record);
    return { sortId: id, record };
  }

  // ------------------------------------------------------------------ figures

  counts(districtId: string): DistrictCounts {
    const district = this.district(districtId);
    const g = district.generator;
    const plan = planCounts(g.plan);
    const every = g.plan.multiSchoolEvery;
    const counts: DistrictCounts = {
      users: plan.users,
      districtAdmins: plan.districtAdmins,
      staff: plan.staff,
      teachers: plan.teachers,
      students: plan.students,
      contacts: plan.contacts,
      multiRole: plan.multiRole,
      multiSchoolStudents: every > 0 && g.plan.schools > 1 ? countCongruent(0, g.plan.students, every, every - 1) : 0,
      accounts: plan.users - plan.contacts,
      schools: plan.schools,
      sections: plan.sections,
      coTaughtSections: plan.coTaughtSections,
      courses: plan.courses,
      terms: plan.terms,
      malformed: 0,
    };
    const apply = (collection: CollectionName, record: JsonObject, sign: 1 | -1) => {
      for (const [key, n] of Object.entries(contribution(collection, record))) {
        counts[key as keyof DistrictCounts] += sign * n;
      }
    };
    for (const collection of ['users', 'schools', 'sections', 'courses', 'terms'] as const) {
      const coll = district.collections[collection];
      for (const e of coll.entries()) {
        const i = coll.baseIndexOf(e.sortId);
        if (i >= 0) apply(collection, coll.base.build(i), -1);
        if (e.state !== 'active') continue;
        if (e.malformed) counts.malformed++;
        else apply(collection, e.record, 1);
      }
    }
    return counts;
  }
}

/** What one record adds to the figures. */
function contribution(collection: CollectionName, record: JsonObject): Partial<Record<keyof DistrictCounts, number>> {
  switch (collection) {
    case 'users': {
      const roles = rolesOf(record);
      const has = (r: string) => (roles.includes(r as never) ? 1 : 0);
      const employeeRoles = has('teacher') + has('staff') + has('district_admin');
      const student = (record.roles as JsonObject).student as JsonObject | undefined;
      const schools = Array.isArray(student?.schools) ? student.schools.length : 0;
      return {
        users: 1,
        districtAdmins: has('district_admin'),
        staff: has('staff'),
        teachers: has('teacher'),
        students: has('student'),
        contacts: has('contact'),
        multiRole: employeeRoles > 1 ? 1 : 0,
        multiSchoolStudents: student && schools > 1 ? 1 : 0,
        accounts: roles.some((r) => r !== 'contact') ? 1 : 0,
      };
    }
    case 'sections':
      return { sections: 1, coTaughtSections: Array.isArray(record.teachers) && record.teachers.length > 1 ? 1 : 0 };
    case 'schools':
      return { schools: 1 };
    case 'courses':
      return { courses: 1 };
    case 'terms':
      return { terms: 1 };
    default:
      return {};
  }
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as JsonObject, value) : value;
  }
  return out;
}
