import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { districtAccess, enforce } from '@roster/authz';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, summarySchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const getSummary = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/summary',
  operationId: 'getDistrictSummary',
  tag: 'Districts',
  summary: 'Accounts per role (active/archived), in total and per school',
  description: 'District admins only (403 ACCESS.DISTRICT_ADMIN_REQUIRED); another district is 404 IDENTITY.DISTRICT_NOT_FOUND.',
  params: districtParams,
  query: noQuery,
  response: summarySchema,
  errors: [403, 404],
});

@Controller()
export class DistrictSummaryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(getSummary)
  async get(@Input() input: InputOf<typeof getSummary>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id, 'admin'));
    return this.upstreams.identity.get(asUser(principal), path`/districts/${principal.districtId}/summary`, summarySchema);
  }
}
