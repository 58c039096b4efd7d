import { Inject, Injectable } from '@nestjs/common';
import type { Envelope } from '@roster/contracts';
import type { EntityManager } from '@roster/persistence';
import type { RecordType } from '../../domain/normalize';
import { INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository } from '../../persistence/runs.repository';
import { ShadowRepository, type RepublishFlag } from '../../persistence/shadow.repository';

/** A dead-lettered event is republished at most this many times (a message that always fails stops looping). */
export const MAX_REPUBLISH = 3;

/** A dead-lettered roster event with the record type its DLQ topic carries (undefined: not ours). */
export interface DeadLetter {
  envelope: Envelope;
  recordType: RecordType | undefined;
}

/**
 * A batch of roster events dead-lettered by a consumer (identity) leaves that consumer's state stale for
 * the records: their shadow entries are flagged so that the next full sync publishes them again (a new
 * version, even though Clever's data did not change), and a full resync of each district is queued —
 * after a short debounce, so a burst of dead letters makes one run. At most MAX_REPUBLISH times per
 * record. Runs in the inbox's transaction (`em`).
 */
@Injectable()
export class DlqResyncHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
  ) {}

  async execute(em: EntityManager, letters: readonly DeadLetter[]): Promise<void> {
    const { settings, logger } = this.ctx;
    const { shadow, connections, runs } = this;
    const districts = new Set<string>();
    const flags: RepublishFlag[] = [];
    for (const { envelope: e, recordType } of letters) {
      if (!recordType || !e.districtId || !e.subject) continue;
      districts.add(e.districtId);
      flags.push({ recordType, cleverId: e.subject, cleverDistrictId: e.districtId });
    }
    await shadow.flagForRepublish(em, flags, MAX_REPUBLISH);
    for (const districtId of districts) {
      const known = await connections.get(em, districtId);
      if (!known || known.state !== 'connected') continue;
      const queued = await runs.queueFull(em, districtId, 'resync_request', settings.dlqResyncDebounceMs);
      logger.warn({ districtId, runId: queued.runId, coalesced: !queued.created }, 'dead-lettered roster event: district resync queued');
    }
  }
}
