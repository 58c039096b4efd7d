import type { Principal } from '@roster/authz';
import type { AccountBody, DistrictBody, SchoolBody } from '@roster/internal-api';
import type { Account } from '../domain/account';
import type { District } from '../domain/district';
import type { School } from '../domain/school';
import { compact } from '@roster/contracts';
import type { StoredAccount } from '../persistence/account.entity';

/**
 * The bodies of identity's internal API built from the domain. Their shapes are the contracts of
 * @roster/internal-api (libs/internal-api/src/identity.ts); this is the only place where the API's shape
 * differs from the domain's (our ids are `id`, Clever's `cleverId`).
 */

/** `Account` of docs/internal-api.md. */
export type AccountView = AccountBody;

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
export type SchoolView = SchoolBody;

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

export type DistrictView = DistrictBody;

export function districtView(d: District): DistrictView {
  return { id: d.districtId, cleverId: d.cleverDistrictId, name: d.name ?? '', status: d.connection };
}
