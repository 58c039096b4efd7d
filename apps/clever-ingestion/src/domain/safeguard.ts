/**
 * The mass-change safeguard (ARCHITECTURE.md §1, §6a): a full sync that would archive too many of the
 * district's active accounts holds its removals until a district admin decides. Two rules, either holds:
 *
 * - the whole district: more than `thresholdPercent` of its active users (every role, and users whose role
 *   the index does not know yet);
 * - per role (issue 15): more than the role's threshold of the role's active accounts — students, teachers,
 *   staff (staff and district admins) — and at least `minimumCount` archives of that role, so a small school's
 *   two leaving admins never hold a night's sync.
 *
 * Exactly at a threshold is allowed; 0 % holds any removal; 100 % never holds.
 */
export interface SafeguardInput {
  /** Users the run would archive. */
  removals: number;
  /** Active users of the district in the shadow index (before the removals). */
  activeUsers: number;
  thresholdPercent: number;
}

export function shouldHold({ removals, activeUsers, thresholdPercent }: SafeguardInput): boolean {
  if (removals <= 0) return false;
  if (activeUsers <= 0) return true;
  return removals * 100 > thresholdPercent * activeUsers;
}

export const DEFAULT_SAFEGUARD_THRESHOLD_PERCENT = 25;

export const SAFEGUARD_ROLES = ['students', 'teachers', 'staff'] as const;
export type SafeguardRole = (typeof SAFEGUARD_ROLES)[number];

export interface SafeguardSettings {
  /** The whole district's threshold (percent of its active users). */
  thresholdPercent: number;
  /** Per role, percent of the role's active accounts. */
  roles: Record<SafeguardRole, number>;
  /** Fewer archives of a role than this never hold a run for that role. */
  minimumCount: number;
}

export const DEFAULT_SAFEGUARD_SETTINGS: SafeguardSettings = {
  thresholdPercent: DEFAULT_SAFEGUARD_THRESHOLD_PERCENT,
  roles: { students: 25, teachers: 25, staff: 10 },
  minimumCount: 10,
};

/** Why a run holds: the role (or `all`, the whole district) and its figures. */
export interface HoldReason {
  role: SafeguardRole | 'all';
  removals: number;
  activeAccounts: number;
  thresholdPercent: number;
}

/** The safeguard's bucket of an account role (`district_admin` and `staff` count together). */
export function safeguardRoleOf(accountRole: string | null | undefined): SafeguardRole | undefined {
  switch (accountRole) {
    case 'student':
      return 'students';
    case 'teacher':
      return 'teachers';
    case 'staff':
    case 'district_admin':
      return 'staff';
    default:
      return undefined;
  }
}

export type RoleCounts = Partial<Record<string, number>>;

/**
 * Every rule the removals cross (empty: no hold). `removalsByRole` and `activeByRole` are keyed by account
 * role (`student`, `teacher`, `staff`, `district_admin`; users whose role is unknown count in the totals only).
 */
export function holdReasons(input: { removalsByRole: RoleCounts; activeByRole: RoleCounts; settings: SafeguardSettings }): HoldReason[] {
  const { settings } = input;
  const sum = (c: RoleCounts) => Object.values(c).reduce<number>((a, n) => a + (n ?? 0), 0);
  const bucket = (c: RoleCounts) => {
    const out: Record<SafeguardRole, number> = { students: 0, teachers: 0, staff: 0 };
    for (const [role, n] of Object.entries(c)) {
      const b = safeguardRoleOf(role);
      if (b) out[b] += n ?? 0;
    }
    return out;
  };
  const reasons: HoldReason[] = [];
  const removals = sum(input.removalsByRole);
  const active = sum(input.activeByRole);
  if (shouldHold({ removals, activeUsers: active, thresholdPercent: settings.thresholdPercent })) {
    reasons.push({ role: 'all', removals, activeAccounts: active, thresholdPercent: settings.thresholdPercent });
  }
  const removed = bucket(input.removalsByRole);
  const actives = bucket(input.activeByRole);
  for (const role of SAFEGUARD_ROLES) {
    if (removed[role] < Math.max(1, settings.minimumCount)) continue;
    if (shouldHold({ removals: removed[role], activeUsers: actives[role], thresholdPercent: settings.roles[role] })) {
      reasons.push({ role, removals: removed[role], activeAccounts: actives[role], thresholdPercent: settings.roles[role] });
    }
  }
  return reasons;
}

/** The service's defaults: the configured whole-district threshold, the per-role defaults. */
export function defaultSafeguard(settings: { safeguardThresholdPercent: number }): SafeguardSettings {
  return { ...DEFAULT_SAFEGUARD_SETTINGS, thresholdPercent: settings.safeguardThresholdPercent };
}
