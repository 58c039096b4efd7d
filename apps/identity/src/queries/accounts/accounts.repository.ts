import type { AccountRole } from '@roster/contracts';
import { query, type EntityManager } from '@roster/persistence';
import { ACCOUNT_COLUMNS, type AccountRow } from '../../persistence/rows';
import { storedAccount, type StoredAccount } from '../../persistence/readers';
import { likeEscape } from '../../persistence/sql';

export interface AccountSearch {
  districtId: string;
  /** Schools the caller may see ('all' for a district admin): accounts of at least one of them. */
  scope: 'all' | string[];
  schoolId?: string;
  role?: AccountRole;
  status?: 'active' | 'archived';
  cleverId?: string;
  /** Case-insensitive; every word must appear in the name, email, sis_id or student_number. */
  q?: string;
  after?: [string, string, string];
  limit: number;
}

export type AccountHit = StoredAccount & { sortKey: [string, string, string] };

const memberOf = (schoolId: string) => JSON.stringify([{ schoolId }]);

/**
 * Keyset page of a district's accounts sorted by last name, first name, id (case-insensitive), on the
 * (district_id, lower(last_name), lower(first_name), id) index; school filters use the GIN index on
 * `schools`, text search the trigram index on `search_text`. Fetches `limit + 1` rows.
 */
export async function searchAccounts(em: EntityManager, s: AccountSearch): Promise<AccountHit[]> {
  const where = ['a.district_id = ?'];
  const params: unknown[] = [s.districtId];
  if (s.scope !== 'all') {
    if (s.scope.length === 0) return [];
    where.push(`(${s.scope.map(() => 'a.schools @> ?::jsonb').join(' or ')})`);
    params.push(...s.scope.map(memberOf));
  }
  if (s.schoolId) {
    where.push('a.schools @> ?::jsonb');
    params.push(memberOf(s.schoolId));
  }
  if (s.role) {
    where.push('a.roles @> ?::text[]');
    params.push(`{${s.role}}`);
  }
  if (s.status) {
    where.push('a.status = ?');
    params.push(s.status);
  }
  if (s.cleverId) {
    where.push('a.clever_id = ?');
    params.push(s.cleverId);
  }
  for (const word of (s.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
    where.push('a.search_text like ?');
    params.push(`%${likeEscape(word)}%`);
  }
  if (s.after) {
    where.push('(lower(a.last_name), lower(a.first_name), a.id) > (?, ?, ?::uuid)');
    params.push(...s.after);
  }
  params.push(s.limit + 1);
  const rows = await query<AccountRow & { sort_last: string; sort_first: string }>(
    em,
    `select ${ACCOUNT_COLUMNS}, lower(a.last_name) as sort_last, lower(a.first_name) as sort_first
     from account a join district d on d.id = a.district_id
     where ${where.join(' and ')}
     order by lower(a.last_name), lower(a.first_name), a.id
     limit ?`,
    params,
  );
  return rows.map((row) => ({ ...storedAccount(row), sortKey: [row.sort_last, row.sort_first, row.id] }));
}
