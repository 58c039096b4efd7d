import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { Account } from '../../domain/account';
import type { District } from '../../domain/district';
import type { School } from '../../domain/school';
import { AccountEntity, accountColumns, accountFromRecord, type AccountRow } from '../../persistence/account.entity';
import { MAX_MERGE_HOPS } from '../../persistence/accounts.repository';
import { bulkColumns, entityColumns } from '../../persistence/columns';
import { DistrictEntity, districtColumns, districtFromRecord, type DistrictRecord } from '../../persistence/district.entity';
import { SchoolEntity, schoolColumns, schoolFromRecord, type SchoolRow } from '../../persistence/school.entity';

/** A version-guarded write found the row changed under it (another writer of the same key): the batch is retried. */
export class ConcurrentChangeError extends Error {
  readonly code = 'IDENTITY.CONCURRENT_CHANGE';
  constructor(what: string) {
    super(`${what} changed concurrently; retrying the batch`);
    this.name = 'ConcurrentChangeError';
  }
}

const byCleverId = (a: { clever_id: string }, b: { clever_id: string }) => (a.clever_id < b.clever_id ? -1 : a.clever_id > b.clever_id ? 1 : 0);
/** The district's ids, as the school and account mappings read them. */
const districtRef = sql`json_build_object('id', d.id, 'cleverId', d.clever_id) as district`;

/**
 * The roster consumer's reads and writes: every method is one statement (or two when rows are missing)
 * for the whole batch, in SQL through @roster/persistence's helper (the hot path of a full sync): reads
 * select the entities' columns (entityColumns) and map rows with the entity files' mappings, without
 * hydrating entities; the version-guarded bulk writes bind their rows (the entity files' `*Columns`
 * mappings) as one JSON document, with the columns typed from the entities (bulkColumns). Rows are written in Clever-id order and
 * tables in the order district → school → account, so concurrent partitions cannot deadlock.
 *
 * Tenancy of Clever ids: a school or account keeps the district it was created in. The writes never set
 * `district_id` of an existing row and are guarded by it (a row of another district is not written: the
 * batch fails as a concurrent change and is retried, and the handler's rules then drop the foreign
 * event); migration 0002 refuses a district move in the database as well.
 */
export class RosterRepository {
  constructor(private readonly newId: () => string) {}

  /** The districts with these Clever ids; a placeholder row is created for any not seen yet. */
  async ensureDistricts(em: EntityManager, cleverIds: string[]): Promise<Map<string, District>> {
    const found = new Map<string, District>();
    if (cleverIds.length === 0) return found;
    const select = async (ids: string[]) => {
      const rows = await selectRows<DistrictRecord>(em, sql`select ${entityColumns(em, DistrictEntity, 'd')} from district d where d.clever_id = any(${ids}::text[])`);
      for (const r of rows) found.set(r.cleverId, districtFromRecord(r));
    };
    await select(cleverIds);
    const missing = cleverIds.filter((id) => !found.has(id)).sort();
    if (missing.length > 0) {
      const rows = missing.map((clever_id) => ({ id: this.newId(), clever_id }));
      const c = bulkColumns(em, DistrictEntity, Object.keys(rows[0]));
      await executeStatement(
        em,
        sql`insert into district (${c.list})
            select ${c.of('r')} from json_to_recordset(${jsonDocument(rows)}::json) as r(${c.definition}) order by r.clever_id
            on conflict (clever_id) do nothing`,
      );
      // Re-read: another partition may have created some of them first.
      await select(missing);
    }
    return found;
  }

  async saveDistricts(em: EntityManager, districts: District[]): Promise<void> {
    if (districts.length === 0) return;
    const rows = districts.map(districtColumns).sort(byCleverId);
    const c = bulkColumns(em, DistrictEntity, Object.keys(rows[0]));
    const updated = await selectRows<{ id: string }>(
      em,
      sql`update district d set ${c.assign('r', ['id', 'clever_id'])}, updated_at = now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(${c.definition})
          where d.id = r.id and d.source_version < r.source_version
          returning d.id`,
    );
    if (updated.length !== rows.length) throw new ConcurrentChangeError('district');
  }

  /**
   * The schools with these Clever ids; a placeholder (in the given district) is created for any not seen
   * yet, so a user can reference a school whose own event has not arrived.
   */
  async ensureSchools(em: EntityManager, wanted: Map<string, District>): Promise<Map<string, School>> {
    const found = new Map<string, School>();
    if (wanted.size === 0) return found;
    // `for share of s`: a batch that claims one of these schools for its district (an unclaimed placeholder,
    // domain/tenancy.ts) waits until this batch committed, then releases the memberships this batch wrote; and
    // this batch, if the claim came first, reads the school as claimed. Without it the two could interleave and
    // an account keep a membership of another district's school.
    const select = async (ids: string[]) => {
      const rows = await selectRows<SchoolRow>(
        em,
        sql`select ${entityColumns(em, SchoolEntity, 's')}, ${districtRef} from school s join district d on d.id = s.district_id
            where s.clever_id = any(${ids}::text[]) order by s.clever_id for share of s`,
      );
      for (const r of rows) found.set(r.cleverId, schoolFromRecord(r));
    };
    await select([...wanted.keys()]);
    const missing = [...wanted.keys()].filter((id) => !found.has(id)).sort();
    if (missing.length > 0) {
      const rows = missing.map((clever_id) => ({ id: this.newId(), clever_id, district_id: wanted.get(clever_id)!.districtId }));
      const c = bulkColumns(em, SchoolEntity, Object.keys(rows[0]));
      await executeStatement(
        em,
        sql`insert into school (${c.list})
            select ${c.of('r')} from json_to_recordset(${jsonDocument(rows)}::json) as r(${c.definition}) order by r.clever_id
            on conflict (clever_id) do nothing`,
      );
      await select(missing);
    }
    return found;
  }

  /**
   * Moves unclaimed placeholder schools to the district that claimed them (domain/tenancy.ts
   * `isUnclaimed`); guarded so a school that had an event of its own never moves (migration 0005 lets
   * only this move through the database's district-move refusal).
   */
  async claimSchools(em: EntityManager, schools: School[]): Promise<void> {
    if (schools.length === 0) return;
    const rows = schools.map((s) => ({ id: s.schoolId, district_id: s.districtId })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const moved = await executeStatement(
      em,
      sql`update school s set district_id = r.district_id, updated_at = now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, district_id uuid)
          where s.id = r.id and s.name is null and s.source_version < 0`,
    );
    if (moved !== rows.length) throw new ConcurrentChangeError('school');
  }

  async saveSchools(em: EntityManager, schools: School[]): Promise<void> {
    if (schools.length === 0) return;
    const rows = schools.map(schoolColumns).sort(byCleverId);
    const c = bulkColumns(em, SchoolEntity, Object.keys(rows[0]));
    const updated = await selectRows<{ id: string }>(
      em,
      sql`update school s set ${c.assign('r', ['id', 'clever_id', 'district_id'])},
            updated_at = case when s.version <> r.version then now() else s.updated_at end
          from json_to_recordset(${jsonDocument(rows)}::json) as r(${c.definition})
          where s.id = r.id and s.source_version < r.source_version and s.district_id = r.district_id
          returning s.id`,
    );
    if (updated.length !== rows.length) throw new ConcurrentChangeError('school');
  }

  async loadAccounts(em: EntityManager, cleverUserIds: string[]): Promise<Map<string, Account>> {
    const found = new Map<string, Account>();
    if (cleverUserIds.length === 0) return found;
    const rows = await selectRows<AccountRow>(
      em,
      sql`select ${entityColumns(em, AccountEntity, 'a')}, ${districtRef} from account a join district d on d.id = a.district_id where a.clever_id = any(${cleverUserIds}::text[])`,
    );
    for (const r of rows) found.set(r.cleverId, accountFromRecord(r));
    return found;
  }

  /** Accounts of other districts than a school's own that hold a membership of it, for each of these schools. */
  async loadMembersOfOtherDistricts(em: EntityManager, schools: School[]): Promise<Account[]> {
    if (schools.length === 0) return [];
    const rows = await selectRows<AccountRow>(
      em,
      sql`select ${entityColumns(em, AccountEntity, 'a')}, ${districtRef}
          from json_to_recordset(${jsonDocument(schools.map((s) => ({ id: s.schoolId, district_id: s.districtId })))}::json) as claimed(id uuid, district_id uuid)
          join account a on a.schools @> jsonb_build_array(jsonb_build_object('schoolId', claimed.id)) and a.district_id <> claimed.district_id
          join district d on d.id = a.district_id
          order by a.clever_id`,
    );
    const unique = new Map<string, Account>();
    for (const r of rows) unique.set(r.cleverId, accountFromRecord(r));
    return [...unique.values()];
  }

  /** Writes accounts whose memberships alone changed (same source version, next version), guarded by the version. */
  async saveMemberships(em: EntityManager, accounts: Account[]): Promise<void> {
    if (accounts.length === 0) return;
    const rows = accounts.map((a) => ({ id: a.accountId, version: a.version, schools: a.schools })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const written = await executeStatement(
      em,
      sql`update account a set schools = r.schools, version = r.version, updated_at = now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, version int, schools jsonb)
          where a.id = r.id and a.version = r.version - 1`,
    );
    if (written !== rows.length) throw new ConcurrentChangeError('account');
  }

  /**
   * The accounts these merged accounts resolve to (issue 16), locked until the batch commits: each id's
   * chain of merges is followed to the account that is not merged (at most MAX_MERGE_HOPS). Keyed by the
   * merged account's id.
   */
  async loadMergeTargets(em: EntityManager, mergedIntoIds: Map<string, string>): Promise<Map<string, Account>> {
    const resolved = new Map<string, Account>();
    let pending = new Map(mergedIntoIds);
    for (let hop = 0; pending.size > 0 && hop < MAX_MERGE_HOPS; hop++) {
      const rows = await selectRows<AccountRow>(
        em,
        sql`select ${entityColumns(em, AccountEntity, 'a')}, ${districtRef} from account a join district d on d.id = a.district_id
            where a.id = any(${[...new Set(pending.values())]}::uuid[]) order by a.id for update of a`,
      );
      const byId = new Map(rows.map((r) => [r.id, accountFromRecord(r)]));
      const next = new Map<string, string>();
      for (const [aliasId, targetId] of pending) {
        const target = byId.get(targetId);
        if (!target) continue;
        if (target.mergedIntoId) next.set(aliasId, target.mergedIntoId);
        else resolved.set(aliasId, target);
      }
      pending = next;
    }
    return resolved;
  }

  /**
   * Writes merge targets restored through an alias (their source version is not the alias's: the guard
   * is our own version, read under lock by loadMergeTargets).
   */
  async saveRestoredTargets(em: EntityManager, accounts: Account[]): Promise<void> {
    if (accounts.length === 0) return;
    const rows = accounts.map((a) => {
      const { source_version: _ignored, ...columns } = accountColumns(a);
      return columns;
    }).sort(byCleverId);
    const c = bulkColumns(em, AccountEntity, Object.keys(rows[0]));
    const written = await selectRows<{ id: string }>(
      em,
      sql`update account a set ${c.assign('r', ['id', 'clever_id', 'district_id'])}, updated_at = now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(${c.definition})
          where a.id = r.id and a.version = r.version - 1 and a.district_id = r.district_id and a.merged_into_id is null
          returning a.id`,
    );
    if (written.length !== rows.length) throw new ConcurrentChangeError('account');
  }

  /**
   * Inserts new accounts and updates changed ones in one statement. An update is guarded by the version this
   * batch read (`read`, as loadAccounts returned it, keyed by Clever id): any other writer of the row since
   * then (the retention job's erasure, a merge, a restore through an alias, a future command) moved the
   * version on, so the write is refused and the batch retried on top of it; writing over it would lose that
   * change and publish a second `<id>:v<n>` event that the outbox drops. An insert must not find the Clever
   * id taken. Every row must be written with the id we hold; anything else means a concurrent writer, and
   * the batch is retried.
   */
  async saveAccounts(em: EntityManager, accounts: Account[], read: ReadonlyMap<string, Account>): Promise<void> {
    if (accounts.length === 0) return;
    const rows = accounts.map(accountColumns).sort(byCleverId);
    const c = bulkColumns(em, AccountEntity, Object.keys(rows[0]));
    const guarded = rows.map((r) => ({ ...r, read_version: read.get(r.clever_id)?.version ?? null }));
    const written = await selectRows<{ id: string }>(
      em,
      sql`with r as (select * from json_to_recordset(${jsonDocument(guarded)}::json) as r(${c.definition}, read_version int)),
          updated as (
            update account a set ${c.assign('r', ['id', 'clever_id', 'district_id'])},
              updated_at = case when a.version <> r.version then now() else a.updated_at end
            from r
            where r.read_version is not null and a.id = r.id and a.version = r.read_version
              and a.district_id = r.district_id and a.source_version < r.source_version
            returning a.id),
          inserted as (
            insert into account (${c.list})
            select ${c.of('r')} from r where r.read_version is null order by r.clever_id
            on conflict (clever_id) do nothing
            returning id)
          select id from updated union all select id from inserted`,
    );
    if (written.length !== rows.length) throw new ConcurrentChangeError('account');
  }
}
