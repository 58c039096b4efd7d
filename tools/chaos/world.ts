/**
 * Clever's side of the year: the district's changes, made through the sandbox's admin API, and the TRUTH the oracle
 * reads back from the sandbox (never from Roster). Every change of a user is also put on that user's timeline
 * (wall-clock time, shared or not, schools as student and as teacher), which the oracle uses to decide which
 * enrollments and teacher assignments the change must have ended.
 */
import type { JsonObject, SandboxAdmin } from "@roster/clever-sandbox";
import { Rng } from "./rng";

export interface UserState {
  atMs: number;
  shared: boolean;
  studentSchools: string[];
  teacherSchools: string[];
}

export type CleverChangeKind =
  | "new_student"
  | "leaver"
  | "returning_student"
  | "mover"
  | "grade_change"
  | "name_change"
  | "email_change"
  | "teacher_added"
  | "teacher_removed"
  | "clever_id_change"
  | "mass_unshare"
  | "mass_unshare_reshared";

const GRADES = [
  "Kindergarten",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
];

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function rolesObject(record: JsonObject): JsonObject {
  return (record.roles ?? {}) as JsonObject;
}

function roleSchools(record: JsonObject, role: string): string[] {
  const r = rolesObject(record)[role] as JsonObject | undefined;
  if (!r || typeof r !== "object") return [];
  const out = new Set<string>();
  if (typeof r.school === "string") out.add(r.school);
  if (Array.isArray(r.schools))
    for (const s of r.schools) if (typeof s === "string") out.add(s);
  return [...out].sort();
}

export function hasRole(record: JsonObject, role: string): boolean {
  return rolesObject(record)[role] != null;
}

export class CleverWorld {
  readonly changes = new Map<CleverChangeKind, number>();
  /** Users the harness took out of sharing (unshared/deleted), with the day. */
  private readonly removed = new Map<string, number>();
  private readonly timelines = new Map<string, UserState[]>();
  private readonly touchedDay = new Map<string, number>();
  /** Ids nothing may change: the principals the admins sign in as. */
  readonly protectedIds = new Set<string>();
  schools: string[] = [];
  private serial = 0;

  constructor(
    readonly admin: SandboxAdmin,
    readonly districtId: string,
    private readonly rng: Rng,
  ) {
    this.schools = admin.sampleIds(districtId, "schools", { limit: 1000 });
  }

  private count(kind: CleverChangeKind, n = 1): void {
    this.changes.set(kind, (this.changes.get(kind) ?? 0) + n);
  }

  totalChanges(): number {
    return [...this.changes.values()].reduce((a, b) => a + b, 0);
  }

  /** Shared user ids (optionally of a role). */
  sharedIds(role?: string): string[] {
    return this.admin.sampleIds(this.districtId, "users", {
      role,
      limit: 1_000_000,
    });
  }

  record(id: string): JsonObject | undefined {
    return this.admin.get(this.districtId, "users", id)?.record;
  }

  isShared(id: string): boolean {
    return this.admin.get(this.districtId, "users", id)?.state === "active";
  }

  removedIds(): string[] {
    return [...this.removed.keys()];
  }

  /** Untouched by Clever on `day` and the day before: Roster has had time to see its current state. */
  stable(id: string, day: number): boolean {
    const t = this.touchedDay.get(id);
    return t === undefined || t < day - 1;
  }

  timeline(id: string): UserState[] {
    return this.timelines.get(id) ?? [];
  }

  /** Records the state after a change (the state before it is the record's, captured on first touch). */
  private touch(
    id: string,
    day: number,
    before: JsonObject | undefined,
    beforeShared: boolean,
  ): void {
    if (!this.timelines.has(id)) {
      this.timelines.set(
        id,
        before
          ? [
              {
                atMs: 0,
                shared: beforeShared,
                studentSchools: roleSchools(before, "student"),
                teacherSchools: roleSchools(before, "teacher"),
              },
            ]
          : [],
      );
    }
    const after = this.admin.get(this.districtId, "users", id);
    const shared = after?.state === "active";
    const rec = after?.record ?? {};
    this.timelines.get(id)!.push({
      atMs: Date.now(),
      shared,
      studentSchools: roleSchools(rec, "student"),
      teacherSchools: roleSchools(rec, "teacher"),
    });
    this.touchedDay.set(id, day);
  }

  private pickUser(
    role: string,
    day: number,
    exclude: (id: string) => boolean = () => false,
  ): string | undefined {
    const candidates = this.sharedIds(role).filter(
      (id) =>
        this.stable(id, day) && !this.protectedIds.has(id) && !exclude(id),
    );
    return candidates.length ? this.rng.pick(candidates) : undefined;
  }

  private anyShared(
    role: string,
    exclude: (id: string) => boolean = () => false,
  ): string | undefined {
    const candidates = this.sharedIds(role).filter((id) => !exclude(id));
    return candidates.length ? this.rng.pick(candidates) : undefined;
  }

  private uniqueSuffix(): string {
    this.serial++;
    return `${this.serial}${this.rng.int(100, 999)}`;
  }

  // ------------------------------------------------------------------ changes

  newStudent(
    day: number,
    school = this.rng.pick(this.schools),
  ): string | undefined {
    const template = this.anyShared("student");
    if (!template) return undefined;
    const rec = clone(this.record(template)!);
    const s = this.uniqueSuffix();
    for (const k of ["id", "created", "last_modified"]) delete rec[k];
    rec.name = { first: `New${s}`, last: `Student${s}` };
    rec.email = `new.student${s}@chaos.example`;
    const student = rolesObject(rec).student as JsonObject;
    Object.assign(student, {
      school,
      schools: [school],
      sis_id: `CH-S${s}`,
      student_number: `CHN${s}`,
      state_id: `CHST${s}`,
      grade: this.rng.pick(GRADES),
    });
    delete student.enrollments;
    const created = this.admin.createUser(this.districtId, rec);
    this.touch(created.id as string, day, undefined, false);
    this.count("new_student");
    return created.id as string;
  }

  leaver(day: number, exclude?: (id: string) => boolean): string | undefined {
    const id = this.pickUser("student", day, exclude);
    if (!id) return undefined;
    return this.unshare(id, day, "leaver");
  }

  private unshare(id: string, day: number, kind: CleverChangeKind): string {
    const before = this.record(id);
    this.admin.unshareUser(this.districtId, id);
    this.removed.set(id, day);
    this.touch(id, day, before, true);
    this.count(kind);
    return id;
  }

  returningStudent(day: number): string | undefined {
    const candidates = [...this.removed.entries()]
      .filter(
        ([id, d]) => d < day - 1 && this.stable(id, day) && this.wasStudent(id),
      )
      .map(([id]) => id);
    if (candidates.length === 0) return undefined;
    const id = this.rng.pick(candidates);
    this.admin.reshareUser(this.districtId, id);
    this.removed.delete(id);
    this.touch(id, day, undefined, false);
    this.count("returning_student");
    return id;
  }

  private wasStudent(id: string): boolean {
    const found = this.admin.get(this.districtId, "users", id);
    return (
      found !== undefined &&
      hasRole(found.record, "student") &&
      found.state === "unshared"
    );
  }

  mover(day: number): string | undefined {
    const id = this.pickUser(
      "student",
      day,
      (u) => roleSchools(this.record(u)!, "student").length !== 1,
    );
    if (!id) return undefined;
    const before = this.record(id);
    const current = roleSchools(before!, "student")[0];
    const target = this.rng.pick(this.schools.filter((s) => s !== current));
    this.admin.moveStudent(this.districtId, id, target);
    this.touch(id, day, before, true);
    this.count("mover");
    return id;
  }

  gradeChange(
    day: number,
    id = this.pickUser("student", day),
  ): string | undefined {
    if (!id) return undefined;
    const before = this.record(id)!;
    const grade = String(
      (rolesObject(before).student as JsonObject).grade ?? "",
    );
    const i = GRADES.indexOf(grade);
    const next =
      i >= 0 && i < GRADES.length - 1
        ? GRADES[i + 1]
        : GRADES[this.rng.int(0, GRADES.length - 1)];
    this.admin.updateUser(this.districtId, id, {
      roles: { student: { grade: next } },
    });
    this.touch(id, day, before, true);
    this.count("grade_change");
    return id;
  }

  nameChange(day: number): string | undefined {
    const id = this.pickUser(this.rng.chance(0.8) ? "student" : "teacher", day);
    if (!id) return undefined;
    const before = this.record(id)!;
    this.admin.updateUser(this.districtId, id, {
      name: {
        ...(before.name as JsonObject),
        first: `Renamed${this.uniqueSuffix()}`,
      },
    });
    this.touch(id, day, before, true);
    this.count("name_change");
    return id;
  }

  emailChange(day: number): string | undefined {
    const id = this.pickUser(this.rng.chance(0.5) ? "student" : "teacher", day);
    if (!id) return undefined;
    const before = this.record(id)!;
    this.admin.updateUser(this.districtId, id, {
      email: `changed${this.uniqueSuffix()}@chaos.example`,
    });
    this.touch(id, day, before, true);
    this.count("email_change");
    return id;
  }

  teacherAdded(day: number): string | undefined {
    const template = this.anyShared(
      "teacher",
      (u) =>
        hasRole(this.record(u)!, "staff") ||
        hasRole(this.record(u)!, "district_admin"),
    );
    if (!template) return undefined;
    const rec = clone(this.record(template)!);
    const s = this.uniqueSuffix();
    for (const k of ["id", "created", "last_modified"]) delete rec[k];
    rec.name = { first: `New${s}`, last: `Teacher${s}` };
    rec.email = `new.teacher${s}@chaos.example`;
    const school = this.rng.pick(this.schools);
    Object.assign(rolesObject(rec).teacher as JsonObject, {
      school,
      schools: [school],
      sis_id: `CH-T${s}`,
      teacher_number: `CHT${s}`,
    });
    const created = this.admin.createUser(this.districtId, rec);
    this.touch(created.id as string, day, undefined, false);
    this.count("teacher_added");
    return created.id as string;
  }

  teacherRemoved(
    day: number,
    exclude?: (id: string) => boolean,
  ): string | undefined {
    const id = this.pickUser(
      "teacher",
      day,
      (u) =>
        hasRole(this.record(u)!, "staff") ||
        hasRole(this.record(u)!, "district_admin") ||
        (exclude?.(u) ?? false),
    );
    if (!id) return undefined;
    return this.unshare(id, day, "teacher_removed");
  }

  /** The SIS re-creates a user: the old Clever id is unshared, a new one shared with the same sis_id. */
  cleverIdChange(day: number): { oldId: string; newId: string } | undefined {
    const oldId = this.pickUser("student", day);
    if (!oldId) return undefined;
    const rec = clone(this.record(oldId)!);
    this.unshare(oldId, day, "clever_id_change");
    for (const k of ["id", "created", "last_modified"]) delete rec[k];
    const created = this.admin.createUser(this.districtId, rec);
    this.touch(created.id as string, day, undefined, false);
    this.count("clever_id_change");
    return { oldId, newId: created.id as string };
  }

  /** Unshares `share` of the shared students at once (none of `exclude`): more than the safeguard lets through. */
  massUnshare(
    day: number,
    share: number,
    exclude: (id: string) => boolean,
  ): string[] {
    const candidates = this.sharedIds("student").filter(
      (id) =>
        this.stable(id, day) && !this.protectedIds.has(id) && !exclude(id),
    );
    const accounts = this.sharedIds().length;
    const ids = this.rng.sample(
      candidates,
      Math.min(candidates.length, Math.ceil(accounts * share)),
    );
    for (const id of ids) {
      const before = this.record(id);
      this.admin.unshareUser(this.districtId, id);
      this.removed.set(id, day);
      this.touch(id, day, before, true);
    }
    this.count("mass_unshare", ids.length);
    return ids;
  }

  /** The district admin rejects the held run: the district shares them again. */
  reshareAll(day: number, ids: string[]): void {
    for (const id of ids) {
      this.admin.reshareUser(this.districtId, id);
      this.removed.delete(id);
      this.touch(id, day, undefined, false);
    }
    this.count("mass_unshare_reshared", ids.length);
  }

  /** Forgets the unshared interval of users whose archive Roster was told to discard (a rejected held run). */
  forgetInterval(ids: string[]): void {
    for (const id of ids) {
      const t = this.timelines.get(id);
      if (t)
        this.timelines.set(
          id,
          t.filter((s) => s.shared),
        );
    }
  }
}
