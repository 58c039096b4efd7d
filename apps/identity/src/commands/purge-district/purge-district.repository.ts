import { Injectable } from '@nestjs/common';
import { lastErrorNamesAny, messageIdNamesAny, runPurge, selectRows, sql, type EntityManager, type PurgeStep, type TableCount } from '@roster/persistence';

/** What identity holds of one district: its ids (none when identity never saw the district). */
export interface IdentityDistrictKeys {
  cleverDistrictId: string;
  districtId: string | null;
  accountIds: string[];
  schoolIds: string[];
  /** Clever ids of the district's users and schools. */
  cleverIds: string[];
  /** The district's sync runs (from the request): they name roster events identity processed. */
  runIds: string[];
}

/** identity's rows of a district: reads the keys, deletes (or counts) every row holding one. */
@Injectable()
export class PurgeDistrictRepository {
  async keys(em: EntityManager, cleverDistrictId: string, runIds: readonly string[]): Promise<IdentityDistrictKeys> {
    const district = await selectRows<{ id: string }>(em, sql`select id::text as id from district where clever_id = ${cleverDistrictId}`);
    const districtId = district[0]?.id ?? null;
    const accounts = districtId ? await selectRows<{ id: string; clever_id: string }>(em, sql`select id::text as id, clever_id from account where district_id = ${districtId}::uuid`) : [];
    const schools = districtId ? await selectRows<{ id: string; clever_id: string }>(em, sql`select id::text as id, clever_id from school where district_id = ${districtId}::uuid`) : [];
    return {
      cleverDistrictId,
      districtId,
      accountIds: accounts.map((a) => a.id),
      schoolIds: schools.map((s) => s.id),
      cleverIds: [...accounts, ...schools].map((r) => r.clever_id).filter((id): id is string => !!id),
      runIds: [...runIds],
    };
  }

  /** Every row of the district, children first; `dryRun` counts the same rows and deletes nothing. */
  async purge(em: EntityManager, k: IdentityDistrictKeys, dryRun: boolean): Promise<TableCount[]> {
    const districtIds = [k.cleverDistrictId, ...(k.districtId ? [k.districtId] : [])];
    const tokens = [...districtIds, ...k.accountIds, ...k.schoolIds, ...k.cleverIds, ...k.runIds];
    const did = k.districtId ?? '00000000-0000-0000-0000-000000000000';
    const steps: PurgeStep[] = [
      { table: 'session_revocation', where: sql`account_id::text = any(${k.accountIds}::text[])` },
      { table: 'account_session_cutoff', where: sql`account_id::text = any(${k.accountIds}::text[])` },
      { table: 'account', where: sql`district_id = ${did}::uuid` },
      { table: 'school', where: sql`district_id = ${did}::uuid` },
      { table: 'district', where: sql`id = ${did}::uuid or clever_id = ${k.cleverDistrictId}` },
      // Identity's events name the district by its id in the envelope (and by its Clever id in district events).
      { table: 'outbox_message', where: sql`payload->>'districtId' = any(${districtIds}::text[])` },
      { table: 'inbox_message', where: messageIdNamesAny(tokens) },
      { table: 'inbox_attempt', where: lastErrorNamesAny(tokens) },
    ];
    // Tables added by later features (aliases, duplicates, ...) are found by these columns.
    const keyColumns = {
      district_id: k.districtId ? [k.districtId] : [],
      clever_district_id: [k.cleverDistrictId],
      account_id: k.accountIds,
      source_account_id: k.accountIds,
      target_account_id: k.accountIds,
      school_id: k.schoolIds,
    };
    return runPurge(em, steps, keyColumns, dryRun);
  }
}
