import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser, enforce, seg } from '../../api/helpers';
import { districtParams, noQuery, syncStatusSchema } from '../../api/schemas';
import { districtAccess } from '../../domain/scope';
import { UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getDistrictSync = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sync',
  operationId: 'getDistrictSync',
  tag: 'Sync',
  summary: 'Sync status of the district: connection, cursor age, recent runs and their counts, rejected records, held run',
  description: 'District admins of the district only (403 DISTRICT_ADMIN_REQUIRED); another district is 404.',
  params: districtParams,
  query: noQuery,
  response: syncStatusSchema,
  errors: [403, 404],
});

@Controller()
export class DistrictSyncQueryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getDistrictSync)
  async get(@Input() input: InputOf<typeof getDistrictSync>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'district_admin'));
    // The principal carries the district's Clever id (resolved by identity at sign-in and on every request).
    const body = await this.upstreams.ingestion.get<Record<string, unknown>>(asUser(principal), `/districts/${seg(principal.cleverDistrictId)}/sync`);
    return { districtId: principal.districtId, ...body };
  }
}
