import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { noQuery, placementBody, placementSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const recordPlacement = defineEndpoint({
  method: 'POST',
  path: '/placements',
  operationId: 'recordPlacement',
  tag: 'Students',
  summary: 'Record a placement-test result for a student (staff of the student\'s school)',
  query: noQuery,
  body: placementBody,
  status: 201,
  response: placementSchema,
  errors: [403, 404],
});

@Controller()
export class PlacementsCommandController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(recordPlacement)
  async record(@Input() input: InputOf<typeof recordPlacement>, @Auth() { principal }: AuthContext) {
    return this.upstreams.classes.call(asUser(principal), 'POST', path`/placements`, placementSchema, { body: input.body });
  }
}
