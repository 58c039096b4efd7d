import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@roster/persistence';
import { AccountEntity } from './account.entity';
import { AccountSchoolEntity } from './account-school.entity';

/** What the scope check of a student-level resource needs. */
export interface StudentScope {
  id: string;
  districtId: string;
  isStudent: boolean;
  /** Schools the account is a student of, sorted. */
  schoolIds: string[];
}

/** Reads the account projection for student-level resources. */
@Injectable()
export class StudentsRepository {
  /** The account with the schools it is a student of. */
  async find(em: EntityManager, id: string): Promise<StudentScope | undefined> {
    const account = await em.findOne(AccountEntity, id, { fields: ['id', 'districtId', 'roles'] });
    if (!account) return undefined;
    const memberships = await em.find(AccountSchoolEntity, { accountId: id, isStudent: true }, { fields: ['schoolId'], orderBy: { schoolId: 'asc' } });
    return { id: account.id, districtId: account.districtId, isStudent: account.roles.includes('student'), schoolIds: memberships.map((m) => m.schoolId) };
  }

  /** A student school per student (their first school as a student), to file audit entries under. */
  async firstSchools(em: EntityManager, studentIds: readonly string[]): Promise<Map<string, string>> {
    if (studentIds.length === 0) return new Map();
    const rows = await em.find(
      AccountSchoolEntity,
      { accountId: { $in: [...studentIds] }, isStudent: true },
      { fields: ['accountId', 'schoolId'], orderBy: [{ accountId: 'asc' }, { schoolId: 'asc' }] },
    );
    const first = new Map<string, string>();
    for (const r of rows) if (!first.has(r.accountId)) first.set(r.accountId, r.schoolId);
    return first;
  }
}
