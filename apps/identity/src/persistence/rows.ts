import type { AccountRole } from '@roster/contracts';
import type { Account, AccountStatus, Membership } from '../domain/account';
import type { District, ConnectionStatus } from '../domain/district';
import type { School, SchoolStatus } from '../domain/school';
import { compact } from '../domain/values';
import { isoTime } from './sql';

/** Account columns; use with `from account a join district d on d.id = a.district_id`. */
export const ACCOUNT_COLUMNS = `a.id, a.clever_id, a.district_id, d.clever_id as clever_district_id, a.status, a.roles,
  a.first_name, a.middle_name, a.last_name, a.preferred_first_name, a.preferred_middle_name, a.preferred_last_name,
  a.email, a.grade, a.sis_id, a.student_number, a.state_id, a.teacher_number, a.staff_id, a.title, a.schools,
  a.source_version, a.version, a.created_at, a.updated_at, a.archived_at`;

export interface AccountRow {
  id: string;
  clever_id: string;
  district_id: string;
  clever_district_id: string;
  status: AccountStatus;
  roles: AccountRole[];
  first_name: string;
  middle_name: string | null;
  last_name: string;
  preferred_first_name: string | null;
  preferred_middle_name: string | null;
  preferred_last_name: string | null;
  email: string | null;
  grade: string | null;
  sis_id: string | null;
  student_number: string | null;
  state_id: string | null;
  teacher_number: string | null;
  staff_id: string | null;
  title: string | null;
  schools: Membership[] | string;
  source_version: string | number;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
  archived_at: string | Date | null;
}

const opt = (v: string | null) => v ?? undefined;

export function accountFromRow(row: AccountRow): Account {
  const schools = (typeof row.schools === 'string' ? JSON.parse(row.schools) : row.schools) as Membership[];
  const preferred = compact({ first: opt(row.preferred_first_name), middle: opt(row.preferred_middle_name), last: opt(row.preferred_last_name) });
  return compact({
    accountId: row.id,
    cleverUserId: row.clever_id,
    districtId: row.district_id,
    cleverDistrictId: row.clever_district_id,
    status: row.status,
    roles: row.roles,
    name: compact({ first: row.first_name, middle: opt(row.middle_name), last: row.last_name }),
    preferredName: Object.keys(preferred).length > 0 ? preferred : undefined,
    email: opt(row.email),
    grade: opt(row.grade),
    sisId: opt(row.sis_id),
    studentNumber: opt(row.student_number),
    stateId: opt(row.state_id),
    teacherNumber: opt(row.teacher_number),
    staffId: opt(row.staff_id),
    title: opt(row.title),
    schools: schools.map((m) => ({ schoolId: m.schoolId, cleverSchoolId: m.cleverSchoolId, roles: m.roles, primary: m.primary })),
    sourceVersion: Number(row.source_version),
    version: Number(row.version),
    archivedAt: isoTime(row.archived_at),
  });
}

/** School columns; use with `from school s join district d on d.id = s.district_id`. */
export const SCHOOL_COLUMNS = `s.id, s.clever_id, s.district_id, d.clever_id as clever_district_id, s.name, s.sis_id, s.school_number,
  s.state_id, s.low_grade, s.high_grade, s.status, s.removed_at, s.source_version, s.version`;

export interface SchoolRow {
  id: string;
  clever_id: string;
  district_id: string;
  clever_district_id: string;
  name: string | null;
  sis_id: string | null;
  school_number: string | null;
  state_id: string | null;
  low_grade: string | null;
  high_grade: string | null;
  status: SchoolStatus;
  removed_at: string | Date | null;
  source_version: string | number;
  version: number;
}

export function schoolFromRow(row: SchoolRow): School {
  return compact({
    schoolId: row.id,
    cleverSchoolId: row.clever_id,
    districtId: row.district_id,
    cleverDistrictId: row.clever_district_id,
    name: row.name,
    sisId: opt(row.sis_id),
    schoolNumber: opt(row.school_number),
    stateId: opt(row.state_id),
    lowGrade: opt(row.low_grade),
    highGrade: opt(row.high_grade),
    status: row.status,
    removedAt: isoTime(row.removed_at),
    sourceVersion: Number(row.source_version),
    version: Number(row.version),
  });
}

export const DISTRICT_COLUMNS = `d.id, d.clever_id, d.name, d.clever_state, d.connection_status, d.disconnected_reason,
  d.connection_changed_at, d.source_version`;

export interface DistrictRow {
  id: string;
  clever_id: string;
  name: string | null;
  clever_state: string | null;
  connection_status: ConnectionStatus;
  disconnected_reason: string | null;
  connection_changed_at: string | Date | null;
  source_version: string | number;
}

export function districtFromRow(row: DistrictRow): District {
  return {
    districtId: row.id,
    cleverDistrictId: row.clever_id,
    name: row.name,
    cleverState: row.clever_state,
    connection: row.connection_status,
    disconnectedReason: row.disconnected_reason,
    connectionChangedAt: isoTime(row.connection_changed_at),
    sourceVersion: Number(row.source_version),
  };
}
