import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, notFoundError, requireStaff, systemCaller, type Caller } from '@roster/authz';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext, SYSTEM_CALLERS } from '../../identity.tokens';
import { DistrictsRepository } from '../../persistence/districts.repository';
import { districtView, type DistrictView } from '../views';

/** District look-ups of the internal API. */
@Injectable()
export class DistrictsHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly districts: DistrictsRepository,
  ) {}

  /** Every district identity knows (by name), with its connection status. The platform only. */
  async list(caller: Caller): Promise<{ data: DistrictView[] }> {
    enforce(systemCaller(caller, SYSTEM_CALLERS));
    return { data: (await this.districts.listNamed(this.ctx.orm.em.fork())).map(districtView) };
  }

  /** The platform, or a staff user of that district. */
  async get(caller: Caller, districtId: string): Promise<DistrictView> {
    if (caller.kind === 'system') enforce(systemCaller(caller, SYSTEM_CALLERS));
    else enforce(districtAccess(requireStaff(caller), districtId));
    const district = isUuid(districtId) ? await this.districts.findById(this.ctx.orm.em.fork(), districtId) : undefined;
    if (!district) throw notFoundError('district');
    return districtView(district);
  }
}
