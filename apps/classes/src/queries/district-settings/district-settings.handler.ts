import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import type { DistrictSettings } from '../../persistence/district.entity';
import { DistrictSettingsRepository } from '../../persistence/district-settings.repository';

/** The district's settings (staff of the district). */
@Injectable()
export class DistrictSettingsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(DistrictSettingsRepository) private readonly settings: DistrictSettingsRepository,
  ) {}

  async execute(caller: Caller, districtId: string): Promise<DistrictSettings> {
    enforce(districtAccess(requireStaff(caller), districtId));
    return this.settings.read(this.ctx.orm.em.fork(), districtId);
  }
}
