import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CurrentCaller, InternalAuthGuard } from '@roster/auth';
import { type Caller } from '@roster/authz';
import { query, type MikroORM } from '@roster/persistence';
import { districtNotFound, isUuid, requireSystem, staffScopeIn } from '../../http/access';
import { IDENTITY_ORM } from '../../http/tokens';
import { districtView, type DistrictView } from '../../http/views';
import { findDistrict } from '../../persistence/readers';
import { DISTRICT_COLUMNS, districtFromRow, type DistrictRow } from '../../persistence/rows';

@Controller('internal/v1')
@UseGuards(InternalAuthGuard)
export class DistrictsController {
  constructor(@Inject(IDENTITY_ORM) private readonly orm: MikroORM) {}

  /** Every district identity knows (by name), with its connection status. System only. */
  @Get('districts')
  async list(@CurrentCaller() caller: Caller): Promise<{ data: DistrictView[] }> {
    requireSystem(caller);
    const rows = await query<DistrictRow>(this.orm.em.fork(), `select ${DISTRICT_COLUMNS} from district d where d.name is not null order by lower(d.name), d.id`);
    return { data: rows.map((r) => districtView(districtFromRow(r))) };
  }

  /** The system, or a staff user of that district. */
  @Get('districts/:districtId')
  async get(@CurrentCaller() caller: Caller, @Param('districtId') districtId: string): Promise<DistrictView> {
    if (caller.kind === 'user') staffScopeIn(caller, districtId);
    if (!isUuid(districtId)) throw districtNotFound();
    const district = await findDistrict(this.orm.em.fork(), districtId);
    if (!district) throw districtNotFound();
    return districtView(district);
  }
}
