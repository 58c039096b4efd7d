import { Controller, Inject } from '@nestjs/common';
import { districtAccess, enforce } from '@roster/authz';
import { Auth, Endpoint, Input, defineEndpoint, type AuthContext, type InputOf } from '../../api/endpoint';
import { asUser } from '../../api/helpers';
import { districtParams, noQuery, schoolYearListSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';

export const listSchoolYears = defineEndpoint({
  method: 'GET',
  path: '/districts/{id}/school-years',
  operationId: 'listSchoolYears',
  tag: 'Districts',
  summary: "The district's school years, the current one first (classes belong to the year they were created in)",
  description:
    'Staff of the district. A district that never rolled over has one current year derived from the date (July 1 starts a year).',
  params: districtParams,
  query: noQuery,
  response: schoolYearListSchema,
  errors: [403, 404],
});

@Controller()
export class SchoolYearsQueryController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listSchoolYears)
  async list(@Input() input: InputOf<typeof listSchoolYears>, @Auth() { principal }: AuthContext) {
    enforce(districtAccess(principal, input.params.id));
    return this.upstreams.classes.get(asUser(principal), path`/districts/${principal.districtId}/school-years`, schoolYearListSchema);
  }
}
