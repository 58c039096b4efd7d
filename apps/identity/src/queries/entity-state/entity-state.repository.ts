import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@roster/persistence';
import type { Account } from '../../domain/account';
import type { School } from '../../domain/school';
import { AccountEntity, accountFromRecord } from '../../persistence/account.entity';
import { DistrictEntity } from '../../persistence/district.entity';
import { SchoolEntity, schoolFromRecord } from '../../persistence/school.entity';

const withDistrict = { populate: ['district'] } as const;

/**
 * Accounts and schools as published: each row holds the entity and its `version`, the version of the newest
 * event identity wrote for it (both change in the same statement), so one read gives a consistent pair.
 * Placeholder schools were never published and are never returned.
 */
export class EntityStateRepository {
  async account(em: EntityManager, id: string): Promise<Account | undefined> {
    const found = await em.findOne(AccountEntity, { id }, withDistrict);
    return found ? accountFromRecord(found) : undefined;
  }

  async school(em: EntityManager, id: string): Promise<School | undefined> {
    const found = await em.findOne(SchoolEntity, { id, name: { $ne: null } }, withDistrict);
    return found ? schoolFromRecord(found) : undefined;
  }

  async districtExists(em: EntityManager, id: string): Promise<boolean> {
    return (await em.count(DistrictEntity, { id })) > 0;
  }

  /** A district's accounts by id after `after`, `limit` of them. */
  async accounts(em: EntityManager, districtId: string, after: string | undefined, limit: number): Promise<Account[]> {
    const rows = await em.find(AccountEntity, { district: districtId, ...(after ? { id: { $gt: after } } : {}) }, { ...withDistrict, orderBy: { id: QueryOrder.ASC }, limit });
    return rows.map(accountFromRecord);
  }

  /** A district's published schools by id after `after`, `limit` of them. */
  async schools(em: EntityManager, districtId: string, after: string | undefined, limit: number): Promise<School[]> {
    const rows = await em.find(
      SchoolEntity,
      { district: districtId, name: { $ne: null }, ...(after ? { id: { $gt: after } } : {}) },
      { ...withDistrict, orderBy: { id: QueryOrder.ASC }, limit },
    );
    return rows.map(schoolFromRecord);
  }
}
