import { Injectable } from '@nestjs/common';
import { executeStatement, jsonDocument, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { RecordType } from '../domain/normalize';
import type { ChangeKind, RunChange } from '../domain/preview';

/** A change row as a change list reads it, with its school's name when the index knows the school. */
export interface ChangeRow {
  id: string | number;
  kind: ChangeKind;
  record_type: RecordType;
  clever_id: string | null;
  account_role: string | null;
  school_clever_id: string | null;
  school_name: string | null;
  display_name: string | null;
  reason: string | null;
}

/**
 * What a preview run would change (`sync_run_change`) and the ids it has read (`sync_preview_seen`), through
 * the SQL helper: one statement per page whatever its size. Reads and writes only.
 */
@Injectable()
export class ChangesRepository {
  /** A page's changes: one statement. */
  async add(em: EntityManager, run: { id: string; cleverDistrictId: string }, changes: readonly RunChange[]): Promise<void> {
    if (changes.length === 0) return;
    const rows = changes.map((c) => ({ k: c.kind, t: c.recordType, i: c.cleverId ?? null, ro: c.accountRole ?? null, sc: c.schoolCleverId ?? null, n: c.displayName ?? null, re: c.reason ?? null }));
    await executeStatement(
      em,
      sql`insert into sync_run_change (run_id, clever_district_id, kind, record_type, clever_id, account_role, school_clever_id, display_name, reason)
       select ${run.id}::uuid, ${run.cleverDistrictId}, r.k, r.t, r.i, r.ro, r.sc, r.n, r.re
       from json_to_recordset(${jsonDocument(rows)}::json) as r(k text, t text, i text, ro text, sc text, n text, re text)`,
    );
  }

  /** The ids of a page the preview has read (a resumed page adds nothing twice). */
  async addSeen(em: EntityManager, runId: string, recordType: RecordType, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await executeStatement(
      em,
      sql`insert into sync_preview_seen (run_id, record_type, clever_id)
       select ${runId}::uuid, ${recordType}, i from unnest(${[...ids]}::text[]) as i on conflict do nothing`,
    );
  }

  /**
   * The preview's removals: the district's active schools, users and sections it has not read become
   * `archived` changes, with what the index keeps of them. Answers their number and the users' by account role.
   */
  async addRemovals(em: EntityManager, run: { id: string; cleverDistrictId: string }): Promise<{ archived: number; usersByRole: Record<string, number> }> {
    const rows = await selectRows<{ role: string | null; record_type: string; n: number }>(
      em,
      sql`with removed as (
         insert into sync_run_change (run_id, clever_district_id, kind, record_type, clever_id, account_role, school_clever_id, display_name)
         select ${run.id}::uuid, s.clever_district_id, 'archived', s.record_type, s.clever_id, s.account_role, s.school_clever_id, s.label
         from shadow_record s
         where s.clever_district_id = ${run.cleverDistrictId} and s.record_type in ('school', 'user', 'section') and s.status = 'active'
           and not exists (select 1 from sync_preview_seen v where v.run_id = ${run.id}::uuid and v.record_type = s.record_type and v.clever_id = s.clever_id)
         order by s.record_type, s.clever_id
         returning record_type, account_role)
       select record_type, coalesce(account_role, 'unknown') as role, count(*)::int as n from removed group by 1, 2`,
    );
    const usersByRole: Record<string, number> = {};
    let archived = 0;
    for (const r of rows) {
      archived += r.n;
      if (r.record_type === 'user') usersByRole[r.role ?? 'unknown'] = r.n;
    }
    return { archived, usersByRole };
  }

  /** The seen ids are only needed while the preview runs. */
  async forgetSeen(em: EntityManager, runId: string): Promise<void> {
    await executeStatement(em, sql`delete from sync_preview_seen where run_id = ${runId}::uuid`);
  }

  /** A district keeps the change rows of its latest preview only (they carry display names). */
  async forgetOlderPreviews(em: EntityManager, districtId: string, keepRunId: string): Promise<void> {
    // By run id (the tables' leading key), through the district's preview runs.
    const older = sql`select id from sync_run where clever_district_id = ${districtId} and mode = 'preview' and id <> ${keepRunId}::uuid`;
    await executeStatement(em, sql`delete from sync_run_change where run_id in (${older})`);
    await executeStatement(em, sql`delete from sync_preview_seen where run_id in (${older})`);
  }

  /** A page of a run's changes of one kind (keyset by id), `limit + 1` rows. */
  async page(em: EntityManager, runId: string, kind: ChangeKind, afterId: number | undefined, limit: number): Promise<ChangeRow[]> {
    return selectRows<ChangeRow>(
      em,
      sql`select c.id, c.kind, c.record_type, c.clever_id, c.account_role, c.school_clever_id, sch.label as school_name, c.display_name, c.reason
       from sync_run_change c
       left join shadow_record sch on sch.record_type = 'school' and sch.clever_id = c.school_clever_id and sch.clever_district_id = c.clever_district_id
       where c.run_id = ${runId}::uuid and c.kind = ${kind} ${afterId !== undefined ? sql`and c.id > ${afterId}` : sql``}
       order by c.id limit ${limit + 1}`,
    );
  }

  /** School names by Clever id (a held run's pending archives show their school's name). */
  async schoolNames(em: EntityManager, districtId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await selectRows<{ clever_id: string; label: string | null }>(
      em,
      sql`select clever_id, label from shadow_record where record_type = 'school' and clever_district_id = ${districtId} and clever_id = any(${[...new Set(ids)]}::text[])`,
    );
    return new Map(rows.filter((r) => r.label).map((r) => [r.clever_id, r.label!]));
  }
}
