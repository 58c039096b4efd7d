import type { AccountRole } from '@roster/contracts';
import type { Principal } from '@roster/authz';
import type { Account } from '../domain/account';
import type { District } from '../domain/district';
import type { School } from '../domain/school';
import { compact } from '../domain/values';
import type { StoredAccount } from '../persistence/account.entity';

/**
 * The bodies of identity's internal API (docs/internal-api.md) built from the domain: the only place
 * where the API's shape differs from the domain's (our ids are `id`, Clever's `cleverId`).
 */

/** `Account` of docs/internal-api.md. */
export interface AccountView {
  id: string;
  cleverId: string;
  districtId: string;
  status: 'active' | 'archived';
  roles: AccountRole[];
  name: { first: string; middle?: string; last: string };
  preferredName?: { first?: string; middle?: string; last?: string };
  email?: string;
  grade?: string;
  sisId?: string;
  studentNumber?: string;
  stateId?: string;
  teacherNumber?: string;
  staffId?: string;
  title?: string;
  schools: { schoolId: string; roles: AccountRole[]; primary: boolean }[];
  createdAt: string;
  updatedAt: string;
  archivedAt?: string;
}

export function accountView({ account: a, createdAt, updatedAt }: StoredAccount): AccountView {
  return compact({
    id: a.accountId,
    cleverId: a.cleverUserId,
    districtId: a.districtId,
    status: a.status,
    roles: a.roles,
    name: a.name,
    preferredName: a.preferredName,
    email: a.email,
    grade: a.grade,
    sisId: a.sisId,
    studentNumber: a.studentNumber,
    stateId: a.stateId,
    teacherNumber: a.teacherNumber,
    staffId: a.staffId,
    title: a.title,
    schools: a.schools.map((m) => ({ schoolId: m.schoolId, roles: m.roles, primary: m.primary })),
    createdAt,
    updatedAt,
    archivedAt: a.archivedAt ?? undefined,
  });
}

/** The principal the gateway puts in a session for this account. */
export function principalOf(a: Account): Principal {
  return {
    accountId: a.accountId,
    districtId: a.districtId,
    cleverDistrictId: a.cleverDistrictId,
    roles: a.roles,
    schools: a.schools.map((m) => ({ schoolId: m.schoolId, roles: m.roles })),
  };
}

/** `School` of docs/internal-api.md (placeholders are never shown). */
export interface SchoolView {
  id: string;
  cleverId: string;
  districtId: string;
  name: string;
  sisId?: string;
  schoolNumber?: string;
  lowGrade?: string;
  highGrade?: string;
  status: 'active' | 'removed';
}

export function schoolView(s: School): SchoolView {
  return compact({
    id: s.schoolId,
    cleverId: s.cleverSchoolId,
    districtId: s.districtId,
    name: s.name ?? '',
    sisId: s.sisId,
    schoolNumber: s.schoolNumber,
    lowGrade: s.lowGrade,
    highGrade: s.highGrade,
    status: s.status,
  });
}

export interface DistrictView {
  id: string;
  cleverId: string;
  name: string;
  status: 'connected' | 'disconnected';
}

export function districtView(d: District): DistrictView {
  return { id: d.districtId, cleverId: d.cleverDistrictId, name: d.name ?? '', status: d.connection };
}
