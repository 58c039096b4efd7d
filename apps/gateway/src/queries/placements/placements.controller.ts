import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asPage, asUser } from '../../api/helpers';
import { placementListSchema } from '@roster/internal-api';
import { idParams, noQuery, pageSchema, placementSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listPlacements = defineEndpoint({
  method: 'GET',
  path: '/students/{id}/placements',
  operationId: 'listStudentPlacements',
  tag: 'Students',
  summary: 'A student\'s placements, newest first (the first is the one that counts); one page',
  params: idParams,
  query: noQuery,
  response: pageSchema(placementSchema),
  errors: [404],
});

@Controller()
export class PlacementsQueryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listPlacements)
  async list(@Input() input: InputOf<typeof listPlacements>, @Auth() { principal }: AuthContext) {
    return asPage(await this.upstreams.classes.get(asUser(principal), path`/students/${input.params.id}/placements`, placementListSchema));
  }
}
