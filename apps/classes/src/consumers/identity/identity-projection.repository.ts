import type { AccountState, Envelope, SchoolState } from '@roster/contracts';
import { versionGuardedUpsertSql } from '@roster/messaging';
import { execute, query, valuesPlaceholders, type EntityManager } from '@roster/persistence';
import { rolesInSchool } from '../../domain/identity-reactions';
import { textArray, uuidArray } from '../../common/sql';

/** Districts named by identity events (their settings row; placementRequired defaults on). */
export async function upsertDistricts(em: EntityManager, districts: Map<string, string>): Promise<void> {
  if (districts.size === 0) return;
  await execute(
    em,
    `insert into district (id, clever_district_id) values ${valuesPlaceholders(districts.size, 2, ['uuid', undefined])}
     on conflict (id) do update set clever_district_id = excluded.clever_district_id, updated_at = now()
     where district.clever_district_id is distinct from excluded.clever_district_id`,
    [...districts].flat(),
  );
}

const SCHOOL_COLUMNS = ['id', 'district_id', 'clever_id', 'name', 'status', 'version', 'updated_at'];

/** Version-guarded bulk upsert of the newest event per school. */
export async function upsertSchools(em: EntityManager, events: Envelope<SchoolState>[]): Promise<void> {
  if (events.length === 0) return;
  const now = new Date().toISOString();
  await execute(
    em,
    versionGuardedUpsertSql({
      table: 'school',
      columns: SCHOOL_COLUMNS,
      conflict: ['id'],
      rows: events.length,
      casts: { id: 'uuid', district_id: 'uuid', version: 'bigint', updated_at: 'timestamptz' },
    }),
    events.flatMap((e) => [e.data.schoolId, e.data.districtId, e.data.cleverSchoolId, e.data.name, e.data.status, e.version, now]),
  );
}

/** Stored projection versions of these accounts, locked until the batch commits. */
export async function lockAccountVersions(em: EntityManager, ids: string[]): Promise<Map<string, number>> {
  const rows = await query<{ id: string; version: string }>(em, `select id, version from account where id = any(?::uuid[]) order by id for update`, [uuidArray(ids)]);
  return new Map(rows.map((r) => [r.id, Number(r.version)]));
}

const ACCOUNT_COLUMNS = [
  'id',
  'district_id',
  'clever_id',
  'status',
  'roles',
  'first_name',
  'middle_name',
  'last_name',
  'preferred_name',
  'grade',
  'sis_id',
  'student_number',
  'version',
  'updated_at',
];

/**
 * Version-guarded bulk upsert of the newest event per account (only the fields classes needs: no email)
 * and the rewrite of their school memberships; returns the ids whose projection moved forward.
 */
export async function upsertAccounts(em: EntityManager, events: Envelope<AccountState>[]): Promise<string[]> {
  if (events.length === 0) return [];
  const now = new Date().toISOString();
  const applied = await query<{ id: string }>(
    em,
    versionGuardedUpsertSql({
      table: 'account',
      columns: ACCOUNT_COLUMNS,
      conflict: ['id'],
      rows: events.length,
      casts: { id: 'uuid', district_id: 'uuid', roles: 'text[]', preferred_name: 'jsonb', version: 'bigint', updated_at: 'timestamptz' },
      returning: 'id',
    }),
    events.flatMap(({ data: a, version }) => [
      a.accountId,
      a.districtId,
      a.cleverUserId,
      a.status,
      textArray(a.roles),
      a.name.first,
      a.name.middle ?? null,
      a.name.last,
      a.preferredName ? JSON.stringify(a.preferredName) : null,
      a.grade ?? null,
      a.sisId ?? null,
      a.studentNumber ?? null,
      version,
      now,
    ]),
  );
  const appliedIds = new Set(applied.map((r) => r.id));
  const fresh = events.filter((e) => appliedIds.has(e.data.accountId));
  await replaceMemberships(em, fresh.map((e) => e.data));
  return [...appliedIds];
}

const MEMBERSHIP_CHUNK = 1000;

/** What the available-students text search matches: names (legal and preferred), sis_id, student_number. */
function searchText(a: AccountState): string {
  const p = a.preferredName;
  return [a.name.first, a.name.middle, a.name.last, p?.first, p?.middle, p?.last, a.sisId, a.studentNumber]
    .filter((x): x is string => !!x)
    .join(' ')
    .toLowerCase();
}

async function replaceMemberships(em: EntityManager, accounts: AccountState[]): Promise<void> {
  if (accounts.length === 0) return;
  await execute(em, `delete from account_school where account_id = any(?::uuid[])`, [uuidArray(accounts.map((a) => a.accountId))]);
  const rows = accounts.flatMap((a) =>
    a.schools.map((m) => {
      const roles = rolesInSchool(m, a.roles);
      return [
        a.accountId,
        m.schoolId,
        a.districtId,
        textArray(roles),
        roles.includes('student'),
        roles.includes('teacher'),
        a.status,
        a.grade ?? null,
        a.name.last.toLowerCase(),
        a.name.first.toLowerCase(),
        searchText(a),
      ];
    }),
  );
  for (let i = 0; i < rows.length; i += MEMBERSHIP_CHUNK) {
    const chunk = rows.slice(i, i + MEMBERSHIP_CHUNK);
    await execute(
      em,
      `insert into account_school (account_id, school_id, district_id, roles, is_student, is_teacher, status, grade, sort_last, sort_first, search_text)
       values ${valuesPlaceholders(chunk.length, 11, ['uuid', 'uuid', 'uuid', 'text[]'])}
       on conflict (account_id, school_id) do nothing`,
      chunk.flat(),
    );
  }
}
