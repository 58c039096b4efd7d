import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@roster/persistence';
import { DistrictEntity, toDistrictSettings, type DistrictSettings } from './district.entity';

/** Reads and writes the district's settings (table `district`). */
@Injectable()
export class DistrictSettingsRepository {
  /** The district's settings; a district classes has not heard of yet has the defaults. */
  async read(em: EntityManager, districtId: string, lock = false): Promise<DistrictSettings> {
    const record = await em.findOne(DistrictEntity, districtId, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    return toDistrictSettings(districtId, record);
  }

  async write(em: EntityManager, s: DistrictSettings): Promise<void> {
    const record = await em.findOne(DistrictEntity, s.districtId);
    if (record) Object.assign(record, { placementRequired: s.placementRequired, updatedAt: new Date() });
    else em.create(DistrictEntity, { id: s.districtId, placementRequired: s.placementRequired, createdAt: new Date(), updatedAt: new Date() });
    await em.flush();
  }
}
