import type { AccountRole, AccountState } from '@roster/contracts';
import type { PersonName, PreferredName, ProfileDraft } from './clever-user';
import { changedFields, pick } from './values';

export type AccountStatus = 'active' | 'archived';

export interface Membership {
  schoolId: string;
  cleverSchoolId: string;
  roles: AccountRole[];
  primary: boolean;
}

/** The visible fields of an account that come from Clever (everything of AccountState but ids and status). */
export interface AccountProfile {
  districtId: string;
  cleverDistrictId: string;
  roles: AccountRole[];
  name: PersonName;
  preferredName?: PreferredName;
  email?: string;
  grade?: string;
  sisId?: string;
  studentNumber?: string;
  stateId?: string;
  teacherNumber?: string;
  staffId?: string;
  title?: string;
  schools: Membership[];
}

export interface Account extends AccountProfile {
  accountId: string;
  cleverUserId: string;
  status: AccountStatus;
  /** Envelope version of the last roster event applied (the version guard). */
  sourceVersion: number;
  /** Our own version: +1 for each published change. */
  version: number;
  archivedAt: string | null;
  /** Set when a district admin merged this (archived) account into another: its Clever id is an alias of that one. */
  mergedIntoId?: string;
  /**
   * When the retention job last erased its personal fields (issue 16). Carried unchanged through every fold:
   * the roster's write is guarded by it, so a batch that read the account before an erasure committed is
   * retried instead of writing over it with the same version.
   */
  erasedAt?: string | null;
}

/** Top-level AccountState fields a consumer can see change through `identity.account.updated`. */
export const VISIBLE_ACCOUNT_FIELDS = [
  'districtId',
  'cleverDistrictId',
  'roles',
  'name',
  'preferredName',
  'email',
  'grade',
  'sisId',
  'studentNumber',
  'stateId',
  'teacherNumber',
  'staffId',
  'title',
  'schools',
] as const satisfies readonly (keyof AccountProfile)[];

export type AccountChangeType = 'created' | 'updated' | 'archived' | 'restored';

/** A roster event about one Clever user, reduced to what the rules need. `meta` travels to the change it causes. */
export type AccountEvent<M = unknown> =
  | { kind: 'upserted'; cleverUserId: string; version: number; profile: AccountProfile | null; meta: M }
  | { kind: 'removed'; cleverUserId: string; version: number; meta: M };

export interface AccountChange<M = unknown> {
  type: AccountChangeType;
  account: Account;
  /** For `updated`: the top-level fields that changed. */
  changed?: string[];
  meta: M;
}

export interface AccountFold<M> {
  account: Account | undefined;
  /** Visible changes, in order; each one is published with the account's version at that point. */
  changes: AccountChange<M>[];
  /** Whether the stored row must be written (a visible change or a newer source version). */
  dirty: boolean;
}

/** Completes a profile draft with our district and school ids. */
export function resolveProfile(
  draft: ProfileDraft,
  district: { districtId: string; cleverDistrictId: string },
  schoolIdOf: (cleverSchoolId: string) => string,
): AccountProfile {
  const { schools, ...rest } = draft;
  return {
    ...district,
    ...rest,
    schools: schools.map((m) => ({ schoolId: schoolIdOf(m.cleverSchoolId), cleverSchoolId: m.cleverSchoolId, roles: m.roles, primary: m.primary })),
  };
}

/** Exactly the profile fields of an account (every profile field is visible). */
function profileOf(a: AccountProfile): AccountProfile {
  return pick(a, VISIBLE_ACCOUNT_FIELDS);
}

/**
 * Applies one user's roster events (in order) to the account identity holds for them:
 *
 * - events not newer than the applied source version are ignored (duplicates, replays, stale events);
 * - an upsert of an unknown user creates the account (`created`); of an archived one restores the SAME
 *   account with the new profile (`restored`); of an active one publishes `updated` with the changed
 *   fields, or nothing when no visible field changed;
 * - a removal archives an active account (`archived`), never deletes it; an upsert whose user holds no
 *   usable role (profile null) counts as a removal; a removal of an unknown user changes nothing.
 *
 * Every intermediate change is kept, so the outcome (state, versions and published changes) does not
 * depend on how deliveries were batched.
 */
export function foldAccount<M>(
  current: Account | undefined,
  events: readonly AccountEvent<M>[],
  ctx: { newId: () => string; now: string },
): AccountFold<M> {
  let account = current;
  const changes: AccountChange<M>[] = [];
  let dirty = false;
  for (const event of events) {
    if (account && event.version <= account.sourceVersion) continue;
    const profile = event.kind === 'upserted' ? event.profile : null;
    if (!profile) {
      if (!account) continue;
      if (account.status === 'active') {
        account = { ...account, status: 'archived', archivedAt: ctx.now, sourceVersion: event.version, version: account.version + 1 };
        changes.push({ type: 'archived', account, meta: event.meta });
      } else {
        account = { ...account, sourceVersion: event.version };
      }
      dirty = true;
      continue;
    }
    const next = profileOf(profile);
    if (!account) {
      account = { accountId: ctx.newId(), cleverUserId: event.cleverUserId, status: 'active', ...next, sourceVersion: event.version, version: 1, archivedAt: null };
      changes.push({ type: 'created', account, meta: event.meta });
    } else if (account.status === 'archived') {
      account = { ...identityOf(account), status: 'active', ...next, sourceVersion: event.version, version: account.version + 1, archivedAt: null };
      changes.push({ type: 'restored', account, meta: event.meta });
    } else {
      const changed = changedFields<AccountProfile>(profileOf(account), next, VISIBLE_ACCOUNT_FIELDS);
      if (changed.length > 0) {
        account = { ...identityOf(account), status: 'active', ...next, sourceVersion: event.version, version: account.version + 1, archivedAt: null };
        changes.push({ type: 'updated', account, changed, meta: event.meta });
      } else {
        account = { ...account, sourceVersion: event.version };
      }
    }
    dirty = true;
  }
  return { account, changes, dirty };
}

/**
 * The target of a merge restored through an alias (domain/duplicates.ts `aliasEffect`): the person is shared
 * again under the merged account's old Clever id, so the account it was merged into is active again with
 * that profile. The target keeps its own ids and source version (the alias's versions are another stream).
 */
export function restoreThroughAlias(target: Account, profile: AccountProfile): Account {
  return { ...identityOf(target), status: 'active', ...profileOf(profile), sourceVersion: target.sourceVersion, version: target.version + 1, archivedAt: null };
}

function identityOf(a: Account): Pick<Account, 'accountId' | 'cleverUserId' | 'erasedAt'> {
  return { accountId: a.accountId, cleverUserId: a.cleverUserId, ...(a.erasedAt ? { erasedAt: a.erasedAt } : {}) };
}

/** The account as published on `identity.accounts.v1`: its ids, status and profile (nothing else it holds). */
export function accountState(a: Account): AccountState {
  return {
    accountId: a.accountId,
    cleverUserId: a.cleverUserId,
    status: a.status,
    ...profileOf(a),
    schools: a.schools.map((m) => ({ schoolId: m.schoolId, cleverSchoolId: m.cleverSchoolId, roles: m.roles, primary: m.primary })),
  };
}
