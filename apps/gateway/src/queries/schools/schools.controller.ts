import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { pageQuery, pageSchema, schoolSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';
import { schoolPageSchema } from '@roster/internal-api';

export const listSchools = defineEndpoint({
  method: 'GET',
  path: '/schools',
  operationId: 'listSchools',
  tag: 'Schools',
  summary: 'Schools the caller can see (district admins: every school of the district), sorted by name',
  query: pageQuery,
  response: pageSchema(schoolSchema),
});

@Controller()
export class SchoolsController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listSchools)
  async list(@Input() input: InputOf<typeof listSchools>, @Auth() { principal }: AuthContext) {
    return this.upstreams.identity.get(asUser(principal), path`/districts/${principal.districtId}/schools`, schoolPageSchema, input.query);
  }
}
