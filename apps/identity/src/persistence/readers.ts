import { query, type EntityManager } from '@roster/persistence';
import type { Account } from '../domain/account';
import type { District } from '../domain/district';
import type { School } from '../domain/school';
import { ACCOUNT_COLUMNS, DISTRICT_COLUMNS, SCHOOL_COLUMNS, accountFromRow, districtFromRow, schoolFromRow, type AccountRow, type DistrictRow, type SchoolRow } from './rows';
import { isoTime } from './sql';

export interface StoredAccount {
  account: Account;
  createdAt: string;
  updatedAt: string;
}

export function storedAccount(row: AccountRow): StoredAccount {
  return { account: accountFromRow(row), createdAt: isoTime(row.created_at)!, updatedAt: isoTime(row.updated_at)! };
}

/** Single-row reads shared by the queries (by our id or by Clever id). */
export async function findAccount(em: EntityManager, by: { id: string } | { cleverId: string }): Promise<StoredAccount | undefined> {
  const [column, value] = 'id' in by ? ['a.id', by.id] : ['a.clever_id', by.cleverId];
  const rows = await query<AccountRow>(em, `select ${ACCOUNT_COLUMNS} from account a join district d on d.id = a.district_id where ${column} = ?`, [value]);
  return rows[0] ? storedAccount(rows[0]) : undefined;
}

/** A school with its details (placeholders, known by Clever id only, are not returned). */
export async function findSchool(em: EntityManager, id: string): Promise<School | undefined> {
  const rows = await query<SchoolRow>(em, `select ${SCHOOL_COLUMNS} from school s join district d on d.id = s.district_id where s.id = ? and s.name is not null`, [id]);
  return rows[0] ? schoolFromRow(rows[0]) : undefined;
}

/** A district with its details (placeholders are not returned). */
export async function findDistrict(em: EntityManager, id: string): Promise<District | undefined> {
  const rows = await query<DistrictRow>(em, `select ${DISTRICT_COLUMNS} from district d where d.id = ? and d.name is not null`, [id]);
  return rows[0] ? districtFromRow(rows[0]) : undefined;
}
