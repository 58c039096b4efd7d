import { query, type EntityManager } from '@roster/persistence';
import { boundQuery } from './bound-sql';
import type { ShadowWrite } from '../domain/plan';
import type { RecordType } from '../domain/normalize';
import { shadowKey, type ShadowEntry } from '../domain/shadow';

interface ShadowRow {
  record_type: RecordType;
  clever_id: string;
  content_hash: string | null;
  version: string | number;
  status: 'active' | 'removed';
  last_seen_run: string | null;
  source_event_id: string | null;
  force_republish: boolean;
  republish_count: number;
}

const COLUMNS = `s.record_type, s.clever_id, s.content_hash, s.version, s.status, s.last_seen_run, s.source_event_id, s.force_republish, s.republish_count`;

function entryOf(r: ShadowRow): ShadowEntry {
  return {
    hash: r.content_hash,
    version: Number(r.version),
    status: r.status,
    lastSeenRun: r.last_seen_run,
    sourceEventId: r.source_event_id,
    forceRepublish: r.force_republish,
    republishCount: r.republish_count,
  };
}

/**
 * The shadow index: one lookup and one upsert per page, whatever its size. Ids travel as one JSON
 * parameter (`jsonb_to_recordset`), so a 10,000-record page is one round trip each way.
 */
export class ShadowRepository {
  /** Entries of one record type, by Clever id. */
  async load(em: EntityManager, recordType: RecordType, ids: readonly string[]): Promise<Map<string, ShadowEntry>> {
    const out = new Map<string, ShadowEntry>();
    if (ids.length === 0) return out;
    const rows = await boundQuery<ShadowRow>(
      em,
      `select ${COLUMNS} from jsonb_array_elements_text($1::jsonb) as k(id)
       join shadow_record s on s.record_type = $2 and s.clever_id = k.id`,
      [JSON.stringify(ids), recordType],
    );
    for (const r of rows) out.set(r.clever_id, entryOf(r));
    return out;
  }

  /** Entries of mixed types, by `type:id` (events pages). */
  async loadKeys(em: EntityManager, keys: readonly { recordType: RecordType; cleverId: string }[]): Promise<Map<string, ShadowEntry>> {
    const out = new Map<string, ShadowEntry>();
    if (keys.length === 0) return out;
    const rows = await boundQuery<ShadowRow>(
      em,
      `select ${COLUMNS} from jsonb_to_recordset($1::jsonb) as k(t text, i text)
       join shadow_record s on s.record_type = k.t and s.clever_id = k.i`,
      [JSON.stringify(keys.map((k) => ({ t: k.recordType, i: k.cleverId })))],
    );
    for (const r of rows) out.set(shadowKey(r.record_type, r.clever_id), entryOf(r));
    return out;
  }

  /** Writes whole rows (the caller holds the district's lock, so the values it computed stand). */
  async write(em: EntityManager, districtId: string, writes: readonly ShadowWrite[]): Promise<void> {
    if (writes.length === 0) return;
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
    }));
    await boundQuery(
      em,
      `insert into shadow_record (record_type, clever_id, clever_district_id, content_hash, version, status, last_seen_run, last_seen_at,
                                  source_event_id, force_republish, republish_count, updated_at)
       select r.t, r.i, $1, r.h, r.v, r.s, r.r, now(), r.e, r.f, r.c, now()
       from jsonb_to_recordset($2::jsonb) as r(t text, i text, h text, v bigint, s text, r uuid, e text, f boolean, c int)
       on conflict (record_type, clever_id) do update set
         clever_district_id = excluded.clever_district_id, content_hash = excluded.content_hash, version = excluded.version,
         status = excluded.status, last_seen_run = excluded.last_seen_run, last_seen_at = excluded.last_seen_at,
         source_event_id = excluded.source_event_id, force_republish = excluded.force_republish,
         republish_count = excluded.republish_count, updated_at = excluded.updated_at`,
      [districtId, JSON.stringify(rows)],
    );
  }

  async countActive(em: EntityManager, districtId: string, recordType: RecordType): Promise<number> {
    const [row] = await query<{ n: number }>(
      em,
      `select count(*)::int as n from shadow_record where clever_district_id = ? and record_type = ? and status = 'active'`,
      [districtId, recordType],
    );
    return row.n;
  }

  /** Active records of the district a full run did not list (its removals), optionally of one type. */
  async countUnseen(em: EntityManager, districtId: string, runId: string, recordType: RecordType): Promise<number> {
    const [row] = await query<{ n: number }>(
      em,
      `select count(*)::int as n from shadow_record
       where clever_district_id = ? and record_type = ? and status = 'active' and last_seen_run is distinct from ?::uuid`,
      [districtId, recordType, runId],
    );
    return row.n;
  }

  /**
   * The next chunk of removals of a full run (keyset by type and id). `seenBefore`: only records not
   * observed since then (approving a held run: anything seen again since the hold stays).
   */
  async unseen(
    em: EntityManager,
    districtId: string,
    runId: string,
    limit: number,
    seenBefore?: string,
  ): Promise<{ recordType: RecordType; cleverId: string; entry: ShadowEntry }[]> {
    const rows = await query<ShadowRow>(
      em,
      `select ${COLUMNS} from shadow_record s
       where s.clever_district_id = ? and s.record_type in ('school', 'user', 'section') and s.status = 'active'
         and s.last_seen_run is distinct from ?::uuid ${seenBefore ? 'and s.last_seen_at < ?::timestamptz' : ''}
       order by s.record_type, s.clever_id limit ?`,
      seenBefore ? [districtId, runId, seenBefore, limit] : [districtId, runId, limit],
    );
    return rows.map((r) => ({ recordType: r.record_type, cleverId: r.clever_id, entry: entryOf(r) }));
  }

  /** Removed records a consumer dead-lettered: their removal is published again. */
  async removedToRepublish(em: EntityManager, districtId: string, limit: number): Promise<{ recordType: RecordType; cleverId: string; entry: ShadowEntry }[]> {
    const rows = await query<ShadowRow>(
      em,
      `select ${COLUMNS} from shadow_record s where s.clever_district_id = ? and s.force_republish and s.status = 'removed'
       order by s.record_type, s.clever_id limit ?`,
      [districtId, limit],
    );
    return rows.map((r) => ({ recordType: r.record_type, cleverId: r.clever_id, entry: entryOf(r) }));
  }

  /** The district's own row (its version is shared by `upserted` and `disconnected`). */
  async district(em: EntityManager, districtId: string): Promise<ShadowEntry | undefined> {
    return (await this.load(em, 'district', [districtId])).get(districtId);
  }
}
