import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import type { ClassesSettingsBody } from '@roster/internal-api';
import { actorOf, CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import type { PlacementValidity } from '../../domain/school-year';
import { AuditRepository } from '../../persistence/audit.repository';
import { DistrictSettingsRepository } from '../../persistence/district-settings.repository';
import { SchoolYearsRepository } from '../../persistence/school-years.repository';

/** Changes the district's settings (district admins); an unchanged value writes nothing. */
@Injectable()
export class UpdateDistrictSettingsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(DistrictSettingsRepository) private readonly settings: DistrictSettingsRepository,
    @Inject(SchoolYearsRepository) private readonly years: SchoolYearsRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Caller, districtId: string, input: { placementRequired?: boolean; placementValidity?: PlacementValidity }): Promise<ClassesSettingsBody> {
    const p = requireStaff(caller);
    enforce(districtAccess(p, districtId, 'admin'));
    const actor = actorOf(p);
    return this.ctx.orm.em.fork().transactional(async (em) => {
      const current = await this.settings.read(em, districtId, true);
      const currentValidity = await this.years.placementValidity(em, districtId);
      const next = {
        districtId,
        placementRequired: input.placementRequired ?? current.placementRequired,
        placementValidity: input.placementValidity ?? currentValidity,
      };
      const changed: Record<string, unknown> = {};
      if (current.placementRequired !== next.placementRequired) {
        await this.settings.write(em, { districtId, placementRequired: next.placementRequired });
        changed.placementRequired = next.placementRequired;
      }
      if (currentValidity !== next.placementValidity) {
        await this.years.setPlacementValidity(em, districtId, next.placementValidity);
        changed.placementValidity = next.placementValidity;
      }
      if (Object.keys(changed).length > 0) {
        await this.audit.write(em, [{ districtId, actor, action: 'district.settings.updated', targetType: 'district', targetId: districtId, details: changed }]);
        this.ctx.logger.info({ districtId, ...changed, actorId: actor.id }, 'district settings updated');
      }
      return next;
    });
  }
}
