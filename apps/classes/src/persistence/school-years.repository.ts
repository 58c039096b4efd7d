import { Injectable } from '@nestjs/common';
import { executeStatement, selectRow, selectRows, sql, type EntityManager, type SqlFragment } from '@roster/persistence';
import { defaultSchoolYear, defaultSchoolYearId, type PlacementValidity, type SchoolYear } from '../domain/school-year';

interface YearRow {
  id: string;
  district_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  status: 'current' | 'ended';
}

export interface SchoolCounts {
  schoolId: string;
  name?: string;
  classesToArchive: number;
  enrollmentsToEnd: number;
  studentsReturning: number;
  classesCarriedForward: number;
}

const yearColumns = sql`id, district_id, name, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on, status`;

function toYear(r: YearRow): SchoolYear {
  return { id: r.id, districtId: r.district_id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, status: r.status };
}

/** The classes of a year that a rollover ends: active, of the year or not yet assigned (which is the current year). */
function endingClasses(districtId: string, yearId: string): SqlFragment {
  return sql`select c.id, c.school_id from class c
             where c.district_id = ${districtId} and c.status = 'active' and (c.school_year_id = ${yearId} or c.school_year_id is null)`;
}

/** The name of a district's rollover lock (tests hold it to make two rollovers meet). */
export function rolloverLockName(districtId: string): string {
  return `classes.school-year-rollover/${districtId.toLowerCase()}`;
}

/**
 * Reads and writes school years (tables `school_year`, `school_year_rollover`, `class.school_year_id`) and the
 * district's `placement_validity`. Set-based SQL through the one helper: a rollover moves whole districts.
 */
@Injectable()
export class SchoolYearsRepository {
  /**
   * The district's current year without writing anything: the stored one, else the default year of `today` (with
   * the id it will be stored under). Classes not assigned to a year belong to it.
   */
  async currentOrDefault(em: EntityManager, districtId: string, today: Date): Promise<SchoolYear> {
    const stored = await this.current(em, districtId);
    if (stored) return stored;
    const d = defaultSchoolYear(today);
    return { id: defaultSchoolYearId(districtId, d.name), districtId, ...d, status: 'current' };
  }

  /**
   * The district's current year, stored (a rollover's starting point): a district without one gets its default year
   * (a concurrent caller's insert wins, the other reads it). Classes not yet assigned to a year are assigned to it.
   */
  async ensureCurrent(em: EntityManager, districtId: string, today: Date): Promise<SchoolYear> {
    const d = await this.currentOrDefault(em, districtId, today);
    await executeStatement(
      em,
      sql`insert into school_year (id, district_id, name, starts_on, ends_on, status)
          values (${d.id}, ${districtId}, ${d.name}, ${d.startsOn}::date, ${d.endsOn}::date, 'current')
          on conflict do nothing`,
    );
    const current = (await this.current(em, districtId))!;
    await executeStatement(em, sql`update class set school_year_id = ${current.id} where district_id = ${districtId} and school_year_id is null`);
    return current;
  }

  /**
   * Serialises the rollovers of one district until the transaction ends. An advisory lock, not a row: classes may
   * have no `district` row for it, and the current year's row is the one a rollover changes (a waiter re-checking it
   * would find no current year at all).
   */
  async lockRollovers(em: EntityManager, districtId: string): Promise<void> {
    await executeStatement(em, sql`select pg_advisory_xact_lock(hashtextextended(${rolloverLockName(districtId)}, 0))`);
  }

  async current(em: EntityManager, districtId: string, lock = false): Promise<SchoolYear | undefined> {
    const row = await selectRow<YearRow>(
      em,
      sql`select ${yearColumns} from school_year where district_id = ${districtId} and status = 'current' ${lock ? sql`for update` : sql``}`,
    );
    return row ? toYear(row) : undefined;
  }

  /** Current first, then the ended years newest first. */
  async list(em: EntityManager, districtId: string): Promise<SchoolYear[]> {
    const rows = await selectRows<YearRow>(
      em,
      sql`select ${yearColumns} from school_year where district_id = ${districtId} order by status = 'current' desc, starts_on desc, name desc`,
    );
    return rows.map(toYear);
  }

  async names(em: EntityManager, districtId: string): Promise<string[]> {
    return (await selectRows<{ name: string }>(em, sql`select name from school_year where district_id = ${districtId}`)).map((r) => r.name);
  }

  /** Ids among `ids` that are not active classes of the ending year of this district (unknown, another district's, archived). */
  async notCarriable(em: EntityManager, districtId: string, yearId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows<{ id: string }>(
      em,
      sql`select i.id from unnest(${[...ids]}::uuid[]) as i(id)
          where not exists (select 1 from (${endingClasses(districtId, yearId)}) c where c.id = i.id)`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * What a rollover of this year would do, per school: its classes archived, their active enrollments ended,
   * the distinct active students of the school among those (back in the available list: every active class
   * of the school ends, so none keeps an enrollment there) and the classes carried forward.
   */
  async plan(em: EntityManager, districtId: string, yearId: string, carryForward: readonly string[]): Promise<SchoolCounts[]> {
    const rows = await selectRows<{ school_id: string; name: string | null; classes: number; enrollments: number; students: number; carried: number }>(
      em,
      sql`with cls as (${endingClasses(districtId, yearId)}),
               enr as (select e.school_id, e.student_id from enrollment e join cls on cls.id = e.class_id where e.status = 'active')
          select k.school_id, s.name,
                 (select count(*) from cls where cls.school_id = k.school_id)::int as classes,
                 (select count(*) from enr where enr.school_id = k.school_id)::int as enrollments,
                 (select count(distinct enr.student_id) from enr
                    join account_school m on m.account_id = enr.student_id and m.school_id = enr.school_id and m.is_student and m.status = 'active'
                    where enr.school_id = k.school_id)::int as students,
                 (select count(*) from cls where cls.school_id = k.school_id and cls.id = any(${[...carryForward]}::uuid[]))::int as carried
          from (select distinct school_id from cls) k left join school s on s.id = k.school_id
          order by s.name, k.school_id`,
    );
    return rows.map((r) => ({
      schoolId: r.school_id,
      ...(r.name !== null ? { name: r.name } : {}),
      classesToArchive: r.classes,
      enrollmentsToEnd: r.enrollments,
      studentsReturning: r.students,
      classesCarriedForward: r.carried,
    }));
  }

  /** The stored answer of an earlier rollover with this key. */
  async rolloverOfKey(em: EntityManager, districtId: string, key: string): Promise<{ request: unknown; result: unknown } | undefined> {
    return selectRow<{ request: unknown; result: unknown }>(
      em,
      sql`select request, result from school_year_rollover where district_id = ${districtId} and idempotency_key = ${key}`,
    );
  }

  async recordRollover(em: EntityManager, districtId: string, key: string, request: unknown, result: unknown): Promise<void> {
    await executeStatement(
      em,
      sql`insert into school_year_rollover (district_id, idempotency_key, request, result)
          values (${districtId}, ${key}, ${JSON.stringify(request)}::jsonb, ${JSON.stringify(result)}::jsonb)`,
    );
  }

  /** Ends the current year and starts the next one as current. */
  async startYear(em: EntityManager, ending: SchoolYear, next: Pick<SchoolYear, 'name' | 'startsOn' | 'endsOn'>): Promise<SchoolYear> {
    await executeStatement(em, sql`update school_year set status = 'ended', ended_at = now() where id = ${ending.id}`);
    const row = await selectRow<YearRow>(
      em,
      sql`insert into school_year (id, district_id, name, starts_on, ends_on, status)
          values (${defaultSchoolYearId(ending.districtId, next.name)}, ${ending.districtId}, ${next.name}, ${next.startsOn}::date, ${next.endsOn}::date, 'current')
          returning ${yearColumns}`,
    );
    return toYear(row!);
  }

  async schoolNames(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await selectRows<{ id: string; name: string }>(em, sql`select id, name from school where id = any(${[...ids]}::uuid[])`);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async placementValidity(em: EntityManager, districtId: string): Promise<PlacementValidity> {
    const row = await selectRow<{ v: PlacementValidity }>(em, sql`select placement_validity as v from district where id = ${districtId}`);
    return row?.v ?? 'any';
  }

  /** Writes the setting; a district classes has not heard of yet gets its row with the other defaults. */
  async setPlacementValidity(em: EntityManager, districtId: string, value: PlacementValidity): Promise<void> {
    await executeStatement(
      em,
      sql`insert into district (id, placement_validity) values (${districtId}, ${value})
          on conflict (id) do update set placement_validity = excluded.placement_validity, updated_at = now()`,
    );
  }

  /** Of these students, those whose placement that counts was tested before `startsOn` (earlier school years). */
  async placedBefore(em: EntityManager, studentIds: readonly string[], startsOn: string): Promise<Set<string>> {
    if (studentIds.length === 0) return new Set();
    const rows = await selectRows<{ student_id: string }>(
      em,
      sql`select student_id from placement_latest where student_id = any(${[...studentIds]}::uuid[]) and tested_on < ${startsOn}::date`,
    );
    return new Set(rows.map((r) => r.student_id));
  }
}
