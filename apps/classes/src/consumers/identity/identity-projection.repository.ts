import { Injectable } from '@nestjs/common';
import type { AccountState, Envelope, SchoolState } from '@roster/contracts';
import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import { rolesInSchool } from '../../domain/identity-reactions';

const MEMBERSHIP_CHUNK = 5000;

/** What the available-students text search matches: names (legal and preferred), sis_id, student_number. */
function searchText(a: AccountState): string {
  const p = a.preferredName;
  return [a.name.first, a.name.middle, a.name.last, p?.first, p?.middle, p?.last, a.sisId, a.studentNumber]
    .filter((x): x is string => !!x)
    .join(' ')
    .toLowerCase();
}

/**
 * The identity projections (tables `district`, `school`, `account`, `account_school`), written in bulk
 * with set-based SQL: a batch of events costs a fixed number of statements whatever its size.
 */
@Injectable()
export class IdentityProjectionRepository {
  /** Districts named by identity events (their settings row; placementRequired defaults on). */
  async upsertDistricts(em: EntityManager, districts: Map<string, string>): Promise<void> {
    if (districts.size === 0) return;
    const rows = [...districts].map(([id, cleverDistrictId]) => ({ id, clever_district_id: cleverDistrictId }));
    await executeStatement(
      em,
      sql`insert into district (id, clever_district_id)
          select r.id, r.clever_district_id from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, clever_district_id text)
          on conflict (id) do update set clever_district_id = excluded.clever_district_id, updated_at = now()
          where district.clever_district_id is distinct from excluded.clever_district_id`,
    );
  }

  /** Version-guarded bulk upsert of the newest event per school. */
  async upsertSchools(em: EntityManager, events: Envelope<SchoolState>[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => ({
      id: e.data.schoolId,
      district_id: e.data.districtId,
      clever_id: e.data.cleverSchoolId,
      name: e.data.name,
      status: e.data.status,
      version: e.version,
    }));
    await executeStatement(
      em,
      sql`insert into school (id, district_id, clever_id, name, status, version, updated_at)
          select r.id, r.district_id, r.clever_id, r.name, r.status, r.version, now()
          from json_to_recordset(${jsonDocument(rows)}::json) as r(id uuid, district_id uuid, clever_id text, name text, status text, version bigint)
          on conflict (id) do update set district_id = excluded.district_id, clever_id = excluded.clever_id, name = excluded.name,
            status = excluded.status, version = excluded.version, updated_at = excluded.updated_at
          where school.version < excluded.version`,
    );
  }

  /** Stored projection versions of these accounts, locked until the batch commits. */
  async lockAccountVersions(em: EntityManager, ids: string[]): Promise<Map<string, number>> {
    const rows = await selectRows<{ id: string; version: string }>(em, sql`select id, version from account where id = any(${ids}::uuid[]) order by id for update`);
    return new Map(rows.map((r) => [r.id, Number(r.version)]));
  }

  /**
   * Version-guarded bulk upsert of the newest event per account (only the fields classes needs: no email)
   * and the rewrite of their school memberships; returns the ids whose projection moved forward.
   */
  async upsertAccounts(em: EntityManager, events: Envelope<AccountState>[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows = events.map(({ data: a, version }) => ({
      id: a.accountId,
      district_id: a.districtId,
      clever_id: a.cleverUserId,
      status: a.status,
      roles: a.roles,
      first_name: a.name.first,
      middle_name: a.name.middle ?? null,
      last_name: a.name.last,
      preferred_name: a.preferredName ?? null,
      grade: a.grade ?? null,
      sis_id: a.sisId ?? null,
      student_number: a.studentNumber ?? null,
      version,
    }));
    const applied = await selectRows<{ id: string }>(
      em,
      sql`insert into account (id, district_id, clever_id, status, roles, first_name, middle_name, last_name, preferred_name, grade, sis_id,
                               student_number, version, updated_at)
          select r.id, r.district_id, r.clever_id, r.status, array(select json_array_elements_text(r.roles)), r.first_name, r.middle_name,
                 r.last_name, r.preferred_name, r.grade, r.sis_id, r.student_number, r.version, now()
          from json_to_recordset(${jsonDocument(rows)}::json)
            as r(id uuid, district_id uuid, clever_id text, status text, roles json, first_name text, middle_name text, last_name text,
                 preferred_name jsonb, grade text, sis_id text, student_number text, version bigint)
          on conflict (id) do update set district_id = excluded.district_id, clever_id = excluded.clever_id, status = excluded.status,
            roles = excluded.roles, first_name = excluded.first_name, middle_name = excluded.middle_name, last_name = excluded.last_name,
            preferred_name = excluded.preferred_name, grade = excluded.grade, sis_id = excluded.sis_id,
            student_number = excluded.student_number, version = excluded.version, updated_at = excluded.updated_at
          where account.version < excluded.version
          returning id`,
    );
    const appliedIds = new Set(applied.map((r) => r.id));
    await this.replaceMemberships(em, events.filter((e) => appliedIds.has(e.data.accountId)).map((e) => e.data));
    return [...appliedIds];
  }

  private async replaceMemberships(em: EntityManager, accounts: AccountState[]): Promise<void> {
    if (accounts.length === 0) return;
    await executeStatement(em, sql`delete from account_school where account_id = any(${accounts.map((a) => a.accountId)}::uuid[])`);
    const rows = accounts.flatMap((a) =>
      a.schools.map((m) => {
        const roles = rolesInSchool(m, a.roles);
        return {
          account_id: a.accountId,
          school_id: m.schoolId,
          district_id: a.districtId,
          roles,
          is_student: roles.includes('student'),
          is_teacher: roles.includes('teacher'),
          status: a.status,
          grade: a.grade ?? null,
          sort_last: a.name.last.toLowerCase(),
          sort_first: a.name.first.toLowerCase(),
          search_text: searchText(a),
        };
      }),
    );
    for (let i = 0; i < rows.length; i += MEMBERSHIP_CHUNK) {
      const chunk = rows.slice(i, i + MEMBERSHIP_CHUNK);
      await executeStatement(
        em,
        sql`insert into account_school (account_id, school_id, district_id, roles, is_student, is_teacher, status, grade, sort_last, sort_first, search_text)
            select r.account_id, r.school_id, r.district_id, array(select json_array_elements_text(r.roles)), r.is_student, r.is_teacher, r.status,
                   r.grade, r.sort_last, r.sort_first, r.search_text
            from json_to_recordset(${jsonDocument(chunk)}::json)
              as r(account_id uuid, school_id uuid, district_id uuid, roles json, is_student boolean, is_teacher boolean, status text, grade text,
                   sort_last text, sort_first text, search_text text)
            on conflict (account_id, school_id) do nothing`,
      );
    }
  }
}
