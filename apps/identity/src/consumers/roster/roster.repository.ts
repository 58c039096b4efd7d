import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { Account } from '../../domain/account';
import type { District } from '../../domain/district';
import type { School } from '../../domain/school';
import { AccountEntity, accountColumns, accountFromRecord, type AccountRow } from '../../persistence/account.entity';
import { entityColumns } from '../../persistence/columns';
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
 * hydrating entities; the version-guarded bulk writes bind their rows as one JSON document. Rows are written in Clever-id order and
 * tables in the order district → school → account, so concurrent partitions cannot deadlock.
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
      await executeStatement(
        em,
        sql`insert into district (id, clever_id)
            select r.id, r.clever_id from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_id text) order by r.clever_id
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
    const updated = await selectRows<{ id: string }>(
      em,
      sql`update district d set name = r.name, clever_state = r.clever_state, connection_status = r.connection_status,
            disconnected_reason = r.disconnected_reason, connection_changed_at = r.connection_changed_at,
            source_version = r.source_version, updated_at = now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_id text, name text, clever_state text, connection_status text,
            disconnected_reason text, connection_changed_at timestamptz, source_version bigint)
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
    const select = async (ids: string[]) => {
      const rows = await selectRows<SchoolRow>(
        em,
        sql`select ${entityColumns(em, SchoolEntity, 's')}, ${districtRef} from school s join district d on d.id = s.district_id where s.clever_id = any(${ids}::text[])`,
      );
      for (const r of rows) found.set(r.cleverId, schoolFromRecord(r));
    };
    await select([...wanted.keys()]);
    const missing = [...wanted.keys()].filter((id) => !found.has(id)).sort();
    if (missing.length > 0) {
      const rows = missing.map((clever_id) => ({ id: this.newId(), clever_id, district_id: wanted.get(clever_id)!.districtId }));
      await executeStatement(
        em,
        sql`insert into school (id, clever_id, district_id)
            select r.id, r.clever_id, r.district_id from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_id text, district_id uuid)
            order by r.clever_id
            on conflict (clever_id) do nothing`,
      );
      await select(missing);
    }
    return found;
  }

  async saveSchools(em: EntityManager, schools: School[]): Promise<void> {
    if (schools.length === 0) return;
    const rows = schools.map(schoolColumns).sort(byCleverId);
    const updated = await selectRows<{ id: string }>(
      em,
      sql`update school s set district_id = r.district_id, name = r.name, sis_id = r.sis_id, school_number = r.school_number,
            state_id = r.state_id, low_grade = r.low_grade, high_grade = r.high_grade, status = r.status, removed_at = r.removed_at,
            source_version = r.source_version, version = r.version,
            updated_at = case when s.version <> r.version then now() else s.updated_at end
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_id text, district_id uuid, name text, sis_id text, school_number text,
            state_id text, low_grade text, high_grade text, status text, removed_at timestamptz, source_version bigint, version int)
          where s.id = r.id and s.source_version < r.source_version
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

  /**
   * Inserts new accounts and updates changed ones in one statement, guarded by the source version. Every
   * row must be written with the id we hold; anything else means a concurrent writer, and the batch is retried.
   */
  async saveAccounts(em: EntityManager, accounts: Account[]): Promise<void> {
    if (accounts.length === 0) return;
    const rows = accounts.map(accountColumns).sort(byCleverId);
    const written = await selectRows<{ id: string }>(
      em,
      sql`insert into account as a (id, clever_id, district_id, status, roles, first_name, middle_name, last_name,
            preferred_first_name, preferred_middle_name, preferred_last_name, email, grade, sis_id, student_number, state_id,
            teacher_number, staff_id, title, schools, source_version, version, archived_at)
          select r.id, r.clever_id, r.district_id, r.status, r.roles, r.first_name, r.middle_name, r.last_name,
            r.preferred_first_name, r.preferred_middle_name, r.preferred_last_name, r.email, r.grade, r.sis_id, r.student_number, r.state_id,
            r.teacher_number, r.staff_id, r.title, r.schools, r.source_version, r.version, r.archived_at
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_id text, district_id uuid, status text, roles text[], first_name text,
            middle_name text, last_name text, preferred_first_name text, preferred_middle_name text, preferred_last_name text, email text,
            grade text, sis_id text, student_number text, state_id text, teacher_number text, staff_id text, title text, schools jsonb,
            source_version bigint, version int, archived_at timestamptz)
          on conflict (clever_id) do update set
            district_id = excluded.district_id, status = excluded.status, roles = excluded.roles, first_name = excluded.first_name,
            middle_name = excluded.middle_name, last_name = excluded.last_name, preferred_first_name = excluded.preferred_first_name,
            preferred_middle_name = excluded.preferred_middle_name, preferred_last_name = excluded.preferred_last_name,
            email = excluded.email, grade = excluded.grade, sis_id = excluded.sis_id, student_number = excluded.student_number,
            state_id = excluded.state_id, teacher_number = excluded.teacher_number, staff_id = excluded.staff_id, title = excluded.title,
            schools = excluded.schools, source_version = excluded.source_version, version = excluded.version,
            archived_at = excluded.archived_at,
            updated_at = case when a.version <> excluded.version then now() else a.updated_at end
          where a.source_version < excluded.source_version and a.id = excluded.id
          returning a.id`,
    );
    if (written.length !== rows.length) throw new ConcurrentChangeError('account');
  }
}
