import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import type { DistrictSettings } from '../../persistence/district.entity';
import { AuditRepository } from '../../persistence/audit.repository';
import { DistrictSettingsRepository } from '../../persistence/district-settings.repository';

/** Changes the district's settings (district admins); an unchanged value writes nothing. */
@Injectable()
export class UpdateDistrictSettingsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(DistrictSettingsRepository) private readonly settings: DistrictSettingsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, districtId: string, input: { placementRequired: boolean }): Promise<DistrictSettings> {
    const p = requireStaff(caller);
    enforce(districtAccess(p, districtId, 'admin'));
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const current = await this.settings.read(em, districtId, true);
      const next = { districtId, placementRequired: input.placementRequired };
      if (current.placementRequired !== next.placementRequired) {
        await this.settings.write(em, next);
        await this.audit.write(em, [
          { districtId, actor, action: 'district.settings.updated', targetType: 'district', targetId: districtId, details: { placementRequired: next.placementRequired } },
        ]);
        this.ctx.logger.info({ districtId, placementRequired: next.placementRequired, actorId: actor.id }, 'district settings updated');
      }
      return next;
    });
  }
}
