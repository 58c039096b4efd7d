import { query, type EntityManager } from '@roster/persistence';

export interface DistrictSettings {
  districtId: string;
  placementRequired: boolean;
}

/** The district's settings; a district classes has not heard of yet has the defaults. */
export async function readSettings(em: EntityManager, districtId: string, lock = false): Promise<DistrictSettings> {
  const rows = await query<{ placement_required: boolean }>(
    em,
    `select placement_required from district where id = ?${lock ? ' for update' : ''}`,
    [districtId],
  );
  return { districtId, placementRequired: rows[0]?.placement_required ?? true };
}

export async function writeSettings(em: EntityManager, s: DistrictSettings): Promise<void> {
  await query(
    em,
    `insert into district (id, placement_required) values (?, ?)
     on conflict (id) do update set placement_required = excluded.placement_required, updated_at = now()`,
    [s.districtId, s.placementRequired],
  );
}
