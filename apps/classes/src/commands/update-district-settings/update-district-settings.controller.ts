import { Body, Controller, Inject, Param, Patch, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { parseInput } from '@roster/problems';
import { actorOf, requireDistrictAdmin, staffCaller } from '../../common/access';
import { writeAudit } from '../../common/audit.repository';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { uuidParam } from '../../common/params';
import { readSettings, writeSettings, type DistrictSettings } from '../../common/district-settings.repository';

const settingsBody = z.object({ placementRequired: z.boolean() });

/** PATCH /internal/v1/districts/:districtId/settings — district admins. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class UpdateDistrictSettingsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Patch('districts/:districtId/settings')
  async update(@CurrentCaller() caller: Caller, @Param('districtId') districtParam: string, @Body() body: unknown): Promise<DistrictSettings> {
    const p = staffCaller(caller);
    const districtId = uuidParam(districtParam, 'districtId');
    requireDistrictAdmin(p, districtId);
    const input = parseInput(settingsBody, body);
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const current = await readSettings(em, districtId, true);
      const next = { districtId, placementRequired: input.placementRequired };
      if (current.placementRequired !== next.placementRequired) {
        await writeSettings(em, next);
        await writeAudit(em, [
          { districtId, actor, action: 'district.settings.updated', targetType: 'district', targetId: districtId, details: { placementRequired: next.placementRequired } },
        ]);
        this.ctx.logger.info({ districtId, placementRequired: next.placementRequired, actorId: actor.id }, 'district settings updated');
      }
      return next;
    });
  }
}
