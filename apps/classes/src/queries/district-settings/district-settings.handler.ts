import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, requireStaff, type Caller } from '@roster/authz';
import type { ClassesSettingsBody } from '@roster/internal-api';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { DistrictSettingsRepository } from '../../persistence/district-settings.repository';
import { SchoolYearsRepository } from '../../persistence/school-years.repository';

/** The district's settings (staff of the district). */
@Injectable()
export class DistrictSettingsHandler {
  constructor(
    @Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext,
    @Inject(DistrictSettingsRepository) private readonly settings: DistrictSettingsRepository,
    @Inject(SchoolYearsRepository) private readonly years: SchoolYearsRepository,
  ) {}

  async execute(caller: Caller, districtId: string): Promise<ClassesSettingsBody> {
    enforce(districtAccess(requireStaff(caller), districtId));
    const em = this.ctx.orm.em.fork();
    const settings = await this.settings.read(em, districtId);
    return { ...settings, placementValidity: await this.years.placementValidity(em, districtId) };
  }
}
