import { Controller, Inject } from '@nestjs/common';
import { ProblemError } from '@roster/problems';
import { Auth, Endpoint, defineEndpoint, type AuthContext } from '../../api/endpoint';

import { meSchema, noQuery } from '../../api/schemas';
import { GATEWAY_CALLER } from '../../auth/principal-resolver';
import { scopeSummary } from '../../domain/scope-summary';
import { TtlCache } from '../../domain/ttl-cache';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';
import { districtSchema, type DistrictBody } from '@roster/internal-api';

export const getMe = defineEndpoint({
  method: 'GET',
  path: '/me',
  operationId: 'getMe',
  tag: 'Sign-in',
  auth: 'signed-in',
  summary: 'The signed-in account, its district and its scope',
  description:
    'The account\'s fields (`id`, `name`, `roles`, `schools` with `primary`…), `district` and `scope`. Also answers students ' +
    '(with `scope.adminApi: false`); everything else answers them 403 STUDENT_NO_ACCESS.',
  query: noQuery,
  response: meSchema,
});

@Controller()
export class MeController {
  private readonly districts = new TtlCache<string, DistrictBody>(60_000, 1_000);

  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getMe)
  async me(@Auth() auth: AuthContext) {
    return { ...auth.account, district: await this.district(auth.principal.districtId), scope: scopeSummary(auth.principal), authenticatedWith: auth.via };
  }

  /** The district's name for display (asked as the system: students may not read it themselves). */
  private async district(districtId: string): Promise<DistrictBody | null> {
    const cached = this.districts.get(districtId);
    if (cached) return cached;
    try {
      const district = await this.upstreams.identity.get(GATEWAY_CALLER, path`/districts/${districtId}`, districtSchema);
      this.districts.set(districtId, district);
      return district;
    } catch (error) {
      if (error instanceof ProblemError) return null;
      throw error;
    }
  }
}
