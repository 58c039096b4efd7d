import { Events } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { query } from '@roster/persistence';
import type { IngestionContext } from '../../runtime/context';
import type { RunRow } from '../../persistence/runs.repository';

export interface DiscoveryResult {
  /** Districts with a usable token now. */
  connected: string[];
  /** First seen now: an initial full sync is queued. */
  added: string[];
  /** Were disconnected, have a token again: a full sync is queued. */
  reconnected: string[];
}

/**
 * Which districts the app is connected to. Discovery (`/oauth/tokens`, plus CLEVER_DISTRICT_TOKENS) adds
 * new districts and reconnects returning ones, each with a full sync queued; a revoked token (401 after
 * re-resolution) disconnects the district: `roster.district.disconnected`, queued runs fail, and
 * nothing is deleted — the shadow index stays, so a reconnect restores rather than recreates.
 */
export class DistrictConnections {
  constructor(private readonly ctx: IngestionContext) {}

  async discover(): Promise<DiscoveryResult> {
    const connected = await this.ctx.clever.discover();
    const result: DiscoveryResult = { connected, added: [], reconnected: [] };
    const next = this.ctx.schedule.next();
    for (const districtId of connected) {
      await this.ctx.orm.em.fork().transactional(async (em) => {
        if (await this.ctx.connections.insertIfMissing(em, districtId, next)) {
          await this.ctx.runs.queueFull(em, districtId, 'initial');
          result.added.push(districtId);
        } else if (await this.ctx.connections.reconnect(em, districtId)) {
          await this.ctx.runs.queueFull(em, districtId, 'initial');
          result.reconnected.push(districtId);
        }
      });
    }
    if (result.added.length || result.reconnected.length) {
      this.ctx.logger.info({ added: result.added, reconnected: result.reconnected }, 'districts connected');
    }
    return result;
  }

  /** The district's token is revoked (or gone): mark it disconnected once, publish it, keep everything. */
  async disconnect(districtId: string, reason: 'token_revoked' | 'token_missing'): Promise<boolean> {
    this.ctx.clever.forget(districtId);
    const changed = await this.ctx.orm.em.fork().transactional(async (em) => {
      if (!(await this.ctx.connections.disconnect(em, districtId, reason))) return false;
      await this.publishDisconnected(em, districtId, reason);
      const queued = await query<RunRow>(
        em,
        `update sync_run set status = 'failed', finished_at = now(), error_code = 'DISTRICT_DISCONNECTED',
           error_message = 'the district disconnected before the run started'
         where clever_district_id = ? and status = 'queued' returning *`,
        [districtId],
      );
      for (const run of queued) await this.ctx.runs.publish(em, run, 'failed');
      return true;
    });
    if (changed) this.ctx.logger.warn({ districtId, reason }, 'district disconnected');
    return changed;
  }

  private async publishDisconnected(em: EntityManager, districtId: string, reason: 'token_revoked' | 'token_missing'): Promise<void> {
    const entry = await this.ctx.shadow.district(em, districtId);
    const version = (entry?.version ?? 0) + 1;
    // The district's hash is cleared so that the first sync after a reconnect publishes it again.
    await this.ctx.shadow.write(em, districtId, [
      {
        recordType: 'district',
        cleverId: districtId,
        entry: {
          hash: null,
          version,
          status: 'active',
          lastSeenRun: entry?.lastSeenRun ?? null,
          sourceEventId: entry?.sourceEventId ?? null,
          forceRepublish: false,
          republishCount: 0,
        },
      },
    ]);
    await this.ctx.outbox.add(em, Events.districtDisconnected, {
      id: `disconnect:${districtId}:v${version}`,
      subject: districtId,
      districtId,
      version,
      data: { cleverDistrictId: districtId, reason },
    });
  }
}
