import type { Account, AccountChange } from './account';
import type { MembershipDraft, ProfileDraft } from './clever-user';
import type { School } from './school';

/**
 * Tenancy of Clever ids (ARCHITECTURE.md §6): a school or account belongs to the district that first
 * shared its Clever id, and nothing a roster event says moves it to another district. Ingestion already
 * rejects records another district owns (`FOREIGN_DISTRICT_RECORD`); these rules are identity's defence
 * in depth, whatever reaches it: an event about a school or account of another district has no effect,
 * and an account never becomes a member of another district's school.
 */

/**
 * Splits one Clever id's events (in order) into those of its owning district and the foreign ones.
 * `owner` is the district of the row identity holds for the id; for an id not held yet, the district of
 * its first event (the first district that shared it).
 */
export function splitByOwner<E>(events: readonly E[], owner: string | undefined, districtOf: (event: E) => string): { owner: string | undefined; owned: E[]; foreign: E[] } {
  const ownerId = owner ?? (events.length > 0 ? districtOf(events[0]) : undefined);
  const owned: E[] = [];
  const foreign: E[] = [];
  for (const e of events) (districtOf(e) === ownerId ? owned : foreign).push(e);
  return { owner: ownerId, owned, foreign };
}

/**
 * The profile without memberships of schools another district owns (`schoolDistrictOf` answers our
 * district id of a school by its Clever id, undefined when unknown). The dropped memberships come back
 * for counting.
 */
export function withoutForeignSchools(
  draft: ProfileDraft,
  districtId: string,
  schoolDistrictOf: (cleverSchoolId: string) => string | undefined,
): { profile: ProfileDraft; dropped: MembershipDraft[] } {
  const dropped = draft.schools.filter((m) => schoolDistrictOf(m.cleverSchoolId) !== districtId);
  if (dropped.length === 0) return { profile: draft, dropped };
  return { profile: { ...draft, schools: draft.schools.filter((m) => !dropped.includes(m)) }, dropped };
}

/**
 * Whether a school row is unclaimed: a placeholder created from a user's reference that no school event
 * of its own ever reached. An unclaimed school owns nothing: the first district whose own school event
 * arrives claims it (otherwise a district could take another's school by referring to it first).
 */
export function isUnclaimed(school: Pick<School, 'name' | 'sourceVersion'>): boolean {
  return school.name === null && school.sourceVersion < 0;
}

/**
 * An account of another district without its memberships of schools a district just claimed (they were
 * made when the school was an unclaimed placeholder of the account's district), as an `updated` change
 * with the next version; undefined when it holds none of them.
 */
export function withoutClaimedSchools<M>(account: Account, claimedSchoolIds: ReadonlySet<string>, meta: M): AccountChange<M> | undefined {
  const schools = account.schools.filter((m) => !claimedSchoolIds.has(m.schoolId));
  if (schools.length === account.schools.length) return undefined;
  return { type: 'updated', account: { ...account, schools, version: account.version + 1 }, changed: ['schools'], meta };
}
