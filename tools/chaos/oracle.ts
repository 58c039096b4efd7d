/**
 * The oracle: what Roster must show, computed from the sandbox's truth (CleverWorld) and the admin actions the API
 * accepted (AdminModel) — never from Roster's tables — and its comparison with what the public API shows.
 *
 * Rules (ARCHITECTURE.md §1):
 * - every shared user with a role other than contact has an ACTIVE account with the mapped roles (district_admin,
 *   staff → school_admin, teacher, student), one membership per school with its roles, its names, email, grade;
 *   a user the district stopped sharing has an ARCHIVED account; a contact-only user has none;
 * - an enrollment the API accepted is active unless an admin unenrolled it or archived its class (reason
 *   `unenrolled` / `class_archived`), or a later Clever change took the student out of sharing (`student_archived`)
 *   or out of the class's school (`left_school`). A Clever change reaches classes asynchronously, so when an admin
 *   ended the enrollment after that change, either reason is right; an admin end BEFORE the change is exact;
 * - a teacher an admin assigned stays on the class unless an admin removed them, or a later Clever change took them
 *   out of sharing or out of the class's school; an active class with no teacher `needsTeacher`;
 * - placements: as many as the API accepted (a range where an answer was lost);
 * - no duplicates: one class per accepted creation, one enrollment row per accepted enrollment, one audit entry per
 *   effect that happens once.
 */
import type { AdminModel, ModelClass } from "./admins";
import type { ApiClient } from "./api";
import { hasRole, type CleverWorld, type UserState } from "./world";

export interface Comparison {
  mismatches: string[];
  lost: number;
  duplicated: number;
  checked: {
    accounts: number;
    classes: number;
    enrollments: number;
    placements: number;
    auditEntries: number;
  };
}

interface ActualAccount {
  id: string;
  cleverId: string;
  status: string;
  roles: string[];
  name: { first: string; last: string };
  email?: string;
  grade?: string;
  schools: { schoolId: string; roles: string[] }[];
}

interface ActualClass {
  id: string;
  name: string;
  status: string;
  teacherIds: string[];
  needsTeacher: boolean;
}

interface ActualEnrollment {
  id: string;
  studentId: string;
  status: string;
  startedAt: string;
  endedAt?: string;
  endReason?: string;
}

const ROLE_ORDER = ["district_admin", "school_admin", "teacher", "student"];

function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

function schoolsOfRole(role: Record<string, unknown> | undefined): string[] {
  if (!role) return [];
  const out = new Set<string>();
  if (typeof role.school === "string" && role.school.trim())
    out.add(role.school);
  if (Array.isArray(role.schools))
    for (const s of role.schools)
      if (typeof s === "string" && s.trim()) out.add(s);
  return [...out];
}

/** What identity must hold for a Clever user record, in comparable form. */
export function expectedProfile(record: Record<string, unknown>):
  | {
      roles: string[];
      memberships: string[];
      first?: string;
      last?: string;
      email?: string;
      grade?: string;
    }
  | undefined {
  const roles = (record.roles ?? {}) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const present: string[] = [];
  if (roles.district_admin) present.push("district_admin");
  if (roles.staff) present.push("school_admin");
  if (roles.teacher) present.push("teacher");
  if (roles.student) present.push("student");
  if (present.length === 0) return undefined;
  const m = new Map<string, Set<string>>();
  const add = (school: string, role: string) =>
    m.set(school, (m.get(school) ?? new Set()).add(role));
  for (const s of schoolsOfRole(roles.staff)) add(s, "school_admin");
  for (const s of schoolsOfRole(roles.teacher)) add(s, "teacher");
  for (const s of schoolsOfRole(roles.student)) add(s, "student");
  const name = (record.name ?? {}) as Record<string, unknown>;
  return {
    roles: ROLE_ORDER.filter((r) => present.includes(r)),
    memberships: [...m]
      .map(([s, r]) => `${s}:${ROLE_ORDER.filter((x) => r.has(x)).join("+")}`)
      .sort(),
    first: clean(name.first) ?? "",
    last: clean(name.last) ?? "",
    email: clean(record.email),
    grade: clean(roles.student?.grade),
  };
}

/** The first state after `fromMs` in which `bad` holds, if any. */
function firstAfter(
  timeline: UserState[],
  fromMs: number,
  bad: (s: UserState) => boolean,
): UserState | undefined {
  return timeline.find((s) => s.atMs > fromMs && bad(s));
}

export async function compare(
  api: ApiClient,
  world: CleverWorld,
  model: AdminModel,
  districtId: string,
  runLabel: string,
): Promise<Comparison> {
  const mismatches: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const miss = (line: string) => mismatches.push(line);

  // ---------------------------------------------------------------- accounts
  const schools = await api.all<{ id: string; cleverId: string }>("/schools");
  const cleverSchool = new Map(schools.map((s) => [s.id, s.cleverId]));
  const accounts = await api.all<ActualAccount>("/accounts");
  const byClever = new Map<string, ActualAccount[]>();
  for (const a of accounts)
    byClever.set(a.cleverId, [...(byClever.get(a.cleverId) ?? []), a]);
  const cleverOfAccount = new Map(accounts.map((a) => [a.id, a.cleverId]));
  const truthIds = new Set([...world.sharedIds(), ...world.removedIds()]);
  let checkedAccounts = 0;
  for (const id of truthIds) {
    const found = world.admin.get(world.districtId, "users", id);
    if (!found) continue;
    const shared = found.state === "active";
    const expected = expectedProfile(found.record as Record<string, unknown>);
    const actual = byClever.get(id) ?? [];
    if (actual.length > 1) {
      duplicated += actual.length - 1;
      miss(`account ${id}: ${actual.length} accounts for one Clever id`);
    }
    const a = actual[0];
    if (!expected) {
      if (a && hasRole(found.record, "contact"))
        miss(`account ${id}: a contact-only user has an account`);
      continue;
    }
    checkedAccounts++;
    if (!a) {
      lost++;
      miss(
        `account ${id}: missing (expected ${shared ? "active" : "archived"})`,
      );
      continue;
    }
    const wantStatus = shared ? "active" : "archived";
    if (a.status !== wantStatus)
      miss(`account ${id}: status ${a.status}, expected ${wantStatus}`);
    if (!shared) continue;
    const roles = ROLE_ORDER.filter((r) => a.roles.includes(r));
    if (roles.join(",") !== expected.roles.join(","))
      miss(`account ${id}: roles [${roles}] expected [${expected.roles}]`);
    const memberships = a.schools
      .map(
        (m) =>
          `${cleverSchool.get(m.schoolId) ?? `?${m.schoolId}`}:${ROLE_ORDER.filter((x) => m.roles.includes(x)).join("+")}`,
      )
      .sort();
    if (memberships.join(" ") !== expected.memberships.join(" "))
      miss(
        `account ${id}: schools [${memberships.join(" ")}] expected [${expected.memberships.join(" ")}]`,
      );
    if (
      (a.name?.first ?? "") !== expected.first ||
      (a.name?.last ?? "") !== expected.last
    )
      miss(`account ${id}: name differs from Clever's`);
    if (a.email !== expected.email)
      miss(`account ${id}: email differs from Clever's`);
    if (expected.roles.includes("student") && a.grade !== expected.grade)
      miss(`account ${id}: grade ${a.grade} expected ${expected.grade}`);
  }
  for (const a of accounts) {
    if (
      !truthIds.has(a.cleverId) &&
      !world.admin.get(world.districtId, "users", a.cleverId)
    )
      miss(`account ${a.cleverId}: Roster has an account Clever never shared`);
  }

  // ---------------------------------------------------------------- classes, teachers, enrollments
  const actualClasses = [
    ...(await api.all<ActualClass>("/classes?status=active")),
    ...(await api.all<ActualClass>("/classes?status=archived")),
  ];
  const actualById = new Map(actualClasses.map((c) => [c.id, c]));
  const ours = actualClasses.filter((c) =>
    c.name.startsWith(`${runLabel}-class-`),
  );
  const modelNames = new Map<string, number>();
  for (const c of ours)
    modelNames.set(c.name, (modelNames.get(c.name) ?? 0) + 1);
  for (const [name, n] of modelNames) {
    if (n > 1) {
      duplicated += n - 1;
      miss(`class "${name}": created ${n} times`);
    }
  }
  for (const c of ours)
    if (!model.classes.has(c.id) && modelNames.get(c.name) === 1)
      miss(
        `class ${c.id} "${c.name}": exists but no accepted creation made it`,
      );

  let checkedEnrollments = 0;
  for (const cls of model.classes.values()) {
    const actual = actualById.get(cls.id);
    if (!actual) {
      lost++;
      miss(`class ${cls.id}: missing`);
      continue;
    }
    if (actual.status !== cls.status)
      miss(`class ${cls.id}: status ${actual.status} expected ${cls.status}`);
    const schoolClever = cleverSchool.get(cls.schoolId) ?? "";
    if (cls.status === "active") {
      const expectedTeachers = expectedTeachersOf(
        cls,
        schoolClever,
        world,
        cleverOfAccount,
      );
      const got = [...actual.teacherIds].sort();
      if (got.join(",") !== expectedTeachers.join(",")) {
        const missing = expectedTeachers.filter((t) => !got.includes(t));
        if (missing.length) lost += missing.length;
        miss(
          `class ${cls.id}: teachers [${got}] expected [${expectedTeachers}]`,
        );
      }
      if (actual.needsTeacher !== (expectedTeachers.length === 0))
        miss(
          `class ${cls.id}: needsTeacher ${actual.needsTeacher} expected ${expectedTeachers.length === 0}`,
        );
    }
    const rows = await api.all<ActualEnrollment>(
      `/classes/${cls.id}/enrollments?status=all`,
    );
    const wanted = model.enrollments.filter((e) => e.classId === cls.id);
    const students = new Set([
      ...rows.map((r) => r.studentId),
      ...wanted.map((e) => e.studentId),
    ]);
    for (const studentId of students) {
      const got = rows
        .filter((r) => r.studentId === studentId)
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      const want = wanted
        .filter((e) => e.studentId === studentId)
        .sort((a, b) => a.startedAtMs - b.startedAtMs);
      checkedEnrollments += want.length;
      const rowsText = () =>
        got
          .map(
            (r) =>
              `${r.status}${r.endReason ? `/${r.endReason}` : ""} from ${r.startedAt}`,
          )
          .join(", ");
      if (got.length > want.length) {
        duplicated += got.length - want.length;
        miss(
          `enrollment of ${studentId} in ${cls.id}: ${got.length} rows (${rowsText()}) for ${want.length} accepted enrollments`,
        );
      } else if (got.length < want.length) {
        lost += want.length - got.length;
        miss(
          `enrollment of ${studentId} in ${cls.id}: ${got.length} rows (${rowsText()}) for ${want.length} accepted enrollments`,
        );
      }
      const timeline = world.timeline(cleverOfAccount.get(studentId) ?? "");
      for (let i = 0; i < Math.min(got.length, want.length); i++) {
        const e = want[i];
        const r = got[i];
        const clever = firstAfter(
          timeline,
          e.startedAtMs,
          (s) => !s.shared || !s.studentSchools.includes(schoolClever),
        );
        const cleverReason = clever
          ? !clever.shared
            ? "student_archived"
            : "left_school"
          : undefined;
        let status: "active" | "ended" = "active";
        let reasons: string[] = [];
        if (
          e.endedAtMs !== undefined &&
          (!clever || e.endedAtMs < clever.atMs)
        ) {
          status = "ended";
          reasons = [e.endCause!];
        } else if (clever) {
          status = "ended";
          reasons = [cleverReason!, ...(e.endCause ? [e.endCause] : [])];
        }
        if (r.status !== status)
          miss(
            `enrollment of ${studentId} in ${cls.id}: ${r.status}${r.endReason ? ` (${r.endReason})` : ""} expected ${status}${reasons.length ? ` (${reasons.join("|")})` : ""}`,
          );
        else if (status === "ended" && !reasons.includes(r.endReason ?? ""))
          miss(
            `enrollment of ${studentId} in ${cls.id}: ended ${r.endReason} expected ${reasons.join("|")}`,
          );
      }
    }
  }

  // ---------------------------------------------------------------- placements
  let checkedPlacements = 0;
  for (const [studentId, [min, max]] of model.placements) {
    const list = await api
      .read<{ data: unknown[] }>(`/students/${studentId}/placements`)
      .catch(() => ({ data: [] as unknown[] }));
    checkedPlacements++;
    const n = list.data.length;
    if (n < min) {
      lost += min - n;
      miss(
        `placements of ${studentId}: ${n}, expected ${min === max ? min : `${min}..${max}`}`,
      );
    } else if (n > max) {
      duplicated += n - max;
      miss(
        `placements of ${studentId}: ${n}, expected ${min === max ? min : `${min}..${max}`}`,
      );
    }
  }

  // ---------------------------------------------------------------- audit: one entry per effect
  // An entry per (action, target) for effects that happen once (a class created or archived, an enrollment
  // started or ended, a placement recorded): a second one is a duplicated effect.
  const once = new Set([
    "class.created",
    "class.archived",
    "enrollment.started",
    "enrollment.ended",
    "placement.recorded",
  ]);
  const audit = await api.all<{ action: string; targetId: string }>("/audit");
  const perEffect = new Map<string, number>();
  for (const a of audit)
    if (once.has(a.action))
      perEffect.set(
        `${a.action} ${a.targetId}`,
        (perEffect.get(`${a.action} ${a.targetId}`) ?? 0) + 1,
      );
  for (const [effect, n] of perEffect) {
    if (n > 1) {
      duplicated += n - 1;
      miss(`audit: ${effect} recorded ${n} times`);
    }
  }

  // ---------------------------------------------------------------- settings and sync state
  if (model.placementRequired !== undefined) {
    const s = await api.read<{ placementRequired: boolean }>(
      `/districts/${districtId}/settings`,
    );
    if (s.placementRequired !== model.placementRequired) {
      lost++;
      miss(
        `settings: placementRequired ${s.placementRequired} expected ${model.placementRequired}`,
      );
    }
  }
  const sync = await api.read<{ connection: { state: string }; held: unknown }>(
    `/districts/${districtId}/sync`,
  );
  if (sync.connection.state !== "connected")
    miss(
      `sync: connection ${sync.connection.state} expected connected (the token is back)`,
    );
  if (sync.held)
    miss(`sync: a run is still held: ${JSON.stringify(sync.held)}`);
  for (const line of model.answerMismatches) miss(`answer: ${line}`);

  return {
    mismatches,
    lost,
    duplicated,
    checked: {
      accounts: checkedAccounts,
      classes: model.classes.size,
      enrollments: checkedEnrollments,
      placements: checkedPlacements,
      auditEntries: audit.length,
    },
  };
}

function expectedTeachersOf(
  cls: ModelClass,
  schoolClever: string,
  world: CleverWorld,
  cleverOfAccount: Map<string, string>,
): string[] {
  const out: string[] = [];
  for (const [teacherId, addedAtMs] of cls.teachers) {
    const timeline = world.timeline(cleverOfAccount.get(teacherId) ?? "");
    const gone = firstAfter(
      timeline,
      addedAtMs,
      (s) => !s.shared || !s.teacherSchools.includes(schoolClever),
    );
    if (!gone) out.push(teacherId);
  }
  return out.sort();
}
