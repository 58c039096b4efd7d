import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@roster/authz';
import { ingestionSettingsBodySchema, type IngestionSettingsBody } from '@roster/internal-api';
import { parseInput } from '@roster/problems';
import { authorizeDistrictAdmin } from '../../common/access';
import { districtNotFound } from '../../common/errors';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../../runtime/context';
import { ConnectionsRepository } from '../../persistence/connections.repository';

/** The district's ingestion settings: the mass-change safeguard threshold, in percent of its active users. */
export type IngestionDistrictSettings = IngestionSettingsBody;

/** PATCH …/settings: a district admin sets the district's safeguard threshold. */
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
    await this.connections.setThreshold(em, conn, input.safeguardThresholdPercent);
    this.ctx.logger.info({ districtId: cleverDistrictId, safeguardThresholdPercent: input.safeguardThresholdPercent }, 'safeguard threshold changed');
    return { safeguardThresholdPercent: input.safeguardThresholdPercent };
  }
}
