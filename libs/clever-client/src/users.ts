import { CLEVER_ROLES, CleverRole, CleverUser, userSchema } from './types';

export type UserRejection = 'not_an_object' | 'missing_id' | 'missing_name' | 'no_known_role' | 'invalid_shape';

export type UserCheck =
  | { ok: true; user: CleverUser; roles: CleverRole[] }
  | { ok: false; reason: UserRejection; id?: string };

/** Role keys Clever defines that a user record actually holds (unknown keys are ignored). */
export function rolesOf(user: Pick<CleverUser, 'roles'>): CleverRole[] {
  const roles = user.roles as Record<string, unknown> | null | undefined;
  if (!roles || typeof roles !== 'object') return [];
  return CLEVER_ROLES.filter((r) => roles[r] != null && typeof roles[r] === 'object');
}

/**
 * Whether a raw user record is usable: it needs an id, a name object and at least one known role.
 * Returns a reason instead of throwing, so a sync can reject one record and go on.
 */
export function checkUser(raw: unknown): UserCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not_an_object' };
  const record = raw as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id ? record.id : undefined;
  if (!id) return { ok: false, reason: 'missing_id' };
  const parsed = userSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid_shape', id };
  if (!parsed.data.name || typeof parsed.data.name !== 'object') return { ok: false, reason: 'missing_name', id };
  const roles = rolesOf(parsed.data);
  if (!roles.length) return { ok: false, reason: 'no_known_role', id };
  return { ok: true, user: parsed.data, roles };
}
