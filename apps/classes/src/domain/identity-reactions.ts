/**
 * What the identity events of one batch mean for classes (ARCHITECTURE.md §1 "Leavers and movers"):
 * an archived student's active enrollments end (`student_archived`); a student no longer in a class's
 * school leaves it (`left_school`); an archived teacher, or one no longer teaching in the school, is
 * removed from its classes. A restore changes nothing here: the student is simply available again.
 *
 * Reactions are planned from EVERY applied event of an account in the batch, not only the newest: an
 * "archived then restored" pair in one batch still ends the enrollments, as the two events one by one would.
 */
export type Role = 'district_admin' | 'school_admin' | 'teacher' | 'student';

export interface AccountEventState {
  accountId: string;
  version: number;
  status: 'active' | 'archived';
  roles: readonly Role[];
  schools: readonly { schoolId: string; roles: readonly Role[] }[];
}

export interface AccountReaction {
  accountId: string;
  /** Archived in at least one applied event. */
  archived: boolean;
  /** Schools where the account was a student in every applied event; enrollments elsewhere end. */
  studentSchools: string[];
  /** Schools where the account was a teacher in every applied event; it leaves classes elsewhere. */
  teacherSchools: string[];
}

/** The roles an account holds in one school: the membership's own, else (none listed) the account's. */
export function rolesInSchool(membership: { roles: readonly Role[] }, accountRoles: readonly Role[]): readonly Role[] {
  return membership.roles.length > 0 ? membership.roles : accountRoles;
}

export function schoolsWithRole(state: Pick<AccountEventState, 'roles' | 'schools'>, role: Role): string[] {
  return state.schools.filter((m) => rolesInSchool(m, state.roles).includes(role)).map((m) => m.schoolId);
}

function intersect(a: string[] | undefined, b: string[]): string[] {
  return a === undefined ? [...new Set(b)] : a.filter((x) => b.includes(x));
}

/**
 * Plans reactions for the events (in offset order) that are newer than the stored projection version of
 * their account; older ones were already applied or are superseded and have no effect.
 */
export function planAccountReactions(events: readonly AccountEventState[], storedVersions: ReadonlyMap<string, number>): AccountReaction[] {
  const plans = new Map<string, { archived: boolean; students?: string[]; teachers?: string[] }>();
  for (const e of events) {
    if (e.version <= (storedVersions.get(e.accountId) ?? -1)) continue;
    const plan = plans.get(e.accountId) ?? { archived: false };
    plan.archived ||= e.status === 'archived';
    plan.students = intersect(plan.students, schoolsWithRole(e, 'student'));
    plan.teachers = intersect(plan.teachers, schoolsWithRole(e, 'teacher'));
    plans.set(e.accountId, plan);
  }
  return [...plans].map(([accountId, p]) => ({
    accountId,
    archived: p.archived,
    studentSchools: (p.students ?? []).sort(),
    teacherSchools: (p.teachers ?? []).sort(),
  }));
}
