import type { AccountRole } from '@roster/contracts';

/**
 * Possible duplicates and merge (issue 16), the pure rules.
 *
 * Clever may give a person a new id (an email change, a split of merged users): Roster then archives the old
 * account and creates a new one. Within one district and role group, an archived account and an active one
 * that share a strong identifier are a possible duplicate pair; a district admin may merge the archived one
 * into the active one.
 */
export type RoleGroup = 'student' | 'staff';

/** The strong identifiers per role group, as `account.strong_keys` (migration 0006) spells their fields. */
export const STRONG_FIELDS: Record<RoleGroup, readonly string[]> = {
  student: ['sis_id', 'student_number', 'state_id'],
  staff: ['email', 'teacher_number', 'staff_id', 'sis_id'],
};

const STAFF_ROLES: readonly AccountRole[] = ['teacher', 'school_admin', 'district_admin'];

/** The role groups an account belongs to (a student who also holds a staff role is in both). */
export function roleGroups(roles: readonly AccountRole[]): RoleGroup[] {
  const groups: RoleGroup[] = [];
  if (roles.includes('student')) groups.push('student');
  if (roles.some((r) => STAFF_ROLES.includes(r))) groups.push('staff');
  return groups;
}

/** The role group two accounts share (students first), if any. */
export function sharedRoleGroup(a: readonly AccountRole[], b: readonly AccountRole[]): RoleGroup | undefined {
  const other = roleGroups(b);
  return roleGroups(a).find((g) => other.includes(g));
}

export interface Evidence {
  roleGroup: RoleGroup;
  /** `sis_id`, `student_number`, `state_id`, `email`, `teacher_number`, `staff_id`. */
  field: string;
  value: string;
}

/** A `strong_keys` entry (`<district id>/<role group>/<field>/<value>`) as evidence; the value may hold '/'. */
export function evidenceOf(key: string): Evidence {
  const [, roleGroup, field, ...value] = key.split('/');
  return { roleGroup: roleGroup as RoleGroup, field, value: value.join('/') };
}

export interface MergeCandidate {
  accountId: string;
  districtId: string;
  status: 'active' | 'archived';
  roles: readonly AccountRole[];
  mergedIntoId?: string | null;
}

/** Why a pair may not be merged (each is a stable, namespaced problem code at the edge). */
export type MergeRefusal =
  | { code: 'IDENTITY.MERGE_INTO_ITSELF'; kind: 'conflict'; detail: string }
  | { code: 'IDENTITY.MERGE_ROLE_MISMATCH'; kind: 'conflict'; detail: string }
  | { code: 'IDENTITY.MERGE_SOURCE_ACTIVE'; kind: 'conflict'; detail: string }
  | { code: 'IDENTITY.MERGE_TARGET_ARCHIVED'; kind: 'conflict'; detail: string }
  | { code: 'IDENTITY.ACCOUNT_ALREADY_MERGED'; kind: 'conflict'; detail: string };

export type MergeDecision = { kind: 'merge'; roleGroup: RoleGroup } | { kind: 'already_merged' } | { kind: 'refused'; refusal: MergeRefusal };

/**
 * Whether `source` may be merged into `target` (both already known to be in the caller's scope and in one
 * district: the handler answers 404 otherwise). A repeat of a done merge is `already_merged` (a no-op, not an error), so the command is idempotent.
 */
export function decideMerge(source: MergeCandidate, target: MergeCandidate): MergeDecision {
  const refuse = (refusal: MergeRefusal): MergeDecision => ({ kind: 'refused', refusal });
  if (source.accountId === target.accountId) return refuse({ code: 'IDENTITY.MERGE_INTO_ITSELF', kind: 'conflict', detail: 'an account cannot be merged into itself' });
  if (source.mergedIntoId === target.accountId) return { kind: 'already_merged' };
  if (source.mergedIntoId) return refuse({ code: 'IDENTITY.ACCOUNT_ALREADY_MERGED', kind: 'conflict', detail: 'the account was already merged into another account' });
  if (target.mergedIntoId) return refuse({ code: 'IDENTITY.ACCOUNT_ALREADY_MERGED', kind: 'conflict', detail: 'the target account was merged into another account' });
  const roleGroup = sharedRoleGroup(source.roles, target.roles);
  if (!roleGroup) return refuse({ code: 'IDENTITY.MERGE_ROLE_MISMATCH', kind: 'conflict', detail: 'only accounts of the same role (students, or staff) can be merged' });
  if (source.status !== 'archived') return refuse({ code: 'IDENTITY.MERGE_SOURCE_ACTIVE', kind: 'conflict', detail: 'only an archived account can be merged into another' });
  if (target.status !== 'active') return refuse({ code: 'IDENTITY.MERGE_TARGET_ARCHIVED', kind: 'conflict', detail: 'an account can only be merged into an active account' });
  return { kind: 'merge', roleGroup };
}

/**
 * What a roster event of a merged account's Clever id (an alias) does: the alias resolves to the target, so
 * the old account is never restored. An upsert restores the target when it is archived (the person is shared
 * again under the old id); while the target is active its own Clever id decides its profile (two ids
 * updating one account would flap), so nothing changes. A removal changes nothing: the target's own id
 * decides when it is archived.
 */
export function aliasEffect(target: { status: 'active' | 'archived' }, event: { kind: 'upserted'; hasProfile: boolean } | { kind: 'removed' }): 'restore_target' | 'none' {
  if (event.kind === 'upserted' && event.hasProfile && target.status === 'archived') return 'restore_target';
  return 'none';
}
