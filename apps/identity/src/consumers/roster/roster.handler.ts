import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, Topics, isEvent, type Envelope } from '@roster/contracts';
import type { OutboxItem, Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { EntityManager } from '@roster/persistence';
import { accountState, foldAccount, resolveProfile, restoreThroughAlias, type Account, type AccountChange, type AccountEvent, type AccountProfile } from '../../domain/account';
import { profileFromRosterUser, type ProfileDraft } from '../../domain/clever-user';
import { aliasEffect } from '../../domain/duplicates';
import { foldDistrict, type District, type DistrictEvent } from '../../domain/district';
import { foldSchool, schoolDetails, schoolState, type School, type SchoolChange, type SchoolEvent } from '../../domain/school';
import { isUnclaimed, splitByOwner, withoutClaimedSchools, withoutForeignSchools } from '../../domain/tenancy';
import { IDENTITY_CONTEXT } from '../../identity.tokens';
import type { IdentityMetrics } from '../../metrics/identity-metrics';
import { DuplicatesRepository } from '../../persistence/duplicates.repository';
import { RosterRepository } from './roster.repository';

export interface RosterHandlerOptions {
  outbox: Outbox;
  logger: Logger;
  metrics?: IdentityMetrics;
  /** Mints our ids (default random uuids). */
  newId?: () => string;
}

/** What a batch ignored because another district owns it (Clever ids; memberships counted). */
interface ForeignEvents {
  schools: string[];
  accounts: string[];
  memberships: number;
}

/** What a published change carries from the roster event that caused it. */
interface Cause {
  traceparent?: string;
}

const causeOf = (e: Envelope): Cause => (e.traceparent ? { traceparent: e.traceparent } : {});
/** Every roster payload names its Clever district. */
const districtOf = (e: Envelope): string => (e.data as { cleverDistrictId: string }).cleverDistrictId;

/** Groups items by key, keeping their order within each key. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The `identity.roster` use case: turns roster districts, schools and users into identity's districts,
 * schools and accounts, and publishes `identity.schools.v1` / `identity.accounts.v1` changes through the
 * outbox. It runs in the transaction the inbox opened for the batch (so dedupe, rows and outbox commit
 * together).
 *
 * A batch (new messages of one partition, in order) is applied with a handful of statements whatever its
 * size: read the rows of every key in the batch, apply each key's events in order in memory (version
 * guards, see the domain folds), write the changed rows back in one version-guarded statement per table
 * and the changes in one outbox insert. Because each key's events are folded one by one, the result
 * (state, our versions, published events and their ids) is the same however deliveries are batched.
 */
@Injectable()
export class RosterHandler {
  private readonly repository: RosterRepository;
  private readonly duplicates = new DuplicatesRepository();
  private readonly newId: () => string;

  constructor(@Inject(IDENTITY_CONTEXT) private readonly options: RosterHandlerOptions) {
    this.newId = options.newId ?? randomUUID;
    this.repository = new RosterRepository(this.newId);
  }

  /** Applies one batch (new messages of one partition, in order) in the caller's transaction. */
  async execute(em: EntityManager, events: Envelope[]): Promise<void> {
    const now = new Date().toISOString();
    const districtEvents = groupBy(
      events.filter((e) => isEvent(e, 'districtUpserted') || isEvent(e, 'districtDisconnected')),
      districtOf,
    );
    const schoolEvents = groupBy(
      events.filter((e) => isEvent(e, 'schoolUpserted') || isEvent(e, 'schoolRemoved')),
      (e) => (e.data as { cleverSchoolId: string }).cleverSchoolId,
    );
    const userEvents = groupBy(
      events.filter((e) => isEvent(e, 'userUpserted') || isEvent(e, 'userRemoved')),
      (e) => (e.data as { cleverUserId: string }).cleverUserId,
    );

    const foreign: ForeignEvents = { schools: [], accounts: [], memberships: 0 };

    // Tenancy (domain/tenancy.ts): an account's events naming a district other than its owner's are
    // dropped before anything else reads them (a foreign event must not even create school placeholders).
    const accounts = await this.repository.loadAccounts(em, [...userEvents.keys()]);
    for (const [cleverUserId, list] of userEvents) {
      const split = splitByOwner(list, accounts.get(cleverUserId)?.cleverDistrictId, districtOf);
      if (split.foreign.length === 0) continue;
      foreign.accounts.push(cleverUserId);
      if (split.owned.length > 0) userEvents.set(cleverUserId, split.owned);
      else userEvents.delete(cleverUserId);
    }
    const profiles = new Map<Envelope, ProfileDraft | null>();
    for (const list of userEvents.values()) {
      for (const e of list) if (isEvent(e, 'userUpserted')) profiles.set(e, profileFromRosterUser(e.data));
    }

    // 1. Districts: every district the batch refers to exists (placeholders if needed), then district events.
    const districtIds = new Set<string>(districtEvents.keys());
    for (const list of schoolEvents.values()) for (const e of list) districtIds.add(districtOf(e));
    for (const [e, profile] of profiles) if (profile) districtIds.add(districtOf(e));
    const districts = await this.repository.ensureDistricts(em, [...districtIds]);
    const changedDistricts: District[] = [];
    for (const [cleverDistrictId, list] of districtEvents) {
      const folded = foldDistrict(districts.get(cleverDistrictId)!, list.map(toDistrictEvent), { now });
      if (folded.dirty) {
        districts.set(cleverDistrictId, folded.district);
        changedDistricts.push(folded.district);
      }
    }
    await this.repository.saveDistricts(em, changedDistricts);
    const districtRef = (cleverDistrictId: string) => {
      const d = districts.get(cleverDistrictId)!;
      return { districtId: d.districtId, cleverDistrictId: d.cleverDistrictId };
    };

    // 2. Schools: the batch's schools and those its users refer to, then school events (of the owner only).
    const wantedSchools = new Map<string, District>();
    for (const [cleverSchoolId, list] of schoolEvents) wantedSchools.set(cleverSchoolId, districts.get(districtOf(list[0]))!);
    for (const [e, profile] of profiles) {
      if (!profile) continue;
      const district = districts.get(districtOf(e))!;
      for (const m of profile.schools) if (!wantedSchools.has(m.cleverSchoolId)) wantedSchools.set(m.cleverSchoolId, district);
    }
    const schools = await this.repository.ensureSchools(em, wantedSchools);
    const changedSchools: School[] = [];
    const schoolChanges: SchoolChange<Cause>[] = [];
    // A placeholder made from another district's reference is unclaimed: the first district whose own
    // school event arrives owns the school (domain/tenancy.ts), and the referring district's members lose it below.
    const claimed: { school: School; meta: Cause }[] = [];
    for (const [cleverSchoolId, list] of schoolEvents) {
      let school = schools.get(cleverSchoolId)!;
      const { owner, owned, foreign: others } = splitByOwner(list, isUnclaimed(school) ? undefined : school.cleverDistrictId, districtOf);
      if (others.length > 0) foreign.schools.push(cleverSchoolId);
      if (owned.length === 0) continue;
      if (owner !== school.cleverDistrictId) {
        school = { ...school, ...districtRef(owner!) };
        schools.set(cleverSchoolId, school);
        claimed.push({ school, meta: causeOf(owned[0]) });
      }
      const folded = foldSchool(school, owned.map((e) => toSchoolEvent(e, districtRef)), { now });
      if (folded.dirty) {
        schools.set(cleverSchoolId, folded.school);
        changedSchools.push(folded.school);
        schoolChanges.push(...folded.changes);
      }
    }
    await this.repository.claimSchools(em, claimed.map((c) => c.school));
    await this.repository.saveSchools(em, changedSchools);
    const schoolIdOf = (cleverSchoolId: string) => schools.get(cleverSchoolId)!.schoolId;
    const schoolDistrictOf = (cleverSchoolId: string) => schools.get(cleverSchoolId)?.districtId;

    // 3. Accounts (never members of another district's school).
    const changedAccounts: Account[] = [];
    const accountChanges: AccountChange<Cause>[] = [];
    let ignored = 0;
    const toAccountEvent = (cleverUserId: string, e: Envelope): AccountEvent<Cause> => {
      if (!isEvent(e, 'userUpserted')) return { kind: 'removed', cleverUserId, version: e.version, meta: causeOf(e) };
      const draft = profiles.get(e) ?? null;
      if (!draft) ignored++;
      let profile: AccountProfile | null = null;
      if (draft) {
        const district = districtRef(e.data.cleverDistrictId);
        const own = withoutForeignSchools(draft, district.districtId, schoolDistrictOf);
        foreign.memberships += own.dropped.length;
        profile = resolveProfile(own.profile, district, schoolIdOf);
      }
      return { kind: 'upserted', cleverUserId, version: e.version, profile, meta: causeOf(e) };
    };
    // A merged account's Clever id is an alias of the account it was merged into (issue 16): its events are
    // applied after the others, through applyAliases, and never restore the merged account itself.
    const aliasEvents = new Map<string, AccountEvent<Cause>[]>();
    for (const [cleverUserId, list] of userEvents) {
      const events = list.map((e) => toAccountEvent(cleverUserId, e));
      if (accounts.get(cleverUserId)?.mergedIntoId) {
        aliasEvents.set(cleverUserId, events);
        continue;
      }
      const folded = foldAccount(accounts.get(cleverUserId), events, { newId: this.newId, now });
      if (folded.dirty && folded.account) {
        changedAccounts.push(folded.account);
        accountChanges.push(...folded.changes);
      }
    }
    await this.repository.saveAccounts(em, changedAccounts, accounts);
    accountChanges.push(...(await this.applyAliases(em, aliasEvents, accounts)));
    accountChanges.push(...(await this.releaseClaimedSchools(em, claimed, foreign)));

    // 4. What consumers can see changed: schools first (accounts refer to them).
    await this.publish(em, schoolChanges, accountChanges);

    // 5. Possible duplicates among the accounts that changed (last: it serializes the batch's end per district).
    const duplicatesFound = await this.duplicates.detect(em, [...new Set(accountChanges.map((c) => c.account.accountId))]);
    if (duplicatesFound > 0) this.options.metrics?.duplicatePairsFound.inc(duplicatesFound);

    this.observe(events, { schoolChanges, accountChanges, ignored, districts: changedDistricts.length });
    this.reportForeign(foreign);
  }

  /**
   * Roster events of merged accounts' Clever ids (aliases, issue 16). Each alias keeps its own version guard
   * (the merged row's source version moves on, nothing else of it changes); its newest applied event decides
   * what happens to the account it resolves to (domain/duplicates.ts `aliasEffect`): an upsert restores that
   * account when it is archived, anything else changes nothing.
   */
  private async applyAliases(em: EntityManager, aliasEvents: Map<string, AccountEvent<Cause>[]>, accounts: Map<string, Account>): Promise<AccountChange<Cause>[]> {
    const advanced: Account[] = [];
    const latest = new Map<string, AccountEvent<Cause>>();
    for (const [cleverUserId, events] of aliasEvents) {
      const alias = accounts.get(cleverUserId)!;
      const newer = events.filter((e) => e.version > alias.sourceVersion);
      if (newer.length === 0) continue;
      advanced.push({ ...alias, sourceVersion: Math.max(...newer.map((e) => e.version)) });
      latest.set(alias.accountId, newer[newer.length - 1]);
    }
    if (advanced.length === 0) return [];
    await this.repository.saveAccounts(em, advanced, accounts);
    const targets = await this.repository.loadMergeTargets(em, new Map(advanced.map((a) => [a.accountId, a.mergedIntoId!])));
    const restored = new Map<string, AccountChange<Cause>>();
    for (const [aliasId, event] of latest) {
      const target = targets.get(aliasId);
      if (!target || restored.has(target.accountId)) continue;
      const effect = aliasEffect(target, event.kind === 'upserted' ? { kind: 'upserted', hasProfile: event.profile !== null } : { kind: 'removed' });
      if (effect === 'restore_target' && event.kind === 'upserted' && event.profile) {
        restored.set(target.accountId, { type: 'restored', account: restoreThroughAlias(target, event.profile), meta: event.meta });
      }
    }
    await this.repository.saveRestoredTargets(em, [...restored.values()].map((c) => c.account));
    return [...restored.values()];
  }

  /**
   * Accounts of another district that became members of a school while it was an unclaimed placeholder
   * lose that membership when its district claims it (published as `updated`); counted as foreign
   * memberships. Accounts of this batch already dropped it (the claim was made before they were folded).
   */
  private async releaseClaimedSchools(em: EntityManager, claimed: { school: School; meta: Cause }[], foreign: ForeignEvents): Promise<AccountChange<Cause>[]> {
    if (claimed.length === 0) return [];
    const ids = new Set(claimed.map((c) => c.school.schoolId));
    const changes: AccountChange<Cause>[] = [];
    for (const account of await this.repository.loadMembersOfOtherDistricts(em, claimed.map((c) => c.school))) {
      const claim = claimed.find((c) => account.schools.some((m) => m.schoolId === c.school.schoolId))!;
      const change = withoutClaimedSchools(account, ids, claim.meta);
      if (change) changes.push(change);
    }
    foreign.memberships += changes.length;
    await this.repository.saveMemberships(em, changes.map((c) => c.account));
    return changes;
  }

  /**
   * Events that named a district other than the owner of their school or account had no effect: logged
   * with Clever ids and counts only (ingestion rejects such records first, so any of this is a defect or
   * an attack upstream). `foreignEventsIgnored` counts them for tests and in-process callers.
   */
  private reportForeign(foreign: ForeignEvents): void {
    const total = foreign.schools.length + foreign.accounts.length + foreign.memberships;
    if (total === 0) return;
    this.foreignIgnored += total;
    const metrics = this.options.metrics;
    if (metrics) {
      if (foreign.schools.length) metrics.foreignDistrictEvents.inc({ kind: 'school' }, foreign.schools.length);
      if (foreign.accounts.length) metrics.foreignDistrictEvents.inc({ kind: 'account' }, foreign.accounts.length);
      if (foreign.memberships) metrics.foreignDistrictEvents.inc({ kind: 'membership' }, foreign.memberships);
    }
    this.options.logger.warn(
      {
        foreignSchools: foreign.schools.length,
        foreignAccounts: foreign.accounts.length,
        foreignMemberships: foreign.memberships,
        cleverSchoolIds: foreign.schools.slice(0, 20),
        cleverUserIds: foreign.accounts.slice(0, 20),
      },
      'roster events about another district\'s schools or accounts ignored (tenancy of Clever ids)',
    );
  }

  private foreignIgnored = 0;

  /** Schools, accounts and memberships ignored so far because another district owns them. */
  get foreignEventsIgnored(): number {
    return this.foreignIgnored;
  }

  private async publish(em: EntityManager, schoolChanges: SchoolChange<Cause>[], accountChanges: AccountChange<Cause>[]): Promise<void> {
    const items: OutboxItem[] = [];
    for (const c of schoolChanges) {
      items.push({
        def: c.type === 'upserted' ? Events.identitySchoolUpserted : Events.identitySchoolRemoved,
        event: { id: `${c.school.schoolId}:v${c.school.version}`, subject: c.school.schoolId, districtId: c.school.districtId, version: c.school.version, data: schoolState(c.school), ...c.meta },
      } as OutboxItem);
    }
    for (const c of accountChanges) {
      const state = accountState(c.account);
      const def = { created: Events.accountCreated, updated: Events.accountUpdated, archived: Events.accountArchived, restored: Events.accountRestored }[c.type];
      items.push({
        def,
        event: {
          id: `${c.account.accountId}:v${c.account.version}`,
          subject: c.account.accountId,
          districtId: c.account.districtId,
          version: c.account.version,
          data: c.type === 'updated' ? { ...state, changed: c.changed ?? [] } : state,
          ...c.meta,
        },
      } as OutboxItem);
    }
    if (items.length > 0) await this.options.outbox.addMany(em, items);
  }

  private observe(events: Envelope[], r: { schoolChanges: SchoolChange[]; accountChanges: AccountChange[]; ignored: number; districts: number }): void {
    const metrics = this.options.metrics;
    if (metrics) {
      for (const c of r.accountChanges) metrics.accountChanges.inc({ change: c.type });
      for (const c of r.schoolChanges) metrics.schoolChanges.inc({ change: c.type });
      if (r.ignored > 0) metrics.ignoredUsers.inc(r.ignored);
      if (r.accountChanges.length > 0) metrics.accountsChanged();
      const newest = new Map<string, number>();
      for (const e of events) {
        const topic = e.type.startsWith('roster.district') ? Topics.rosterDistricts.name : e.type.startsWith('roster.school') ? Topics.rosterSchools.name : Topics.rosterUsers.name;
        newest.set(topic, Math.max(newest.get(topic) ?? 0, Date.parse(e.time)));
      }
      for (const [topic, time] of newest) metrics.eventAge.set({ topic }, Math.max(0, (Date.now() - time) / 1000));
    }
    // Ids and counts only: never names or emails.
    this.options.logger.debug(
      {
        events: events.length,
        districtsChanged: r.districts,
        schoolChanges: r.schoolChanges.length,
        accountChanges: r.accountChanges.length,
        ignoredUsers: r.ignored,
        accountIds: r.accountChanges.slice(0, 20).map((c) => c.account.accountId),
      },
      'roster batch applied',
    );
  }
}

function toDistrictEvent(e: Envelope): DistrictEvent {
  if (isEvent(e, 'districtUpserted')) return { kind: 'upserted', version: e.version, name: e.data.name, state: e.data.state };
  if (isEvent(e, 'districtDisconnected')) return { kind: 'disconnected', version: e.version, reason: e.data.reason };
  throw new Error(`not a district event: ${e.type}`);
}

function toSchoolEvent(e: Envelope, districtRef: (cleverDistrictId: string) => { districtId: string; cleverDistrictId: string }): SchoolEvent<Cause> {
  if (isEvent(e, 'schoolUpserted')) return { kind: 'upserted', version: e.version, details: schoolDetails(e.data, districtRef(e.data.cleverDistrictId)), meta: causeOf(e) };
  if (isEvent(e, 'schoolRemoved')) return { kind: 'removed', version: e.version, meta: causeOf(e) };
  throw new Error(`not a school event: ${e.type}`);
}
