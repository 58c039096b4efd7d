import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { districtAccess, enforce } from '@roster/authz';
import { syncStatusSchema as internalSyncStatus } from '@roster/internal-api';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, syncStatusSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getDistrictSync = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/sync',
  operationId: 'getDistrictSync',
  tag: 'Sync',
  summary: 'Sync status of the district: connection, cursor age, recent runs and their counts, rejected records, held run',
  description: 'District admins of the district only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.',
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
    enforce(districtAccess(principal, input.params.id, 'admin'));
    // The principal carries the district's Clever id (resolved by identity at sign-in and on every request).
    const body = await this.upstreams.ingestion.get(asUser(principal), path`/districts/${principal.cleverDistrictId}/sync`, internalSyncStatus);
    return { districtId: principal.districtId, ...body };
  }
}
