import { Controller, Inject } from '@nestjs/common';
import { Auth, Endpoint, defineEndpoint, type AuthContext } from '../../api/endpoint';
import { asPage, asUser } from '../../api/helpers';
import { courseSchema, noQuery, pageSchema } from '../../api/schemas';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';
import { courseListSchema } from '@roster/internal-api';

export const listCourses = defineEndpoint({
  method: 'GET',
  path: '/courses',
  operationId: 'listCourses',
  tag: 'Classes',
  summary: 'The program\'s course catalog (one page: `nextCursor` is always null)',
  query: noQuery,
  response: pageSchema(courseSchema),
});

@Controller()
export class CoursesController {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstreams) {}

  @Endpoint(listCourses)
  async list(@Auth() { principal }: AuthContext) {
    return asPage(await this.upstreams.classes.get(asUser(principal), path`/courses`, courseListSchema));
  }
}
