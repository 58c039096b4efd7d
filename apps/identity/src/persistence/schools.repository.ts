import { QueryOrder, raw } from '@mikro-orm/core';
import type { EntityManager } from '@roster/persistence';
import type { School } from '../domain/school';
import { DistrictEntity } from './district.entity';
import { SchoolEntity, schoolFromRecord, type SchoolRow } from './school.entity';

export interface SchoolPage {
  districtId: string;
  /** Schools the caller may see ('all' for a district admin). */
  scope: 'all' | string[];
  /** Keyset: the name and id of the previous page's last school. */
  after?: [string, string];
  limit: number;
}

const withDistrict = { populate: ['district'] } as const;

/** Reads of schools. Placeholders (known by Clever id only, `name` null) are never returned to the API. */
export class SchoolsRepository {
  /** A school with its details (not a placeholder). */
  async findById(em: EntityManager, id: string): Promise<School | undefined> {
    const found = await em.findOne(SchoolEntity, { id, name: { $ne: null } }, withDistrict);
    return found ? schoolFromRecord(found) : undefined;
  }

  /**
   * Keyset page of a district's schools by name, id (case-insensitive). Fetches `limit + 1` rows, as rows
   * mapped to the entity's properties (pages are read, never changed: no entities to hydrate).
   */
  async page(em: EntityManager, s: SchoolPage): Promise<{ school: School; sortKey: [string, string] }[]> {
    if (s.scope !== 'all' && s.scope.length === 0) return [];
    const district = await em.findOne(DistrictEntity, { id: s.districtId }, { fields: ['id', 'cleverId'] });
    if (!district) return [];
    const qb = em.createQueryBuilder(SchoolEntity, 's').select('*').where({ district: s.districtId, name: { $ne: null } });
    if (s.scope !== 'all') qb.andWhere({ id: { $in: s.scope } });
    if (s.after) qb.andWhere('(lower(s.name), s.id) > (lower(?), ?::uuid)', s.after);
    qb.orderBy([{ [raw('lower(s.name)')]: QueryOrder.ASC }, { id: QueryOrder.ASC }]).limit(s.limit + 1);
    const rows = await qb.execute<(Omit<SchoolRow, 'district'> & { district: string })[]>('all', true);
    const ref = { id: district.id, cleverId: district.cleverId };
    return rows.map((r) => ({ school: schoolFromRecord({ ...r, district: ref }), sortKey: [r.name ?? '', r.id] }));
  }

  /** A district's schools (not placeholders) by name. */
  async listNamed(em: EntityManager, districtId: string): Promise<{ schoolId: string; name: string }[]> {
    const rows = await em.find(SchoolEntity, { district: districtId, name: { $ne: null } }, { orderBy: [{ [raw('lower(name)')]: QueryOrder.ASC }, { id: QueryOrder.ASC }] });
    return rows.map((r) => ({ schoolId: r.id, name: r.name ?? '' }));
  }

  /** The names of these schools (null for a placeholder). */
  async namesOf(em: EntityManager, ids: string[]): Promise<Map<string, string | null>> {
    const names = new Map<string, string | null>();
    if (ids.length === 0) return names;
    for (const r of await em.find(SchoolEntity, { id: { $in: ids } }, { fields: ['id', 'name'] })) names.set(r.id, r.name ?? null);
    return names;
  }
}
