import { Injectable } from '@nestjs/common';
import { executeStatement, jsonDocument, selectRow, selectRows, sql, type EntityManager } from '@roster/persistence';
import type { ShadowWrite } from '../domain/plan';
import type { RecordType } from '../domain/normalize';
import { shadowKey, type ShadowEntry } from '../domain/shadow';
import { shadowEntryOf, type ShadowRow } from './shadow-record.entity';

const COLUMNS = sql`s.record_type, s.clever_id, s.clever_district_id, s.content_hash, s.version, s.status, s.last_seen_run, s.source_event_id, s.force_republish, s.republish_count, s.account_role, s.school_clever_id, s.label`;

export interface ShadowCandidate {
  recordType: RecordType;
  cleverId: string;
  entry: ShadowEntry;
}

/** A dead-lettered record to publish again (`clever-ingestion.dlq-resync`). */
export interface RepublishFlag {
  recordType: RecordType;
  cleverId: string;
  cleverDistrictId: string;
}

/**
 * The shadow index (entity: shadow-record.entity.ts), read and written set-based through the SQL helper:
 * one lookup and one upsert per page, whatever its size. Ids travel as one array parameter and rows as
 * one JSON document (server-side bound), so a 10,000-record page is one round trip each way.
 */
@Injectable()
export class ShadowRepository {
  /**
   * Entries of one record type, by Clever id, WHICHEVER district owns them (each entry carries its
   * `owner`): the plan rejects the ids another district owns, so the index is the first line of defence
   * of tenancy. District-scoped reads (removals, counts, republication) filter on the district.
   */
  async load(em: EntityManager, recordType: RecordType, ids: readonly string[]): Promise<Map<string, ShadowEntry>> {
    const out = new Map<string, ShadowEntry>();
    if (ids.length === 0) return out;
    const rows = await selectRows<ShadowRow>(em, sql`select ${COLUMNS} from shadow_record s where s.record_type = ${recordType} and s.clever_id = any(${[...ids]}::text[])`);
    for (const r of rows) out.set(r.clever_id, shadowEntryOf(r));
    return out;
  }

  /** Entries of mixed types, by `type:id` (events pages). */
  async loadKeys(em: EntityManager, keys: readonly { recordType: RecordType; cleverId: string }[]): Promise<Map<string, ShadowEntry>> {
    const out = new Map<string, ShadowEntry>();
    if (keys.length === 0) return out;
    const rows = await selectRows<ShadowRow>(
      em,
      sql`select ${COLUMNS} from json_to_recordset(${jsonDocument(keys.map((k) => ({ t: k.recordType, i: k.cleverId })))}::json) as k(t text, i text)
       join shadow_record s on s.record_type = k.t and s.clever_id = k.i`,
    );
    for (const r of rows) out.set(shadowKey(r.record_type, r.clever_id), shadowEntryOf(r));
    return out;
  }

  /**
   * Writes whole rows of the district (the caller holds the district's lock, so the values it computed
   * stand). A row another district owns is never touched, whatever the caller asks: the conflict update
   * is guarded by the owner and never moves it. Returns the shadow keys (`type:id`) such a guard left
   * unwritten — only when another district claimed a new id between the plan's lookup and this write
   * (a second statement runs only then); normally empty.
   */
  async write(em: EntityManager, districtId: string, writes: readonly ShadowWrite[]): Promise<Set<string>> {
    const lost = new Set<string>();
    if (writes.length === 0) return lost;
    const rows = writes.map((w) => ({
      t: w.recordType,
      i: w.cleverId,
      h: w.entry.hash,
      v: w.entry.version,
      s: w.entry.status,
      r: w.entry.lastSeenRun,
      e: w.entry.sourceEventId,
      f: w.entry.forceRepublish,
      c: w.entry.republishCount,
      ro: w.entry.describe?.accountRole ?? null,
      sc: w.entry.describe?.schoolCleverId ?? null,
      l: w.entry.describe?.label ?? null,
    }));
    const written = await executeStatement(
      em,
      sql`insert into shadow_record (record_type, clever_id, clever_district_id, content_hash, version, status, last_seen_run, last_seen_at,
                                  source_event_id, force_republish, republish_count, updated_at, account_role, school_clever_id, label)
       select r.t, r.i, ${districtId}, r.h, r.v, r.s, r.r, now(), r.e, r.f, r.c, now(), r.ro, r.sc, r.l
       from json_to_recordset(${jsonDocument(rows)}::json) as r(t text, i text, h text, v bigint, s text, r uuid, e text, f boolean, c int, ro text, sc text, l text)
       on conflict (record_type, clever_id) do update set
         content_hash = excluded.content_hash, version = excluded.version,
         status = excluded.status, last_seen_run = excluded.last_seen_run, last_seen_at = excluded.last_seen_at,
         source_event_id = excluded.source_event_id, force_republish = excluded.force_republish,
         republish_count = excluded.republish_count, updated_at = excluded.updated_at,
         account_role = excluded.account_role, school_clever_id = excluded.school_clever_id, label = excluded.label
       where shadow_record.clever_district_id = excluded.clever_district_id`,
    );
    // A removed user's name also leaves the preview change lists that named them (the index itself keeps
    // none: scrubbedRemoval). Held runs list their pending removals from the index's active rows, not here.
    const removedUsers = writes.filter((w) => w.recordType === 'user' && w.entry.status === 'removed').map((w) => w.cleverId);
    if (removedUsers.length > 0) {
      await executeStatement(
        em,
        sql`update sync_run_change set display_name = null
         where clever_district_id = ${districtId} and record_type = 'user' and clever_id = any(${removedUsers}::text[]) and display_name is not null`,
      );
    }
    if (written < writes.length) {
      const foreign = await selectRows<{ record_type: RecordType; clever_id: string }>(
        em,
        sql`select s.record_type, s.clever_id from json_to_recordset(${jsonDocument(rows.map((r) => ({ t: r.t, i: r.i })))}::json) as k(t text, i text)
         join shadow_record s on s.record_type = k.t and s.clever_id = k.i where s.clever_district_id <> ${districtId}`,
      );
      for (const r of foreign) lost.add(shadowKey(r.record_type, r.clever_id));
    }
    return lost;
  }

  async countActive(em: EntityManager, districtId: string, recordType: RecordType): Promise<number> {
    const row = await selectRow<{ n: number }>(
      em,
      sql`select count(*)::int as n from shadow_record where clever_district_id = ${districtId} and record_type = ${recordType} and status = 'active'`,
    );
    return row?.n ?? 0;
  }

  /** The district's active users by account role (`unknown`: written before the index kept roles). */
  async activeUsersByRole(em: EntityManager, districtId: string): Promise<Record<string, number>> {
    const rows = await selectRows<{ role: string; n: number }>(
      em,
      sql`select coalesce(account_role, 'unknown') as role, count(*)::int as n from shadow_record
       where clever_district_id = ${districtId} and record_type = 'user' and status = 'active' group by 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.role, r.n]));
  }

  /** The active users of the district a full run did not list (its user removals), by account role. */
  async unseenUsersByRole(em: EntityManager, districtId: string, runId: string): Promise<Record<string, number>> {
    const rows = await selectRows<{ role: string; n: number }>(
      em,
      sql`select coalesce(account_role, 'unknown') as role, count(*)::int as n from shadow_record
       where clever_district_id = ${districtId} and record_type = 'user' and status = 'active' and last_seen_run is distinct from ${runId}::uuid group by 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.role, r.n]));
  }

  /**
   * A page of what approving a held run would archive (the same rows `unseen` with `seenBefore` picks), keyset
   * by (type, id) after `after`; optionally of one record type.
   */
  async pendingRemovals(
    em: EntityManager,
    districtId: string,
    runId: string,
    seenBefore: Date,
    limit: number,
    after?: { recordType: string; cleverId: string },
  ): Promise<ShadowCandidate[]> {
    const rows = await selectRows<ShadowRow>(
      em,
      sql`select ${COLUMNS} from shadow_record s
       where s.clever_district_id = ${districtId} and s.record_type in ('school', 'user', 'section') and s.status = 'active'
         and s.last_seen_run is distinct from ${runId}::uuid and s.last_seen_at < ${seenBefore.toISOString()}::timestamptz
         ${after ? sql`and (s.record_type, s.clever_id) > (${after.recordType}, ${after.cleverId})` : sql``}
       order by s.record_type, s.clever_id limit ${limit}`,
    );
    return rows.map((r) => ({ recordType: r.record_type, cleverId: r.clever_id, entry: shadowEntryOf(r) }));
  }

  /** Active records of the district a full run did not list (its removals), of one type. */
  async countUnseen(em: EntityManager, districtId: string, runId: string, recordType: RecordType): Promise<number> {
    const row = await selectRow<{ n: number }>(
      em,
      sql`select count(*)::int as n from shadow_record
       where clever_district_id = ${districtId} and record_type = ${recordType} and status = 'active' and last_seen_run is distinct from ${runId}::uuid`,
    );
    return row?.n ?? 0;
  }

  /**
   * The next chunk of removals of a full run (keyset by type and id). `seenBefore`: only records not
   * observed since then (approving a held run: anything seen again since the hold stays).
   */
  async unseen(em: EntityManager, districtId: string, runId: string, limit: number, seenBefore?: Date): Promise<ShadowCandidate[]> {
    const rows = await selectRows<ShadowRow>(
      em,
      sql`select ${COLUMNS} from shadow_record s
       where s.clever_district_id = ${districtId} and s.record_type in ('school', 'user', 'section') and s.status = 'active'
         and s.last_seen_run is distinct from ${runId}::uuid ${seenBefore ? sql`and s.last_seen_at < ${seenBefore.toISOString()}::timestamptz` : sql``}
       order by s.record_type, s.clever_id limit ${limit}`,
    );
    return rows.map((r) => ({ recordType: r.record_type, cleverId: r.clever_id, entry: shadowEntryOf(r) }));
  }

  /** Removed records a consumer dead-lettered: their removal is published again. */
  async removedToRepublish(em: EntityManager, districtId: string, limit: number): Promise<ShadowCandidate[]> {
    const rows = await selectRows<ShadowRow>(
      em,
      sql`select ${COLUMNS} from shadow_record s where s.clever_district_id = ${districtId} and s.force_republish and s.status = 'removed'
       order by s.record_type, s.clever_id limit ${limit}`,
    );
    return rows.map((r) => ({ recordType: r.record_type, cleverId: r.clever_id, entry: shadowEntryOf(r) }));
  }

  /** Flags dead-lettered records for republication, each at most `maxRepublish` times: one statement per batch. */
  async flagForRepublish(em: EntityManager, flags: readonly RepublishFlag[], maxRepublish: number): Promise<void> {
    if (flags.length === 0) return;
    await executeStatement(
      em,
      sql`update shadow_record s set force_republish = true, republish_count = s.republish_count + 1
       from json_to_recordset(${jsonDocument(flags.map((f) => ({ t: f.recordType, i: f.cleverId, d: f.cleverDistrictId })))}::json) as k(t text, i text, d text)
       where s.record_type = k.t and s.clever_id = k.i and s.clever_district_id = k.d and s.republish_count < ${maxRepublish}`,
    );
  }

  /** The district's own row (its version is shared by `upserted` and `disconnected`). */
  async district(em: EntityManager, districtId: string): Promise<ShadowEntry | undefined> {
    return (await this.load(em, 'district', [districtId])).get(districtId);
  }
}
