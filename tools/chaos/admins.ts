/**
 * The admins' side of the year: several principals (a district admin, school admins, teachers) working through the
 * public gateway API at the same time, and the record of what the API ACCEPTED — the admin half of the oracle.
 *
 * Outcomes are taken from the answers (an enrollment the API said it made is expected to exist), except where an
 * answer is deterministic from the script and Roster's answer is checked too (a student of another school must be
 * refused STUDENT_NOT_IN_SCHOOL, a student already in the class ALREADY_ENROLLED). An answer that leaves the outcome
 * unknown (no answer, 5xx) is resolved before the request is retried, as a careful client would: a class is looked
 * up by its unique name; a repeated enrollment that answers ALREADY_ENROLLED was made by the first attempt.
 */
import { ApiClient, isUncertain } from "./api";
import { Rng } from "./rng";
import type { CleverWorld } from "./world";

export interface Principal {
  label: string;
  kind: "district_admin" | "school_admin" | "teacher";
  accountId: string;
  cleverId: string;
  schools: string[];
  api: ApiClient;
}

export interface ModelClass {
  id: string;
  schoolId: string;
  name: string;
  owner: string;
  status: "active" | "archived";
  archivedAtMs?: number;
  /** accountId → when the API accepted the assignment (removed by an admin: deleted). */
  teachers: Map<string, number>;
}

export interface ModelEnrollment {
  classId: string;
  studentId: string;
  startedAtMs: number;
  endedAtMs?: number;
  endCause?: "unenrolled" | "class_archived";
}

export type AdminActionKind =
  | "create_class"
  | "enroll"
  | "enroll_rejected_expected"
  | "unenroll"
  | "archive_class"
  | "placement"
  | "add_teacher"
  | "remove_teacher"
  | "settings";

export interface AccountRef {
  id: string;
  cleverId: string;
  roles: string[];
  status: string;
  schools: { schoolId: string; roles: string[] }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AdminModel {
  readonly classes = new Map<string, ModelClass>();
  readonly enrollments: ModelEnrollment[] = [];
  /** studentId → [min, max] placements recorded (max > min after an unknown outcome). */
  readonly placements = new Map<string, [number, number]>();
  placementRequired: boolean | undefined;
  readonly actions = new Map<AdminActionKind, number>();
  /** Accepted actions, the denominator of `lost`. */
  accepted = 0;
  /** Answers that contradict the script (e.g. a student of another school enrolled). */
  readonly answerMismatches: string[] = [];
  readonly unknownOutcomes: string[] = [];
  /** Failures that were not retried successfully (the action simply did not happen). */
  readonly refused = new Map<string, number>();

  count(kind: AdminActionKind): void {
    this.actions.set(kind, (this.actions.get(kind) ?? 0) + 1);
  }

  refuse(what: string): void {
    this.refused.set(what, (this.refused.get(what) ?? 0) + 1);
  }

  total(): number {
    return [...this.actions.values()].reduce((a, b) => a + b, 0);
  }
}

export class Admins {
  private serial = 0;
  private accountsByClever = new Map<string, AccountRef>();
  private schoolsById = new Map<string, string>();
  courses: string[] = [];

  constructor(
    readonly principals: Principal[],
    readonly model: AdminModel,
    readonly world: CleverWorld,
    private readonly rng: Rng,
    private readonly runLabel: string,
    readonly districtId: string,
  ) {}

  get districtAdmin(): Principal {
    return this.principals.find((p) => p.kind === "district_admin")!;
  }

  /** Refreshes what an admin would see: accounts (for ids) and schools. */
  async refresh(): Promise<void> {
    const api = this.districtAdmin.api;
    const accounts = await api.all<AccountRef>("/accounts");
    this.accountsByClever = new Map(accounts.map((a) => [a.cleverId, a]));
    const schools = await api.all<{ id: string; cleverId: string }>("/schools");
    this.schoolsById = new Map(schools.map((s) => [s.id, s.cleverId]));
    if (this.courses.length === 0)
      this.courses = (
        await api.read<{ data: { id: string }[] }>("/courses")
      ).data.map((c) => c.id);
  }

  private stableAccount(cleverId: string, day: number): boolean {
    return (
      this.world.stable(cleverId, day) &&
      !this.world.protectedIds.has(cleverId) &&
      this.world.isShared(cleverId)
    );
  }

  private teachersOfSchool(schoolId: string, day: number): AccountRef[] {
    return [...this.accountsByClever.values()].filter(
      (a) =>
        a.status === "active" &&
        a.roles.includes("teacher") &&
        a.schools.some(
          (m) => m.schoolId === schoolId && m.roles.includes("teacher"),
        ) &&
        this.stableAccount(a.cleverId, day),
    );
  }

  /** One day of work: each principal does `perPrincipal` actions, all principals at once. */
  async day(day: number, perPrincipal: number): Promise<void> {
    await this.refresh();
    await Promise.all(
      this.principals.map(async (p, i) => {
        const rng = this.rng.fork(`${day}/${i}`);
        for (let k = 0; k < perPrincipal; k++)
          await this.oneAction(p, day, rng);
      }),
    );
  }

  private ownClasses(p: Principal): ModelClass[] {
    return [...this.model.classes.values()].filter(
      (c) => c.owner === p.label && c.status === "active",
    );
  }

  private async oneAction(p: Principal, day: number, rng: Rng): Promise<void> {
    const own = this.ownClasses(p);
    const roll = rng.next();
    if (own.length < 2 || roll < 0.12) return this.createClass(p, day, rng);
    const cls = rng.pick(own);
    if (roll < 0.5) return this.enroll(p, cls, day, rng);
    if (roll < 0.6) return this.unenroll(p, cls, day, rng);
    if (roll < 0.8) return this.placement(p, cls, day, rng);
    if (roll < 0.9 && p.kind !== "teacher")
      return this.changeTeachers(p, cls, day, rng);
    if (roll < 0.95 && own.length > 2) return this.archive(p, cls);
    if (p.kind === "district_admin") return this.toggleSettings(p);
    return this.enroll(p, cls, day, rng);
  }

  // ------------------------------------------------------------------ actions

  private async createClass(
    p: Principal,
    day: number,
    rng: Rng,
  ): Promise<void> {
    const schoolId = rng.pick(p.schools);
    const name = `${this.runLabel}-class-${++this.serial}`;
    const teacherIds =
      p.kind === "teacher"
        ? []
        : rng
            .sample(this.teachersOfSchool(schoolId, day), rng.int(0, 1))
            .map((t) => t.id);
    const body = {
      schoolId,
      name,
      courseId: rng.pick(this.courses),
      ...(teacherIds.length ? { teacherIds } : {}),
    };
    this.model.count("create_class");
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once<{ id: string; teacherIds: string[] }>(
        "POST",
        "/classes",
        body,
      );
      if (res.status === 201 || res.status === 200)
        return this.recordClass(
          p,
          res.body.id,
          schoolId,
          name,
          res.body.teacherIds ?? teacherIds,
        );
      if (isUncertain(res.status) || res.status === 429) {
        await sleep(1000 * (attempt + 1));
        const found = (
          await p.api.all<{ id: string; name: string; teacherIds: string[] }>(
            `/classes?schoolId=${schoolId}`,
          )
        ).find((c) => c.name === name);
        if (found)
          return this.recordClass(
            p,
            found.id,
            schoolId,
            name,
            found.teacherIds,
          );
        continue;
      }
      this.model.refuse(
        `create_class ${res.status} ${(res.body as { code?: string })?.code ?? ""}`,
      );
      return;
    }
    this.model.unknownOutcomes.push(`create_class ${name}`);
  }

  private recordClass(
    p: Principal,
    id: string,
    schoolId: string,
    name: string,
    teacherIds: string[],
  ): void {
    const now = Date.now();
    this.model.classes.set(id, {
      id,
      schoolId,
      name,
      owner: p.label,
      status: "active",
      teachers: new Map(teacherIds.map((t) => [t, now])),
    });
    this.model.accepted++;
  }

  private async enroll(
    p: Principal,
    cls: ModelClass,
    day: number,
    rng: Rng,
  ): Promise<void> {
    const available = await p.api
      .all<{ id: string; cleverId: string; latestPlacement?: unknown }>(
        `/schools/${cls.schoolId}/available-students`,
      )
      .catch(() => []);
    // Mostly students with a placement result (as the program intends); now and then one without, which the
    // district's placement rule refuses unless an admin overrides it.
    const stable = available.filter((s) => this.stableAccount(s.cleverId, day));
    const picks = rng.sample(
      stable.filter((s) => s.latestPlacement),
      rng.int(1, 3),
    );
    if (picks.length === 0 || rng.chance(0.25))
      picks.push(
        ...rng.sample(
          stable.filter((s) => !picks.includes(s)),
          1,
        ),
      );
    const expectations = new Map<string, string>();
    // Rejected cases the script can predict: a student of another school, a student already in this class.
    if (rng.chance(0.3)) {
      const other = [...this.accountsByClever.values()].find(
        (a) =>
          a.status === "active" &&
          a.roles.length === 1 &&
          a.roles[0] === "student" &&
          this.stableAccount(a.cleverId, day) &&
          a.schools.length > 0 &&
          a.schools.every((m) => m.schoolId !== cls.schoolId),
      );
      if (other) expectations.set(other.id, "CLASSES.STUDENT_NOT_IN_SCHOOL");
    }
    if (rng.chance(0.3)) {
      const already = this.model.enrollments.find(
        (e) =>
          e.classId === cls.id &&
          this.stillActive(e, cls) &&
          this.stableByAccountId(e.studentId, day),
      );
      if (already)
        expectations.set(already.studentId, "CLASSES.ALREADY_ENROLLED");
    }
    const studentIds = [
      ...new Set([...picks.map((s) => s.id), ...expectations.keys()]),
    ];
    if (studentIds.length === 0) return;
    const override = p.kind !== "teacher" && rng.chance(0.5);
    this.model.count("enroll");
    if (expectations.size) this.model.count("enroll_rejected_expected");
    let uncertainBefore = false;
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once<{
        results: { studentId: string; outcome: string; code?: string }[];
      }>("POST", `/classes/${cls.id}/enrollments`, {
        studentIds,
        ...(override ? { override } : {}),
      });
      if (res.status === 200) {
        const now = Date.now();
        for (const r of res.body.results) {
          const expected = expectations.get(r.studentId);
          const enrolled =
            r.outcome === "enrolled" ||
            (uncertainBefore &&
              r.code === "CLASSES.ALREADY_ENROLLED" &&
              !expected);
          if (
            expected &&
            !(r.outcome === "rejected" && r.code === expected) &&
            !(
              uncertainBefore &&
              r.code === "CLASSES.ALREADY_ENROLLED" &&
              expected === "CLASSES.ALREADY_ENROLLED"
            )
          ) {
            this.model.answerMismatches.push(
              `enroll ${r.studentId} into ${cls.id}: expected ${expected}, got ${r.outcome} ${r.code ?? ""}`,
            );
          }
          const previous = this.model.enrollments.find(
            (e) =>
              e.classId === cls.id &&
              e.studentId === r.studentId &&
              this.stillActive(e, cls),
          );
          if (r.outcome === "enrolled") {
            // The API is the record of what was accepted; enrolled while an accepted enrollment is still active
            // (no admin end, no Clever change since) would be a second enrollment of one student in one class.
            if (previous)
              this.model.answerMismatches.push(
                `enroll ${r.studentId} into ${cls.id}: enrolled again while enrolled since ${new Date(previous.startedAtMs).toISOString()}`,
              );
            this.model.enrollments.push({
              classId: cls.id,
              studentId: r.studentId,
              startedAtMs: now,
            });
            this.model.accepted++;
          } else if (enrolled && !previous) {
            this.model.enrollments.push({
              classId: cls.id,
              studentId: r.studentId,
              startedAtMs: now,
            });
            this.model.accepted++;
          } else if (r.outcome === "rejected") {
            this.model.refuse(`enroll ${r.code}`);
          }
        }
        return;
      }
      if (isUncertain(res.status) || res.status === 429) {
        uncertainBefore ||= isUncertain(res.status);
        await sleep(1000 * (attempt + 1));
        continue;
      }
      this.model.refuse(
        `enroll ${res.status} ${(res.body as { code?: string })?.code ?? ""}`,
      );
      return;
    }
    this.model.unknownOutcomes.push(
      `enroll ${studentIds.join(",")} into ${cls.id}`,
    );
  }

  /** Not ended by an admin, and no Clever change since it started took the student out of sharing or the school. */
  stillActive(e: ModelEnrollment, cls: ModelClass): boolean {
    if (e.endedAtMs !== undefined) return false;
    const cleverId = this.cleverIdOfAccount(e.studentId);
    const school = this.cleverSchoolOf(cls.schoolId);
    if (!cleverId || !school) return false;
    return !this.world
      .timeline(cleverId)
      .some(
        (s) =>
          s.atMs > e.startedAtMs &&
          (!s.shared || !s.studentSchools.includes(school)),
      );
  }

  private cleverIdOfAccount(accountId: string): string | undefined {
    for (const a of this.accountsByClever.values())
      if (a.id === accountId) return a.cleverId;
    return undefined;
  }

  private stableByAccountId(accountId: string, day: number): boolean {
    for (const a of this.accountsByClever.values())
      if (a.id === accountId) return this.stableAccount(a.cleverId, day);
    return false;
  }

  private async unenroll(
    p: Principal,
    cls: ModelClass,
    day: number,
    rng: Rng,
  ): Promise<void> {
    const candidates = this.model.enrollments.filter(
      (e) =>
        e.classId === cls.id &&
        this.stillActive(e, cls) &&
        this.stableByAccountId(e.studentId, day),
    );
    if (candidates.length === 0) return this.enroll(p, cls, day, rng);
    const e = rng.pick(candidates);
    this.model.count("unenroll");
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once(
        "DELETE",
        `/classes/${cls.id}/enrollments/${e.studentId}`,
      );
      if (res.status === 200 || res.status === 204)
        return this.endEnrollment(e, "unenrolled");
      if (isUncertain(res.status) || res.status === 429) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      // 404/409 after an unknown first attempt: that attempt ended it. Otherwise a Clever change ended it first.
      if (attempt > 0 && (res.status === 404 || res.status === 409))
        return this.endEnrollment(e, "unenrolled");
      this.model.refuse(
        `unenroll ${res.status} ${(res.body as { code?: string })?.code ?? ""}`,
      );
      return;
    }
    this.model.unknownOutcomes.push(`unenroll ${e.studentId} from ${cls.id}`);
  }

  private endEnrollment(
    e: ModelEnrollment,
    cause: "unenrolled" | "class_archived",
  ): void {
    e.endedAtMs = Date.now();
    e.endCause = cause;
    this.model.accepted++;
  }

  private async placement(
    p: Principal,
    cls: ModelClass,
    day: number,
    rng: Rng,
  ): Promise<void> {
    const available = await p.api
      .all<{ id: string; cleverId: string }>(
        `/schools/${cls.schoolId}/available-students`,
      )
      .catch(() => []);
    const stable = available.filter((s) => this.stableAccount(s.cleverId, day));
    if (stable.length === 0) return;
    const student = rng.pick(stable);
    this.model.count("placement");
    const body = {
      studentId: student.id,
      recommendedCourseId: rng.pick(this.courses),
      testedOn: "2026-09-15",
      score: rng.int(0, 100),
    };
    const [min, max] = this.model.placements.get(student.id) ?? [0, 0];
    let uncertain = 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once("POST", "/placements", body);
      if (res.status === 201 || res.status === 200) {
        this.model.placements.set(student.id, [min + 1, max + 1 + uncertain]);
        this.model.accepted++;
        return;
      }
      if (isUncertain(res.status) || res.status === 429) {
        if (isUncertain(res.status)) uncertain++;
        await sleep(1000 * (attempt + 1));
        continue;
      }
      this.model.refuse(
        `placement ${res.status} ${(res.body as { code?: string })?.code ?? ""}`,
      );
      return;
    }
    this.model.placements.set(student.id, [min, max + uncertain]);
    this.model.unknownOutcomes.push(`placement for ${student.id}`);
  }

  private async changeTeachers(
    p: Principal,
    cls: ModelClass,
    day: number,
    rng: Rng,
  ): Promise<void> {
    const current = [...cls.teachers.keys()];
    const remove =
      current.length > 0 && rng.chance(0.35) ? rng.pick(current) : undefined;
    const add = remove
      ? undefined
      : rng.pick([
          undefined,
          ...this.teachersOfSchool(cls.schoolId, day).filter(
            (t) => !cls.teachers.has(t.id),
          ),
        ])?.id;
    if (!remove && !add) return;
    this.model.count(remove ? "remove_teacher" : "add_teacher");
    const body = remove
      ? { removeTeacherIds: [remove] }
      : { addTeacherIds: [add!] };
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once("PATCH", `/classes/${cls.id}`, body);
      if (res.status === 200) {
        if (remove) cls.teachers.delete(remove);
        else cls.teachers.set(add!, Date.now());
        this.model.accepted++;
        return;
      }
      if (isUncertain(res.status) || res.status === 429) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      this.model.refuse(
        `change_teachers ${res.status} ${(res.body as { code?: string })?.code ?? ""}`,
      );
      return;
    }
    this.model.unknownOutcomes.push(`change teachers of ${cls.id}`);
  }

  private async archive(p: Principal, cls: ModelClass): Promise<void> {
    this.model.count("archive_class");
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once("POST", `/classes/${cls.id}/archive`);
      const code = (res.body as { code?: string } | undefined)?.code;
      if (
        res.status === 200 ||
        res.status === 204 ||
        (attempt > 0 && res.status === 409 && code === "CLASSES.CLASS_ARCHIVED")
      ) {
        cls.status = "archived";
        cls.archivedAtMs = Date.now();
        for (const e of this.model.enrollments)
          if (e.classId === cls.id && e.endedAtMs === undefined)
            this.endEnrollment(e, "class_archived");
        this.model.accepted++;
        return;
      }
      if (isUncertain(res.status) || res.status === 429) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      this.model.refuse(`archive ${res.status} ${code ?? ""}`);
      return;
    }
    this.model.unknownOutcomes.push(`archive ${cls.id}`);
  }

  private async toggleSettings(p: Principal): Promise<void> {
    const next = !(this.model.placementRequired ?? true);
    this.model.count("settings");
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = await p.api.once(
        "PATCH",
        `/districts/${this.districtId}/settings`,
        { placementRequired: next },
      );
      if (res.status === 200) {
        this.model.placementRequired = next;
        this.model.accepted++;
        return;
      }
      if (isUncertain(res.status) || res.status === 429) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      this.model.refuse(`settings ${res.status}`);
      return;
    }
    this.model.unknownOutcomes.push("settings");
  }

  cleverSchoolOf(schoolId: string): string | undefined {
    return this.schoolsById.get(schoolId);
  }
}
