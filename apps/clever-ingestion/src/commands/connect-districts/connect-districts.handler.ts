import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { ShadowRepository } from '../../persistence/shadow.repository';
import { SyncRunEvents } from '../../common/sync-run-events';

export interface DiscoveryResult {
  /** Districts with a usable token now. */
  connected: string[];
  /** First seen now: an initial full sync is queued. */
  added: string[];
  /** Were disconnected, have a token again: a full sync is queued. */
  reconnected: string[];
}

export type DisconnectReason = 'token_revoked' | 'token_missing';

/**
 * Which districts the app is connected to. Discovery (`/oauth/tokens`, plus CLEVER_DISTRICT_TOKENS) adds
 * new districts and reconnects returning ones, each with a full sync queued; a revoked token (401 after
 * re-resolution) disconnects the district: `roster.district.disconnected`, queued runs fail, and
 * nothing is deleted — the shadow index stays, so a reconnect restores rather than recreates.
 */
@Injectable()
export class ConnectDistrictsHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
  ) {}

  async discover(): Promise<DiscoveryResult> {
    const { clever, schedule, logger } = this.ctx;
    const { connections, runs } = this;
    const connected = await clever.discover();
    const result: DiscoveryResult = { connected, added: [], reconnected: [] };
    const next = schedule.next();
    for (const districtId of connected) {
      await fork(this.ctx).transactional(async (em) => {
        if (await connections.insertIfMissing(em, districtId, next)) {
          await runs.queueFull(em, districtId, 'initial');
          result.added.push(districtId);
        } else if (await connections.reconnect(em, districtId)) {
          await runs.queueFull(em, districtId, 'initial');
          result.reconnected.push(districtId);
        }
      });
    }
    if (result.added.length || result.reconnected.length) logger.info({ added: result.added, reconnected: result.reconnected }, 'districts connected');
    return result;
  }

  /** The district's token is revoked (or gone): mark it disconnected once, publish it, keep everything. */
  async disconnect(districtId: string, reason: DisconnectReason): Promise<boolean> {
    const { clever, logger } = this.ctx;
    const { connections, runs, runEvents } = this;
    clever.forget(districtId);
    const changed = await fork(this.ctx).transactional(async (em) => {
      if (!(await connections.disconnect(em, districtId, reason))) return false;
      await this.publishDisconnected(em, districtId, reason);
      const failed = await runs.failWhere(em, districtId, { status: 'queued' }, 'DISTRICT_DISCONNECTED', 'the district disconnected before the run started');
      for (const run of failed) await runEvents.publish(em, run, 'failed');
      return true;
    });
    if (changed) logger.warn({ districtId, reason }, 'district disconnected');
    return changed;
  }

  private async publishDisconnected(em: EntityManager, districtId: string, reason: DisconnectReason): Promise<void> {
    const { outbox } = this.ctx;
    const { shadow } = this;
    const entry = await shadow.district(em, districtId);
    const version = (entry?.version ?? 0) + 1;
    // The district's hash is cleared so that the first sync after a reconnect publishes it again.
    await shadow.write(em, districtId, [
      {
        recordType: 'district',
        cleverId: districtId,
        entry: { hash: null, version, status: 'active', lastSeenRun: entry?.lastSeenRun ?? null, sourceEventId: entry?.sourceEventId ?? null, forceRepublish: false, republishCount: 0 },
      },
    ]);
    await outbox.add(em, Events.districtDisconnected, { id: `disconnect:${districtId}:v${version}`, subject: districtId, districtId, version, data: { cleverDistrictId: districtId, reason } });
  }
}
