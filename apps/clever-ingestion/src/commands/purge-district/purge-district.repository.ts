import { Injectable } from '@nestjs/common';
import { lastErrorNamesAny, messageIdNamesAny, runPurge, selectRows, sql, type EntityManager, type PurgeStep, type TableCount } from '@roster/persistence';

/** What clever-ingestion holds of one district (keys only: names and payloads stay in the rows). */
export interface IngestionDistrictKeys {
  cleverDistrictId: string;
  runIds: string[];
  /** Clever ids of the district's schools, users and sections (the shadow index). */
  cleverIds: string[];
}

/** clever-ingestion's rows of a district: reads the keys, deletes (or counts) every row holding one. */
@Injectable()
export class PurgeDistrictRepository {
  async exists(em: EntityManager, cleverDistrictId: string): Promise<boolean> {
    const rows = await selectRows(em, sql`select 1 from district_connection where clever_district_id = ${cleverDistrictId}`);
    return rows.length > 0;
  }

  async runIds(em: EntityManager, cleverDistrictId: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(em, sql`select id::text as id from sync_run where clever_district_id = ${cleverDistrictId} order by id`);
    return rows.map((r) => r.id);
  }

  async keys(em: EntityManager, cleverDistrictId: string, knownRunIds: readonly string[]): Promise<IngestionDistrictKeys> {
    const runIds = [...new Set([...knownRunIds, ...(await this.runIds(em, cleverDistrictId))])];
    const shadow = await selectRows<{ clever_id: string }>(em, sql`select distinct clever_id from shadow_record where clever_district_id = ${cleverDistrictId}`);
    return { cleverDistrictId, runIds, cleverIds: shadow.map((r) => r.clever_id) };
  }

  /** Every row of the district, children first; `dryRun` counts the same rows and deletes nothing. */
  async purge(em: EntityManager, k: IngestionDistrictKeys, dryRun: boolean): Promise<TableCount[]> {
    const d = k.cleverDistrictId;
    const tokens = [d, ...k.runIds, ...k.cleverIds];
    const steps: PurgeStep[] = [
      { table: 'sync_rejection', where: sql`clever_district_id = ${d} or run_id::text = any(${k.runIds}::text[])` },
      { table: 'sync_run', where: sql`clever_district_id = ${d}` },
      { table: 'shadow_record', where: sql`clever_district_id = ${d}` },
      { table: 'district_connection', where: sql`clever_district_id = ${d}` },
      // Every event ingestion published about the district names it as the envelope's districtId.
      { table: 'outbox_message', where: sql`payload->>'districtId' = ${d} or message_key = ${d}` },
      { table: 'inbox_message', where: messageIdNamesAny(tokens) },
      { table: 'inbox_attempt', where: lastErrorNamesAny(tokens) },
    ];
    // Tables added by later features (sync previews, ...) are found by these columns; rows a foreign key
    // would delete by cascade are deleted (and counted) here first.
    return runPurge(em, steps, { clever_district_id: [d], run_id: k.runIds }, dryRun);
  }
}
