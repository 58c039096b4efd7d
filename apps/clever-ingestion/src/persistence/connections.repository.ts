import { execute, query, type EntityManager } from '@roster/persistence';

export interface ConnectionRow {
  clever_district_id: string;
  state: 'connected' | 'disconnected';
  state_since: string;
  disconnected_reason: string | null;
  safeguard_threshold_percent: string | number | null;
  events_cursor: string | null;
  events_cursor_at: string | null;
  cursor_initialized: boolean;
  last_events_poll_at: string | null;
  next_events_poll_at: string;
  next_full_sync_at: string | null;
  last_full_sync_at: string | null;
  last_successful_full_sync_at: string | null;
}

/** District connections: state, settings, events cursor and schedule claims. */
export class ConnectionsRepository {
  async get(em: EntityManager, districtId: string): Promise<ConnectionRow | undefined> {
    const [row] = await query<ConnectionRow>(em, `select * from district_connection where clever_district_id = ?`, [districtId]);
    return row;
  }

  async all(em: EntityManager): Promise<ConnectionRow[]> {
    return query<ConnectionRow>(em, `select * from district_connection order by clever_district_id`);
  }

  /** Inserts a newly discovered district; false when it was known already. */
  async insertIfMissing(em: EntityManager, districtId: string, nextFullSyncAt: Date): Promise<boolean> {
    const rows = await query(
      em,
      `insert into district_connection (clever_district_id, next_full_sync_at) values (?, ?) on conflict (clever_district_id) do nothing returning clever_district_id`,
      [districtId, nextFullSyncAt.toISOString()],
    );
    return rows.length > 0;
  }

  /** disconnected → connected; false when it was not disconnected. */
  async reconnect(em: EntityManager, districtId: string): Promise<boolean> {
    const n = await execute(
      em,
      `update district_connection set state = 'connected', state_since = now(), disconnected_reason = null, updated_at = now()
       where clever_district_id = ? and state = 'disconnected'`,
      [districtId],
    );
    return n > 0;
  }

  /** connected → disconnected; false when it was not connected. */
  async disconnect(em: EntityManager, districtId: string, reason: string): Promise<boolean> {
    const n = await execute(
      em,
      `update district_connection set state = 'disconnected', state_since = now(), disconnected_reason = ?, updated_at = now()
       where clever_district_id = ? and state = 'connected'`,
      [reason, districtId],
    );
    return n > 0;
  }

  /** The events cursor after a full sync (null = the feed was empty: read it from its start next time). */
  async setCursorAfterFullSync(em: EntityManager, districtId: string, cursor: string | null, successful: boolean): Promise<void> {
    await execute(
      em,
      `update district_connection set events_cursor = ?, events_cursor_at = now(), cursor_initialized = true,
         last_full_sync_at = now(), last_successful_full_sync_at = case when ? then now() else last_successful_full_sync_at end,
         updated_at = now()
       where clever_district_id = ?`,
      [cursor, successful, districtId],
    );
  }

  async setCursor(em: EntityManager, districtId: string, cursor: string): Promise<void> {
    await execute(em, `update district_connection set events_cursor = ?, events_cursor_at = now(), updated_at = now() where clever_district_id = ?`, [cursor, districtId]);
  }

  async markSuccessfulFullSync(em: EntityManager, districtId: string): Promise<void> {
    await execute(em, `update district_connection set last_successful_full_sync_at = now(), updated_at = now() where clever_district_id = ?`, [districtId]);
  }

  async markPolled(em: EntityManager, districtId: string): Promise<void> {
    await execute(em, `update district_connection set last_events_poll_at = now() where clever_district_id = ?`, [districtId]);
  }

  /**
   * Claims up to `limit` districts whose events poll is due (each is claimed by one replica once per
   * interval; `skip locked` lets replicas claim side by side).
   */
  async claimDuePolls(em: EntityManager, intervalMs: number, limit: number, exclude: readonly string[] = []): Promise<string[]> {
    const rows = await query<{ clever_district_id: string }>(
      em,
      `update district_connection set next_events_poll_at = now() + (? * interval '1 millisecond')
       where clever_district_id in (
         select clever_district_id from district_connection
         where state = 'connected' and cursor_initialized and next_events_poll_at <= now()
           and not (clever_district_id = any(string_to_array(?, chr(31))))
         order by next_events_poll_at limit ? for update skip locked)
       returning clever_district_id`,
      [intervalMs, exclude.join(String.fromCharCode(31)), limit],
    );
    return rows.map((r) => r.clever_district_id);
  }

  /** Connected districts whose nightly run is due. */
  async dueFullSyncs(em: EntityManager): Promise<string[]> {
    const rows = await query<{ clever_district_id: string }>(
      em,
      `select clever_district_id from district_connection where state = 'connected' and next_full_sync_at <= now() order by clever_district_id`,
    );
    return rows.map((r) => r.clever_district_id);
  }

  /** Claims one district's nightly run when due; true for the one replica that gets it. */
  async claimFullSync(em: EntityManager, districtId: string, next: Date): Promise<boolean> {
    const n = await execute(
      em,
      `update district_connection set next_full_sync_at = ? where clever_district_id = ? and state = 'connected' and next_full_sync_at <= now()`,
      [next.toISOString(), districtId],
    );
    return n > 0;
  }

  /** Keeps the nightly schedule in step with the cron (a changed cron applies without waiting a day). */
  async alignNextFullSync(em: EntityManager, next: Date): Promise<void> {
    await execute(em, `update district_connection set next_full_sync_at = ? where next_full_sync_at is null or next_full_sync_at > ?`, [next.toISOString(), next.toISOString()]);
  }

  async setThreshold(em: EntityManager, districtId: string, percent: number): Promise<void> {
    await execute(em, `update district_connection set safeguard_threshold_percent = ?, updated_at = now() where clever_district_id = ?`, [percent, districtId]);
  }
}
