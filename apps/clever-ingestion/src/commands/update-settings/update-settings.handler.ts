import { z } from 'zod';
import type { Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { authorizeDistrictAdmin } from '../../application/access';
import { districtNotFound } from '../../application/errors';
import { fork, type IngestionContext } from '../../runtime/context';

export interface IngestionDistrictSettings {
  /** Mass-change safeguard threshold, in percent of the district's active users. */
  safeguardThresholdPercent: number;
}

/** The PATCH body (validated after the access check, so an outsider learns nothing from a 400). */
export const settingsBody = z.object({ safeguardThresholdPercent: z.number().min(0).max(100) }).strict();

/** PATCH …/settings: a district admin sets the district's safeguard threshold. */
export class UpdateSettingsHandler {
  constructor(private readonly ctx: IngestionContext) {}

  async execute(caller: Caller, cleverDistrictId: string, body: unknown): Promise<IngestionDistrictSettings> {
    authorizeDistrictAdmin(caller, cleverDistrictId);
    const input: IngestionDistrictSettings = parseInput(settingsBody, body);
    const em = fork(this.ctx);
    const conn = await this.ctx.connections.get(em, cleverDistrictId);
    if (!conn) throw districtNotFound();
    await this.ctx.connections.setThreshold(em, conn, input.safeguardThresholdPercent);
    this.ctx.logger.info({ districtId: cleverDistrictId, safeguardThresholdPercent: input.safeguardThresholdPercent }, 'safeguard threshold changed');
    return { safeguardThresholdPercent: input.safeguardThresholdPercent };
  }
}
