import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { PurgedTokensRepository } from '../../persistence/purged-tokens.repository';
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
  /** Connected, but not in the token list this time: the grace (CLEVER_TOKEN_MISSING_GRACE_MS) runs. */
  missing: string[];
  /** Missing from the token list for longer than the grace: disconnected now (`token_missing`). */
  disconnected: string[];
}

export type DisconnectReason = 'token_revoked' | 'token_missing';

/**
 * Which districts the app is connected to. Discovery (`/oauth/tokens`, plus CLEVER_DISTRICT_TOKENS) adds
 * new districts and reconnects returning ones, each with a full sync queued; a revoked token (401 after
 * re-resolution) disconnects the district: `roster.district.disconnected`, queued runs fail, and
 * nothing is deleted — the shadow index stays, so a reconnect restores rather than recreates. A district
 * the token list no longer names is disconnected the same way (`token_missing`) once it has been missing
 * for the grace (`settings.tokenMissingGraceMs`; the start is kept in the database, so replicas and
 * restarts agree); when its token is listed again it reconnects like any returning district.
 */
@Injectable()
export class ConnectDistrictsHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
    @Inject(PurgedTokensRepository) private readonly purgedTokens: PurgedTokensRepository,
  ) {}

  async discover(): Promise<DiscoveryResult> {
    const { clever, schedule, logger } = this.ctx;
    const { connections, runs } = this;
    const found = await clever.discover();
    const connected = await this.withoutPurged(found.connected);
    const { listed } = found;
    const result: DiscoveryResult = { connected, added: [], reconnected: [], missing: [], disconnected: [] };
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
    // Only a token list that was read says anything about who is missing from it.
    if (listed) await this.checkMissing(new Set(connected), result);
    return result;
  }

  /**
   * Districts whose token belongs to a purged district are skipped: the purge is remembered in the database
   * (`purged_token`), so neither a restart nor another replica reconnects it with the token Clever still
   * lists. A new token (the district authorised the app again) is a new district (docs/privacy.md).
   */
  private async withoutPurged(connected: readonly string[]): Promise<string[]> {
    const { clever, logger } = this.ctx;
    const fingerprints = new Map(connected.map((id) => [id, clever.fingerprint(id)]));
    const purged = await this.purgedTokens.purged(fork(this.ctx), [...fingerprints.values()].filter((f): f is string => f !== undefined));
    if (purged.size === 0) return [...connected];
    const skipped = connected.filter((id) => purged.has(fingerprints.get(id) ?? ''));
    for (const id of skipped) clever.forget(id, 'token_revoked');
    logger.warn({ districtIds: skipped }, 'purged districts still listed by Clever with the same token: not reconnected');
    return connected.filter((id) => !skipped.includes(id));
  }

  private async checkMissing(connected: ReadonlySet<string>, result: DiscoveryResult): Promise<void> {
    const { connections } = this;
    const known = await connections.connectedIds(fork(this.ctx));
    result.missing = known.filter((districtId) => !connected.has(districtId));
    await fork(this.ctx).transactional(async (em) => {
      await connections.clearTokenMissing(em, known.filter((districtId) => connected.has(districtId)));
      await connections.markTokenMissing(em, result.missing);
    });
    if (result.missing.length > 0) this.ctx.logger.warn({ districtIds: result.missing, graceMs: this.ctx.settings.tokenMissingGraceMs }, 'connected districts missing from token discovery');
    for (const districtId of await connections.tokenMissingLongerThan(fork(this.ctx), this.ctx.settings.tokenMissingGraceMs)) {
      if (connected.has(districtId)) continue;
      if (await this.disconnect(districtId, 'token_missing')) result.disconnected.push(districtId);
    }
  }

  /** The district's token is revoked (or gone): mark it disconnected once, publish it, keep everything. */
  async disconnect(districtId: string, reason: DisconnectReason): Promise<boolean> {
    const { clever, logger } = this.ctx;
    const { connections, runs, runEvents } = this;
    clever.forget(districtId, reason);
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
