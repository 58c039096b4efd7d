import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { selectRows, sql, type EntityManager } from '@roster/persistence';
import { DistrictConnection } from './district-connection.entity';

const now = () => raw('now()');

/** District connections: state, settings, events cursor and schedule claims. Reads and writes only. */
@Injectable()
export class ConnectionsRepository {
  async get(em: EntityManager, districtId: string): Promise<DistrictConnection | null> {
    return em.findOne(DistrictConnection, { cleverDistrictId: districtId });
  }

  async all(em: EntityManager): Promise<DistrictConnection[]> {
    return em.find(DistrictConnection, {}, { orderBy: { cleverDistrictId: 'asc' } });
  }

  /** Inserts a newly discovered district; false when it was known already. */
  async insertIfMissing(em: EntityManager, districtId: string, nextFullSyncAt: Date): Promise<boolean> {
    const result = await em
      .createQueryBuilder(DistrictConnection)
      .insert({ cleverDistrictId: districtId, nextFullSyncAt })
      .onConflict('cleverDistrictId')
      .ignore()
      .execute('run');
    return result.affectedRows > 0;
  }

  /** disconnected → connected; false when it was not disconnected. */
  async reconnect(em: EntityManager, districtId: string): Promise<boolean> {
    const n = await em.nativeUpdate(
      DistrictConnection,
      { cleverDistrictId: districtId, state: 'disconnected' },
      { state: 'connected', stateSince: now(), disconnectedReason: null, tokenMissingSince: null, updatedAt: now() },
    );
    return n > 0;
  }

  /** Ids of the connected districts. */
  async connectedIds(em: EntityManager): Promise<string[]> {
    const rows = await em.find(DistrictConnection, { state: 'connected' }, { fields: ['cleverDistrictId'], orderBy: { cleverDistrictId: 'asc' } });
    return rows.map((r) => r.cleverDistrictId);
  }

  /** Token discovery did not list these connected districts: the grace starts now (unless it already runs). */
  async markTokenMissing(em: EntityManager, districtIds: readonly string[]): Promise<void> {
    if (districtIds.length === 0) return;
    await em.nativeUpdate(DistrictConnection, { cleverDistrictId: { $in: [...districtIds] }, state: 'connected', tokenMissingSince: null }, { tokenMissingSince: now() });
  }

  /** These districts have a token again: no grace runs for them. */
  async clearTokenMissing(em: EntityManager, districtIds: readonly string[]): Promise<void> {
    if (districtIds.length === 0) return;
    await em.nativeUpdate(DistrictConnection, { cleverDistrictId: { $in: [...districtIds] }, tokenMissingSince: { $ne: null } }, { tokenMissingSince: null });
  }

  /** Connected districts missing from token discovery for at least `graceMs`. */
  async tokenMissingLongerThan(em: EntityManager, graceMs: number): Promise<string[]> {
    const rows = await selectRows<{ clever_district_id: string }>(
      em,
      sql`select clever_district_id from district_connection
       where state = 'connected' and token_missing_since <= now() - (${graceMs} * interval '1 millisecond')
       order by clever_district_id`,
    );
    return rows.map((r) => r.clever_district_id);
  }

  /** connected → disconnected; false when it was not connected. */
  async disconnect(em: EntityManager, districtId: string, reason: string): Promise<boolean> {
    const n = await em.nativeUpdate(
      DistrictConnection,
      { cleverDistrictId: districtId, state: 'connected' },
      { state: 'disconnected', stateSince: now(), disconnectedReason: reason, updatedAt: now() },
    );
    return n > 0;
  }

  /** The events cursor after a full sync (null = the feed was empty: read it from its start next time). */
  async setCursorAfterFullSync(em: EntityManager, districtId: string, cursor: string | null, successful: boolean): Promise<void> {
    await em.nativeUpdate(
      DistrictConnection,
      { cleverDistrictId: districtId },
      {
        eventsCursor: cursor,
        eventsCursorAt: now(),
        cursorInitialized: true,
        lastFullSyncAt: now(),
        ...(successful ? { lastSuccessfulFullSyncAt: now() } : {}),
        updatedAt: now(),
      },
    );
  }

  async setCursor(em: EntityManager, districtId: string, cursor: string): Promise<void> {
    await em.nativeUpdate(DistrictConnection, { cleverDistrictId: districtId }, { eventsCursor: cursor, eventsCursorAt: now(), updatedAt: now() });
  }

  async markSuccessfulFullSync(em: EntityManager, districtId: string): Promise<void> {
    await em.nativeUpdate(DistrictConnection, { cleverDistrictId: districtId }, { lastSuccessfulFullSyncAt: now(), updatedAt: now() });
  }

  async markPolled(em: EntityManager, districtId: string): Promise<void> {
    await em.nativeUpdate(DistrictConnection, { cleverDistrictId: districtId }, { lastEventsPollAt: now() });
  }

  /** The district's safeguard settings: the fields given change, the others stay. */
  async setSafeguard(
    em: EntityManager,
    conn: DistrictConnection,
    change: { safeguardThresholdPercent?: number; safeguardThresholds?: { students?: number; teachers?: number; staff?: number }; safeguardMinimumCount?: number },
  ): Promise<void> {
    if (change.safeguardThresholdPercent !== undefined) conn.safeguardThresholdPercent = change.safeguardThresholdPercent;
    const roles = change.safeguardThresholds;
    if (roles?.students !== undefined) conn.safeguardStudentsPercent = roles.students;
    if (roles?.teachers !== undefined) conn.safeguardTeachersPercent = roles.teachers;
    if (roles?.staff !== undefined) conn.safeguardStaffPercent = roles.staff;
    if (change.safeguardMinimumCount !== undefined) conn.safeguardMinimumCount = change.safeguardMinimumCount;
    conn.updatedAt = new Date();
    await em.flush();
  }

  /** The next version of the district's `roster.sync-runs.v1` events (one counter per district). */
  async nextRunEventsVersion(em: EntityManager, districtId: string): Promise<number> {
    const row = (await em
      .createQueryBuilder(DistrictConnection)
      .update({ runEventsVersion: raw('run_events_version + 1') })
      .where({ cleverDistrictId: districtId })
      .returning(['runEventsVersion'])
      .execute('get')) as { runEventsVersion: number | string } | undefined;
    return Number(row?.runEventsVersion ?? 0);
  }

  /**
   * Claims up to `limit` districts whose events poll is due (each is claimed by one replica once per
   * interval; `skip locked` lets replicas claim side by side). A set-based claim: SQL.
   */
  async claimDuePolls(em: EntityManager, intervalMs: number, limit: number, exclude: readonly string[] = []): Promise<string[]> {
    const rows = await selectRows<{ clever_district_id: string }>(
      em,
      sql`update district_connection set next_events_poll_at = now() + (${intervalMs} * interval '1 millisecond')
       where clever_district_id in (
         select clever_district_id from district_connection
         where state = 'connected' and cursor_initialized and next_events_poll_at <= now()
           and not (clever_district_id = any(${[...exclude]}::text[]))
         order by next_events_poll_at limit ${limit} for update skip locked)
       returning clever_district_id`,
    );
    return rows.map((r) => r.clever_district_id);
  }

  /** Connected districts whose nightly run is due. */
  async dueFullSyncs(em: EntityManager): Promise<string[]> {
    const rows = await em.find(
      DistrictConnection,
      { state: 'connected', nextFullSyncAt: { $lte: now() } },
      { fields: ['cleverDistrictId'], orderBy: { cleverDistrictId: 'asc' } },
    );
    return rows.map((r) => r.cleverDistrictId);
  }

  /** Claims one district's nightly run when due; true for the one replica that gets it. */
  async claimFullSync(em: EntityManager, districtId: string, next: Date): Promise<boolean> {
    const n = await em.nativeUpdate(
      DistrictConnection,
      { cleverDistrictId: districtId, state: 'connected', nextFullSyncAt: { $lte: now() } },
      { nextFullSyncAt: next },
    );
    return n > 0;
  }

  /** Keeps the nightly schedule in step with the cron (a changed cron applies without waiting a day). */
  async alignNextFullSync(em: EntityManager, next: Date): Promise<void> {
    await em.nativeUpdate(DistrictConnection, { $or: [{ nextFullSyncAt: null }, { nextFullSyncAt: { $gt: next } }] }, { nextFullSyncAt: next });
  }
}
