import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { requireDistrict, staffCaller } from '../../common/access';
import { CLASSES_CONTEXT, type ClassesContext } from '../../common/context';
import { readSettings, type DistrictSettings } from '../../common/district-settings.repository';
import { uuidParam } from '../../common/params';

/** GET /internal/v1/districts/:districtId/settings — staff of the district. */
@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictSettingsController {
  constructor(@Inject(CLASSES_CONTEXT) private readonly ctx: ClassesContext) {}

  @Get('districts/:districtId/settings')
  async get(@CurrentCaller() caller: Caller, @Param('districtId') districtParam: string): Promise<DistrictSettings> {
    const p = staffCaller(caller);
    const districtId = uuidParam(districtParam, 'districtId');
    requireDistrict(p, districtId, 'DISTRICT_NOT_FOUND', 'District');
    return readSettings(this.ctx.orm.em.fork(), districtId);
  }
}
