import { QueryOrder, raw } from '@mikro-orm/core';
import type { EntityManager } from '@roster/persistence';
import type { District } from '../domain/district';
import { DistrictEntity, districtFromRecord } from './district.entity';

/** Reads of districts. Placeholders (known by Clever id only, `name` null) are never returned to the API. */
export class DistrictsRepository {
  /** A district with its details (not a placeholder). */
  async findById(em: EntityManager, id: string): Promise<District | undefined> {
    const found = await em.findOne(DistrictEntity, { id, name: { $ne: null } });
    return found ? districtFromRecord(found) : undefined;
  }

  /** Every district with its details, by name. */
  async listNamed(em: EntityManager): Promise<District[]> {
    const rows = await em.find(DistrictEntity, { name: { $ne: null } }, { orderBy: [{ [raw('lower(name)')]: QueryOrder.ASC }, { id: QueryOrder.ASC }] });
    return rows.map(districtFromRecord);
  }
}
