import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@roster/authz';
import { ingestionSettingsBodySchema, type IngestionSettingsBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtNotFound } from '../../common/errors';
import { defaultSafeguard } from '../../domain/safeguard';
import { safeguardSettingsOf } from '../../persistence/district-connection.entity';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';

/** What a settings change answers: the fields sent, as stored (the contract: `ingestionSettingsUpdatedSchema`). */
export type IngestionDistrictSettings = IngestionSettingsBody;

/**
 * PATCH …/settings: a district admin sets the district's safeguard — the whole district's threshold, the
 * thresholds per role (students, teachers, staff), and the minimum number of archives of a role that may hold a run.
 */
@Injectable()
export class UpdateSettingsHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
  ) {}

  async execute(caller: Caller, cleverDistrictId: string, body: unknown): Promise<IngestionDistrictSettings> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    // Validated after the access check: an outsider learns nothing from a 400.
    const input = parseInput(ingestionSettingsBodySchema, body);
    const em = fork(this.ctx);
    const conn = await this.connections.get(em, cleverDistrictId);
    if (!conn) throw districtNotFound();
    await this.connections.setSafeguard(em, conn, input);
    const stored = safeguardSettingsOf(conn, defaultSafeguard(this.ctx.settings));
    const answer: IngestionDistrictSettings = {};
    if (input.safeguardThresholdPercent !== undefined) answer.safeguardThresholdPercent = stored.thresholdPercent;
    if (input.safeguardThresholds !== undefined) answer.safeguardThresholds = stored.roles;
    if (input.safeguardMinimumCount !== undefined) answer.safeguardMinimumCount = stored.minimumCount;
    this.ctx.logger.info({ districtId: cleverDistrictId, ...answer }, 'safeguard settings changed');
    return answer;
  }
}
